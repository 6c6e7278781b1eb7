/**
 * The page-side scripts (src/content/) on sites the user granted later. The manifest declares the
 * relay only for the local development hosts (a static `<all_urls>` content script would make both
 * browsers warn about "all your data on all websites" at install); for every optional grant the
 * background registers the same files with `scripting.registerContentScripts`, and updates the
 * registration when access changes. The relay's file names come from the built manifest.
 *
 * The MAIN-world page hooks are never declared (scripts/page-side-manifest.ts strips them from the
 * built manifest): a page can tell they are there (issue 13), so they are registered — on the
 * local hosts and every granted site — only while the user has turned them on.
 */
import { ext } from './browser';
import { coversAllSites, isSocketPattern, ALL_SITES_PATTERN } from '../shared/host-patterns';

const ID_PREFIX = 'cors-lens-page-side-';
const HOOKS_ID = `${ID_PREFIX}hooks`;

/** Where the build puts the MAIN-world page hooks (crxjs keeps a standalone file's source path). */
export const PAGE_HOOKS_FILE = 'src/content/page-hooks.js';

type ManifestContentScript = NonNullable<chrome.runtime.Manifest['content_scripts']>[number] & { world?: 'MAIN' | 'ISOLATED' };

/** The registrations for `granted` (pure: what to register, given the manifest's static scripts). */
export function dynamicRegistrations(
  statics: readonly ManifestContentScript[],
  granted: readonly string[],
  /** This extension's root URL: Firefox's getManifest() lists scripts as absolute URLs, registration wants paths. */
  root = '',
  /** Whether the user turned the MAIN-world page hooks on. */
  pageHooks = false,
): chrome.scripting.RegisteredContentScript[] {
  const toPath = (file: string) => (root && file.startsWith(root) ? file.slice(root.length) : file).replace(/^\/+/, '');
  const staticMatches = new Set(statics.flatMap((s) => s.matches ?? []));
  // Sites beyond the static ones; with every site granted, one pattern says it all.
  const matches = coversAllSites(granted) ? [ALL_SITES_PATTERN] : granted.filter((p) => !staticMatches.has(p) && p !== '<all_urls>' && !isSocketPattern(p));
  const hooks: chrome.scripting.RegisteredContentScript[] = pageHooks
    ? [
        {
          id: HOOKS_ID,
          js: [PAGE_HOOKS_FILE],
          matches: matches.includes(ALL_SITES_PATTERN) ? matches : [...staticMatches, ...matches],
          allFrames: true,
          runAt: 'document_start',
          world: 'MAIN' as chrome.scripting.ExecutionWorld,
        },
      ]
    : [];
  if (matches.length === 0) return hooks;
  return [...hooks, ...statics.map((s, i) => {
    const reg: chrome.scripting.RegisteredContentScript = {
      id: `${ID_PREFIX}${i}`,
      js: (s.js ?? []).map(toPath),
      matches,
      // Never twice in one page: the static declaration already covers these.
      ...(staticMatches.size > 0 ? { excludeMatches: [...staticMatches] } : {}),
      allFrames: s.all_frames === true,
      runAt: (s.run_at ?? 'document_idle') as NonNullable<chrome.scripting.RegisteredContentScript["runAt"]>,
    };
    if (s.world === 'MAIN') reg.world = 'MAIN' as chrome.scripting.ExecutionWorld;
    return reg;
  })];
}

/** Makes the dynamic registrations match `granted` (idempotent; errors are logged, never thrown). */
export async function syncPageSideScripts(granted: readonly string[], pageHooks: boolean): Promise<void> {
  const scripting = ext.scripting;
  if (!scripting?.registerContentScripts) return;
  try {
    const statics = (ext.runtime.getManifest().content_scripts ?? []) as ManifestContentScript[];
    const wanted = dynamicRegistrations(statics, granted, ext.runtime.getURL(''), pageHooks);
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
    JSON.stringify([s.id, s.js ?? [], [...(s.matches ?? [])].sort(), [...(s.excludeMatches ?? [])].sort(), s.world ?? 'ISOLATED', s.allFrames === true, s.runAt ?? 'document_idle'].map((v) => (Array.isArray(v) ? v.map((x) => x.replace(/^\//, '')) : v)));
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
