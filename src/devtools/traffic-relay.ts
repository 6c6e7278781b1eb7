/**
 * The DevTools window's one `devtools.network.onRequestFinished` listener (issue 13), there only
 * while the CORS panel is shown. DevTools builds an entry for every request of the inspected tab
 * and posts a copy to each listener: a dev server's app (700 module requests per load) paid for
 * every entry, and with one listener for as long as DevTools was open this was a fifth of what
 * CORS Lens added to such a load (bench/dev-app.ts, Chromium 156). What the panel needs live is
 * what its access banner reads (src/platform/inspected-traffic.ts): each navigation, and the first
 * request to each origin since it. When the panel is shown again it reads DevTools' log itself for
 * what it missed (`shown`). Whether a service worker serves the tab is no longer read from this
 * log: content/sw-watch.ts tells the background.
 */
import { originOf } from '../core/http/origin';
import { onInspectedNavigated, onInspectedRequest } from '../platform/inspected-network';
import type { InspectedTraffic } from '../platform/inspected-traffic';

/** Origins remembered per document (the panel's banner stops at as many). */
const MAX_ORIGINS = 500;

/** What to pass on, event by event. Pure. */
export class TrafficRelay {
  private readonly origins = new Set<string>();

  constructor(private readonly post: (message: InspectedTraffic) => void) {}

  navigated(url: string): void {
    this.origins.clear();
    this.post({ type: 'navigated', url });
  }

  finished(url: string): void {
    const origin = originOf(url);
    if (origin === undefined || this.origins.has(origin) || this.origins.size >= MAX_ORIGINS) return;
    this.origins.add(origin);
    this.post({ type: 'request', url });
  }
}

/**
 * Relays the inspected tab's traffic from now until the returned function is called (the panel
 * shown, then hidden). Tells the panel first, so it catches up on what it was not told.
 */
export function relayInspectedTraffic(post: (message: InspectedTraffic) => void): () => void {
  const relay = new TrafficRelay(post);
  const stops = [onInspectedNavigated((url) => relay.navigated(url)), onInspectedRequest((url) => relay.finished(url))];
  post({ type: 'shown' });
  return () => {
    for (const stop of stops) stop();
  };
}
