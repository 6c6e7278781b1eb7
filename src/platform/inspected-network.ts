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

/** The URLs of the requests DevTools recorded so far (since it opened, or since the last navigation). */
export function inspectedRequestUrls(): Promise<string[]> {
  return new Promise((resolve) => {
    try {
      ext.devtools.network.getHAR((har) => resolve((har?.entries ?? []).map((e) => e.request.url)));
    } catch {
      resolve([]);
    }
  });
}

/** Each request of the inspected tab as it finishes. Returns an unsubscribe function. */
export function onInspectedRequest(cb: (url: string) => void): () => void {
  const listener = (entry: chrome.devtools.network.Request) => cb(entry.request.url);
  ext.devtools.network.onRequestFinished.addListener(listener);
  return () => ext.devtools.network.onRequestFinished.removeListener(listener);
}

/** Whether DevTools' entry is a request its service worker answered (Chromium's HAR field). */
const viaServiceWorker = (entry: unknown): boolean => (entry as { response?: { _fetchedViaServiceWorker?: unknown } } | undefined)?.response?._fetchedViaServiceWorker === true;

/**
 * Calls `cb` once DevTools has seen a request of the inspected tab answered by its service worker
 * (already in the log, or as one finishes). Returns an unsubscribe function.
 */
export function onServiceWorkerAnswer(cb: () => void): () => void {
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    stop();
    cb();
  };
  const listener = (entry: chrome.devtools.network.Request) => {
    if (viaServiceWorker(entry)) tell();
  };
  const stop = () => ext.devtools.network.onRequestFinished.removeListener(listener);
  try {
    ext.devtools.network.onRequestFinished.addListener(listener);
    ext.devtools.network.getHAR((har) => {
      if ((har?.entries ?? []).some(viaServiceWorker)) tell();
    });
  } catch {
    // No network log here (a browser page): nothing to tell.
  }
  return stop;
}

/** Each top-level navigation of the inspected tab. Returns an unsubscribe function. */
export function onInspectedNavigated(cb: (url: string) => void): () => void {
  const listener = (url: string) => cb(url);
  ext.devtools.network.onNavigated.addListener(listener);
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
