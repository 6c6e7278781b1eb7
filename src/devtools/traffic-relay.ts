/**
 * The DevTools window's one `devtools.network.onRequestFinished` listener (issue 13). DevTools
 * builds an entry for every request of the inspected tab and posts a copy to each listener: with
 * the panel's and this page's own, a dev server's app (700 module requests per load) paid for
 * every entry twice, and the panel's copy alone was about a tenth of what CORS Lens added to such
 * a load with DevTools open (bench/dev-app.ts, Chromium 156). This page listens once and passes on
 * what the others need:
 * - to the panel (src/platform/inspected-traffic.ts): each navigation, and the first request to
 *   each origin since it — all its access banner reads (the panel asks DevTools' log itself for
 *   what came before it opened);
 * - to `onServiceWorker` (Chrome), once: a request the tab's service worker answered.
 */
import { originOf } from '../core/http/origin';
import { anyInspectedRequestViaServiceWorker, onInspectedNavigated, onInspectedRequest } from '../platform/inspected-network';
import { inspectedTrafficSender, type InspectedTraffic } from '../platform/inspected-traffic';

/** Origins remembered per document (the panel's banner stops at as many). */
const MAX_ORIGINS = 500;

/** What to pass on, event by event. Pure. */
export class TrafficRelay {
  private readonly origins = new Set<string>();
  private workerTold = false;

  constructor(
    private readonly post: (message: InspectedTraffic) => void,
    private readonly onServiceWorker?: () => void,
  ) {}

  navigated(url: string): void {
    this.origins.clear();
    this.post({ type: 'navigated', url });
  }

  finished(url: string, viaServiceWorker: boolean): void {
    if (viaServiceWorker) this.serviceWorkerSeen();
    const origin = originOf(url);
    if (origin === undefined || this.origins.has(origin) || this.origins.size >= MAX_ORIGINS) return;
    this.origins.add(origin);
    this.post({ type: 'request', url });
  }

  serviceWorkerSeen(): void {
    if (this.workerTold || !this.onServiceWorker) return;
    this.workerTold = true;
    this.onServiceWorker();
  }
}

/** Starts relaying the inspected tab's traffic (call once per DevTools page). */
export function relayInspectedTraffic(tabId: number, onServiceWorker?: () => void): void {
  const relay = new TrafficRelay(inspectedTrafficSender(tabId), onServiceWorker);
  onInspectedNavigated((url) => relay.navigated(url));
  onInspectedRequest((url, viaServiceWorker) => relay.finished(url, viaServiceWorker));
  // A request answered before DevTools opened is in the log already.
  if (onServiceWorker) void anyInspectedRequestViaServiceWorker().then((yes) => yes && relay.serviceWorkerSeen());
}
