/**
 * What DevTools itself knows about the inspected tab: its URL and the requests it made while
 * DevTools was open. DevTools reports these whatever the host permissions (measured in Chromium
 * 156 and Firefox ESR 153), so the panel can name the sites CORS Lens is not allowed to see.
 * For the DevTools page and the panel only.
 */
import { ext } from './browser';

/** The inspected page's URL (undefined where DevTools cannot evaluate, e.g. a browser page). */
export function inspectedPageUrl(): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      ext.devtools.inspectedWindow.eval('location.href', (value: unknown, exception?: unknown) => {
        resolve(!exception && typeof value === 'string' ? value : undefined);
      });
    } catch {
      resolve(undefined);
    }
  });
}

/** DevTools' log of the tab so far (since it opened, or since the last navigation); [] where there is none. */
function inspectedEntries(): Promise<chrome.devtools.network.Request[]> {
  return new Promise((resolve) => {
    try {
      ext.devtools.network.getHAR((har) => resolve((har?.entries ?? []) as chrome.devtools.network.Request[]));
    } catch {
      resolve([]);
    }
  });
}

/** The URLs of the requests DevTools recorded so far (since it opened, or since the last navigation). */
export async function inspectedRequestUrls(): Promise<string[]> {
  return (await inspectedEntries()).map((e) => e.request.url);
}

/**
 * The URL of each request of the inspected tab as it finishes. DevTools builds and posts an entry
 * per listener, for as long as there is one: have one, only while needed (devtools/traffic-relay.ts).
 * Returns an unsubscribe function.
 */
export function onInspectedRequest(cb: (url: string) => void): () => void {
  const listener = (entry: chrome.devtools.network.Request) => cb(entry.request.url);
  try {
    ext.devtools.network.onRequestFinished.addListener(listener);
  } catch {
    // No network log here (a browser page).
    return () => undefined;
  }
  return () => ext.devtools.network.onRequestFinished.removeListener(listener);
}

/** Each top-level navigation of the inspected tab. Returns an unsubscribe function. */
export function onInspectedNavigated(cb: (url: string) => void): () => void {
  const listener = (url: string) => cb(url);
  try {
    ext.devtools.network.onNavigated.addListener(listener);
  } catch {
    // No network log here (a browser page).
    return () => undefined;
  }
  return () => ext.devtools.network.onNavigated.removeListener(listener);
}

/** Reloads the inspected page (after a grant, so its earlier requests are recorded too). */
export function reloadInspectedPage(): void {
  try {
    ext.devtools.inspectedWindow.reload({});
  } catch {
    // The tab may be gone.
  }
}
