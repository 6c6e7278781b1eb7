/**
 * The content scripts (src/content/). The page-side pair: the MAIN-world page hooks and the
 * isolated-world relay that forwards their records. Neither is declared in the built manifest
 * (scripts/page-side-manifest.ts strips them): a page can tell the hooks are there, and can make
 * the relay answer a forged handshake (issue 13), so both are registered with
 * `scripting.registerContentScripts` only while the user has turned "Read calls inside the page"
 * on, and only where CORS Lens records:
 * - DevTools open on a tab: the sites of that tab's page and frames (background/page-side-sites.ts),
 *   registered for this browser session only, gone when the last DevTools closes;
 * - "Record in the background" on: every site CORS Lens may access (the local development hosts
 *   granted at install, and the sites granted later).
 * Either way only sites CORS Lens may access, updated when access changes. No static `<all_urls>`
 * script either: that would make both browsers warn about "all your data on all websites" at install.
 *
 * And in Chrome, whatever that setting, the isolated-world service-worker watch (sw-watch.ts) on
 * the inspected tabs' sites, registered the same way; a document already loaded when DevTools
 * opened gets it injected (`injectServiceWorkerWatch`).
 */
import { ext } from './browser';
import { PAGE_HOOKS_FILE, RELAY_FILE, SW_WATCH_FILE } from '../shared/page-side-files';
import { coversAllSites, isCovered, isSocketPattern, ALL_SITES_PATTERN } from '../shared/host-patterns';

const ID_PREFIX = 'cors-lens-page-side-';

/** Our registrations now (for the test hooks). */
export async function registeredPageSideScripts(): Promise<Array<{ id: string; matches: string[] }>> {
  const scripting = ext.scripting;
  if (!scripting?.getRegisteredContentScripts) return [];
  const all = await scripting.getRegisteredContentScripts();
  return all.filter((s) => s.id.startsWith(ID_PREFIX)).map((s) => ({ id: s.id, matches: [...(s.matches ?? [])].sort() }));
}

/** Where the build puts the page-side scripts (crxjs keeps a standalone file's source path). */
export { PAGE_HOOKS_FILE, RELAY_FILE };

/** Where the page-side scripts go: every granted site, or these site patterns (`scheme://host/*`). */
export type PageSideSites = 'all-granted' | readonly string[];

/** The registrations (pure). Nothing while the page hooks are off or no site is wanted. */
export function dynamicRegistrations(granted: readonly string[], pageHooks: boolean, sites: PageSideSites = 'all-granted'): chrome.scripting.RegisteredContentScript[] {
  if (!pageHooks) return [];
  const matches = sites === 'all-granted' ? grantedMatches(granted) : sites.filter((p) => isCovered(p.replace(/\*$/, ''), granted));
  if (matches.length === 0) return [];
  // Inspected tabs' sites are this session's: a browser restart starts with DevTools closed.
  const common = { matches, allFrames: true, runAt: 'document_start' as const, persistAcrossSessions: sites === 'all-granted' };
  return [
    { id: `${ID_PREFIX}hooks`, js: [PAGE_HOOKS_FILE], ...common, world: 'MAIN' as chrome.scripting.ExecutionWorld },
    { id: `${ID_PREFIX}relay`, js: [RELAY_FILE], ...common },
  ];
}

/** The service-worker watch on these site patterns (`scheme://host/*`), those CORS Lens may access (pure). */
export function serviceWorkerWatchRegistrations(granted: readonly string[], sites: readonly string[]): chrome.scripting.RegisteredContentScript[] {
  const matches = sites.filter((p) => isCovered(p.replace(/\*$/, ''), granted));
  if (matches.length === 0) return [];
  return [{ id: `${ID_PREFIX}sw-watch`, js: [SW_WATCH_FILE], matches, allFrames: true, runAt: 'document_start', persistAcrossSessions: false }];
}

function grantedMatches(granted: readonly string[]): string[] {
  // With every site granted, one pattern says it all.
  return coversAllSites(granted) ? [ALL_SITES_PATTERN] : granted.filter((p) => p !== '<all_urls>' && !isSocketPattern(p));
}

/**
 * Makes the dynamic registrations match (idempotent; errors are logged, never thrown): the page-side
 * pair as `dynamicRegistrations` says, and the service-worker watch on `watchSites`.
 */
export async function syncPageSideScripts(granted: readonly string[], pageHooks: boolean, sites: PageSideSites = 'all-granted', watchSites: readonly string[] = []): Promise<void> {
  const scripting = ext.scripting;
  if (!scripting?.registerContentScripts) return;
  try {
    const wanted = [...dynamicRegistrations(granted, pageHooks, sites), ...serviceWorkerWatchRegistrations(granted, watchSites)];
    const ours = (await scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(ID_PREFIX));
    // A restarted worker syncs on every wake: leave an identical registration alone, so no page
    // loads in a gap between unregistering and registering.
    if (sameRegistrations(ours, wanted)) return;
    if (ours.length > 0) await scripting.unregisterContentScripts({ ids: ours.map((s) => s.id) });
    if (wanted.length > 0) await scripting.registerContentScripts(wanted);
  } catch (error) {
    console.warn('[CORS Lens] could not register the page-side scripts for the granted sites', error);
  }
}

function sameRegistrations(a: readonly chrome.scripting.RegisteredContentScript[], b: readonly chrome.scripting.RegisteredContentScript[]): boolean {
  const key = (s: chrome.scripting.RegisteredContentScript) =>
    JSON.stringify([s.id, s.js ?? [], [...(s.matches ?? [])].sort(), [...(s.excludeMatches ?? [])].sort(), s.world ?? 'ISOLATED', s.allFrames === true, s.runAt ?? 'document_idle', s.persistAcrossSessions !== false].map((v) => (Array.isArray(v) ? v.map((x) => x.replace(/^\//, '')) : v)));
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/**
 * Runs the service-worker watch in the tab's documents now (every frame CORS Lens may access): a
 * registration reaches only documents that start loading after it. Errors (a tab gone, a page
 * CORS Lens may not access) are not worth a word: the registration covers the next document.
 */
export async function injectServiceWorkerWatch(tabId: number): Promise<void> {
  try {
    await ext.scripting?.executeScript({ target: { tabId, allFrames: true }, files: [SW_WATCH_FILE], injectImmediately: true });
  } catch {
    // See above.
  }
}
