/**
 * A page fetch its service worker answers with `respondWith(fetch(event.request))` appears twice
 * in Chrome DevTools' HAR: the page's entry (`pageref` set; `_fetchedViaServiceWorker: true` and
 * the headers the worker handed over — CORS-filtered, so no Access-Control-Allow-Origin — or, when
 * the worker's fetch failed, no response at all) and the worker's own network request (no
 * `pageref`), which carries the server's answer and the CORS check. They are one exchange: keep the
 * worker's request, marked as the service worker's, and drop the page's entry, whose headers must
 * not be read as "Access-Control-Allow-Origin missing".
 */
import type { Observation } from '../core/model';

/** Per entry: whether it belongs to a page (`pageref`) — DevTools records workers' requests without. */
export function mergeServiceWorkerPairs(observations: Observation[], fromPage: boolean[]): Observation[] {
  const workerSide = new Map<string, number[]>();
  observations.forEach((o, i) => {
    // The worker's request: answered, or failed (never sent when its preflight failed).
    if (fromPage[i] || o.preflightHint || (!hasResponse(o) && o.error === undefined)) return;
    const key = `${o.method}\n${o.url}`;
    workerSide.set(key, [...(workerSide.get(key) ?? []), i]);
  });
  if (workerSide.size === 0) return observations;
  const drop = new Set<number>();
  const used = new Set<number>();
  observations.forEach((o, i) => {
    if (!fromPage[i] || o.preflightHint) return;
    const answeredByWorker = o.viaServiceWorker === true || (!hasResponse(o) && o.error !== undefined);
    if (!answeredByWorker) return;
    // The worker request closest in time (no threshold: order, not margins, decides).
    const candidates = (workerSide.get(`${o.method}\n${o.url}`) ?? []).filter((j) => !used.has(j));
    const best = candidates.sort((a, b) => Math.abs(observations[a]!.startTime - o.startTime) - Math.abs(observations[b]!.startTime - o.startTime))[0];
    if (best === undefined) return;
    used.add(best);
    drop.add(i);
    observations[best]!.initiatorContext = 'service-worker';
  });
  return drop.size === 0 ? observations : observations.filter((_, i) => !drop.has(i));
}

function hasResponse(o: Observation): boolean {
  return (o.status ?? 0) > 0 || (o.responseHeaders?.length ?? 0) > 0;
}
