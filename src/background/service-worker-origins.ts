/**
 * Which inspected tabs are served by a service worker (Chrome). A service worker's requests reach
 * webRequest with `tabId: -1`, no frame and no document (measured in Chromium 156: its own fetches,
 * a page fetch it answers with `respondWith(fetch(event.request))`, and its script fetch alike;
 * `initiator` is the worker's origin). Chrome reads a `tabId: -1` filter as "every tab", so
 * hearing them costs an unfiltered listener set: capture-scope.ts adds one only while an inspected
 * tab is known to be served by a service worker, and this module is what knows. Pure.
 *
 * What tells it, from data the extension already has:
 * - the DevTools page: a request of the inspected tab in DevTools' network log with
 *   `_fetchedViaServiceWorker` (the tab itself is served);
 * - a request outside tabs that failed (the always-on errors-only listener) or that the full
 *   listeners heard: its initiator is an origin with a service worker, and every inspected tab
 *   showing a document of that origin is served by it.
 * Origins are remembered while the background runs (bounded); the served tabs themselves are
 * kept by the scope (storage.session), so a stopped background restarts with them.
 */

const MAX_ORIGINS = 256;

export class ServiceWorkerOrigins {
  /** Origins seen making requests outside tabs (a service or shared worker of that origin). */
  private readonly origins = new Set<string>();

  /** A request outside tabs came from `origin`. Returns true when the origin is new. */
  note(origin: string | null | undefined): boolean {
    if (!origin || this.origins.has(origin)) return false;
    this.origins.add(origin);
    if (this.origins.size > MAX_ORIGINS) this.origins.delete(this.origins.values().next().value as string);
    return true;
  }

  get size(): number {
    return this.origins.size;
  }

  /** Of `tabs`, those showing a document of an origin with a worker outside tabs. */
  servedAmong(tabs: readonly number[], documentOrigins: (tabId: number) => Iterable<string>): number[] {
    return tabs.filter((tabId) => {
      for (const origin of documentOrigins(tabId)) if (this.origins.has(origin)) return true;
      return false;
    });
  }
}
