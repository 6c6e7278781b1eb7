/**
 * Firefox reports a page fetch its service worker intercepts twice: the page's own request (in the
 * tab, never answered on the network: no response, no error) and the worker's fetch (tabId -1,
 * routed to the tab by worker-attribution.ts). They are one exchange, whose CORS check ran in the
 * worker's request: the page's twin is dropped so it does not show as a second, "unknown" row.
 * (Chrome's webRequest reports only the worker's request.) Pure and bounded.
 */
import type { Observation } from '../core/model';

const MAX_KEYS = 2_000;

const keyOf = (tabId: number, o: Observation): string => `${tabId}\n${o.method}\n${o.url}`;
const unanswered = (o: Observation): boolean => !(o.status ?? 0) && !o.responseHeaders && o.error === undefined;

export class ServiceWorkerTwins {
  /** Requests the service worker made for each tab (tab, method, URL). */
  private readonly workerRequests = new Set<string>();
  /** The page's unanswered requests (tab, method, URL) → their chain. */
  private readonly pagePending = new Map<string, { id: string; chainId: string | undefined }>();
  /** Chains dropped as a worker's twin: their later events stay dropped. */
  private readonly dropped = new Set<string>();

  /** Sorts a tab's new observations: which to apply, and which stored ones to remove. */
  sort(tabId: number, incoming: Observation[]): { keep: Observation[]; removeIds: string[] } {
    const keep: Observation[] = [];
    const removeIds: string[] = [];
    for (const o of incoming) {
      if (o.chainId !== undefined && this.dropped.has(o.chainId)) continue;
      const key = keyOf(tabId, o);
      if (o.initiatorContext === 'service-worker') {
        remember(this.workerRequests, key);
        const twin = this.pagePending.get(key);
        if (twin) {
          this.pagePending.delete(key);
          removeIds.push(twin.id);
          if (twin.chainId !== undefined) remember(this.dropped, twin.chainId);
        }
        keep.push(o);
        continue;
      }
      if (o.initiatorContext === undefined && unanswered(o)) {
        if (this.workerRequests.has(key)) {
          if (o.chainId !== undefined) remember(this.dropped, o.chainId);
          continue;
        }
        this.pagePending.set(key, { id: o.id, chainId: o.chainId });
        if (this.pagePending.size > MAX_KEYS) this.pagePending.delete(this.pagePending.keys().next().value as string);
      } else if (o.initiatorContext === undefined) {
        this.pagePending.delete(key);
      }
      keep.push(o);
    }
    return { keep, removeIds };
  }
}

function remember(set: Set<string>, value: string): void {
  set.add(value);
  if (set.size > MAX_KEYS) set.delete(set.values().next().value as string);
}
