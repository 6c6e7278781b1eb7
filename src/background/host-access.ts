/**
 * Keeps CORS Lens in step with the sites the user lets it see: answers the Firefox panel's
 * questions about access (it has no permissions API of its own), tells open panels about grants
 * and revocations, and registers the page-side scripts for every granted site beyond the local
 * development hosts the manifest declares — the MAIN-world page hooks only while the user has
 * turned them on (PanelPrefs.pageHooks). Call once, synchronously, at the top level of the
 * background (a grant must wake a stopped worker / event page).
 */
import { syncPageSideScripts } from '../platform/content-scripts';
import { grantedOrigins, serveAccess } from '../platform/hosts';
import { onLocalChange } from '../platform/local-storage';
import { loadPrefs, PREFS_KEY, sanitizePrefs } from './prefs';

export function watchHostAccess(): void {
  let latest: Promise<void> = Promise.resolve();
  /** One sync at a time, in order: a grant and a toggle arriving together must not interleave. */
  const sync = (granted: () => Promise<string[]>, pageHooks: () => Promise<boolean>) => {
    latest = latest.then(async () => syncPageSideScripts(await granted(), await pageHooks())).catch((error: unknown) => console.warn('[CORS Lens] registering page-side scripts failed', error));
  };
  const hooksOn = async () => (await loadPrefs()).pageHooks === true;
  serveAccess((origins) => sync(async () => origins, hooksOn));
  onLocalChange(PREFS_KEY, (value) => sync(grantedOrigins, async () => sanitizePrefs(value).pageHooks === true));
  // Access may have changed while the background was stopped (the add-on manager, the site-access
  // menu): start from what is granted now.
  sync(grantedOrigins, hooksOn);
}
