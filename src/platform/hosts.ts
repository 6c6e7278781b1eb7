/**
 * Host permissions, in one place. The manifest grants only local development hosts at install
 * (LOCAL_DEV_PATTERNS); every other site is an optional host permission the user grants from the
 * panel, the browser's site-access menu or the add-on manager, and may revoke at any time.
 *
 * Browser differences handled here:
 * - Chrome gives a DevTools panel the whole `permissions` API, and `permissions.request` works
 *   from a click in the panel.
 * - Firefox gives a DevTools panel no `permissions` API at all (nor `tabs`): the panel asks the
 *   background for the granted origins (ACCESS_QUERY), hears changes from it (ACCESS_CHANGED),
 *   and asks for access by opening the small grant page (src/access/grant.html) in a tab, where a
 *   click may call `permissions.request`.
 */
import { ext } from './browser';
import { coversAllSites, isCovered } from '../shared/host-patterns';

/**
 * The URL filter every webRequest listener uses. Both browsers check access per event, at
 * dispatch: a listener registered with this filter reports a newly granted site at once, without
 * being registered again (measured in Chromium 156 and Firefox ESR 153).
 */
export const OBSERVED_URLS: string[] = ['<all_urls>'];

export const ACCESS_QUERY = 'cors-lens:granted-origins?';
export const ACCESS_CHANGED = 'cors-lens:granted-origins-changed';

interface AccessChangedMessage {
  type: typeof ACCESS_CHANGED;
  origins: string[];
}

type PermissionsApi = typeof chrome.permissions;
/** The permissions API of this context, or undefined where the browser gives none (Firefox DevTools pages). */
function permissionsApi(): PermissionsApi | undefined {
  try {
    return typeof (ext?.permissions as Partial<PermissionsApi> | undefined)?.getAll === 'function' ? ext.permissions : undefined;
  } catch {
    return undefined;
  }
}

/** runtime.sendMessage in callback form (both browsers); resolves undefined when nobody answers. */
function sendMessage(message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    try {
      ext.runtime.sendMessage(message, (answer: unknown) => {
        void ext.runtime.lastError;
        resolve(answer);
      });
    } catch {
      resolve(undefined);
    }
  });
}

/** The host patterns CORS Lens may see right now (what the user has not withheld or revoked). */
export async function grantedOrigins(): Promise<string[]> {
  const api = permissionsApi();
  if (api) {
    const all = await api.getAll();
    return [...(all.origins ?? [])];
  }
  const answer = await sendMessage({ type: ACCESS_QUERY });
  return Array.isArray(answer) ? answer.filter((o): o is string => typeof o === 'string') : [];
}

/** Whether every one of these URLs or patterns' origins is visible to CORS Lens. */
export async function hasAccessTo(origins: readonly string[]): Promise<boolean> {
  const granted = await grantedOrigins();
  return origins.every((o) => isCovered(o.replace(/\/\*$/, '/'), granted));
}

/** Whether CORS Lens can see any site at all (every grant revoked leaves it blind). */
export async function hasHostAccess(): Promise<boolean> {
  try {
    return (await grantedOrigins()).length > 0;
  } catch {
    return false;
  }
}

/** Whether every http(s) site is granted. */
export async function hasAllSitesAccess(): Promise<boolean> {
  return coversAllSites(await grantedOrigins());
}

export type AccessRequestOutcome = 'granted' | 'declined' | 'opened-grant-page' | 'failed';

/**
 * Asks the user for access to `patterns` (port-less match patterns, see host-patterns.ts).
 * Call it synchronously from a click handler: `permissions.request` needs the user's gesture, and
 * any await before it would lose it. Where this context has no permissions API (a Firefox DevTools
 * panel), opens the grant page in a tab instead.
 */
export function requestAccess(patterns: readonly string[]): Promise<AccessRequestOutcome> {
  const api = permissionsApi();
  if (!api?.request) return Promise.resolve(openGrantPage(patterns) ? 'opened-grant-page' : 'failed');
  try {
    return api.request({ origins: [...patterns] }).then(
      (granted) => (granted ? 'granted' : 'declined'),
      (error: unknown) => {
        console.warn('[CORS Lens] permissions.request', error);
        return 'failed' as const;
      },
    );
  } catch (error) {
    console.warn('[CORS Lens] permissions.request', error);
    return Promise.resolve('failed');
  }
}

export const GRANT_PAGE = 'src/access/grant.html';

/** The grant page's URL for these patterns (one `o` parameter each). */
export function grantPageUrl(patterns: readonly string[]): string {
  const query = new URLSearchParams(patterns.map((p) => ['o', p] as [string, string])).toString();
  return `${ext.runtime.getURL(GRANT_PAGE)}?${query}`;
}

/** Opens the grant page in a new tab (window.open works from a Firefox DevTools panel). */
function openGrantPage(patterns: readonly string[]): boolean {
  try {
    return globalThis.open?.(grantPageUrl(patterns), '_blank') != null;
  } catch {
    return false;
  }
}

/** The patterns the grant page was opened for. */
export function patternsOfGrantPage(search: string): string[] {
  return new URLSearchParams(search).getAll('o').filter((p) => p.length > 0 && p.length < 2048);
}

/**
 * Calls `cb` with the new list of granted origins whenever access changes (a grant, a revocation,
 * the user's site-access menu). Returns an unsubscribe function.
 */
export function onAccessChanged(cb: (origins: string[]) => void): () => void {
  const api = permissionsApi();
  if (api) {
    const changed = () => void grantedOrigins().then(cb, () => undefined);
    api.onAdded.addListener(changed);
    api.onRemoved.addListener(changed);
    return () => {
      api.onAdded.removeListener(changed);
      api.onRemoved.removeListener(changed);
    };
  }
  const onMessage = (message: unknown) => {
    const m = message as Partial<AccessChangedMessage> | null;
    if (m?.type === ACCESS_CHANGED && Array.isArray(m.origins)) cb(m.origins.filter((o): o is string => typeof o === 'string'));
  };
  ext.runtime.onMessage.addListener(onMessage);
  return () => ext.runtime.onMessage.removeListener(onMessage);
}

/**
 * Background side (register at top level): answers ACCESS_QUERY from extension pages that have no
 * permissions API, tells them about every change, and calls `onChange` (e.g. to re-register the
 * content scripts) with the new list.
 */
export function serveAccess(onChange: (origins: string[]) => void): void {
  ext.runtime.onMessage.addListener((message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (r: unknown) => void) => {
    // Only this extension's own pages ask (content scripts carry the page's URL, never ours).
    const fromOwnPage = sender.id === ext.runtime.id && (sender.url ?? '').startsWith(ext.runtime.getURL(''));
    if ((message as { type?: unknown } | null)?.type !== ACCESS_QUERY || !fromOwnPage) return undefined;
    void grantedOrigins().then(sendResponse, () => sendResponse([]));
    return true;
  });
  const changed = () =>
    void grantedOrigins().then((origins) => {
      onChange(origins);
      // Nobody listening (no panel open) is normal: sendMessage reads and drops that error.
      void sendMessage({ type: ACCESS_CHANGED, origins } satisfies AccessChangedMessage);
    });
  ext.permissions.onAdded.addListener(changed);
  ext.permissions.onRemoved.addListener(changed);
}
