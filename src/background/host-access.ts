/**
 * Keeps CORS Lens in step with the sites the user lets it see: answers the Firefox panel's
 * questions about access (it has no permissions API of its own), tells open panels about grants
 * and revocations, and calls `changed` when access or the panel prefs change (the page-side
 * scripts follow both: page-side.ts). Call once, synchronously, at the top level of the
 * background (a grant must wake a stopped worker / event page).
 */
import { serveAccess } from '../platform/hosts';
import { onLocalChange } from '../platform/local-storage';
import { PREFS_KEY } from './prefs';

export function watchHostAccess(changed: () => void): void {
  serveAccess(() => changed());
  onLocalChange(PREFS_KEY, () => changed());
}
