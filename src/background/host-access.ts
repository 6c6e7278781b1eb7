/**
 * Keeps CORS Lens in step with the sites the user lets it see: answers the Firefox panel's
 * questions about access (it has no permissions API of its own), tells open panels about grants
 * and revocations, and registers the page-side scripts for every granted site beyond the local
 * development hosts the manifest declares. Call once, synchronously, at the top level of the
 * background (a grant must wake a stopped worker / event page).
 */
import { syncPageSideScripts } from '../platform/content-scripts';
import { grantedOrigins, serveAccess } from '../platform/hosts';

export function watchHostAccess(): void {
  serveAccess((origins) => void syncPageSideScripts(origins));
  // Access may have changed while the background was stopped (the add-on manager, the site-access
  // menu): start from what is granted now.
  void grantedOrigins().then(syncPageSideScripts, (error: unknown) => console.warn('[CORS Lens] reading host access failed', error));
}
