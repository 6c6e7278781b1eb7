/**
 * DevTools page → CORS panel of the same tab: what DevTools' network log shows of the inspected
 * page while the panel is shown, as far as its access banner needs it
 * (src/devtools/traffic-relay.ts sends, src/panel/extension-access.ts listens). A BroadcastChannel
 * named for the tab: both are pages of the extension's origin, in one DevTools window; another
 * tab's DevTools uses another name.
 */

export type InspectedTraffic =
  /** The CORS panel is shown again: what happened while it was hidden was not relayed. */
  | { type: 'shown' }
  /** The inspected tab loaded a new top-level document. */
  | { type: 'navigated'; url: string }
  /** A finished request of the tab, the first to its origin since the last navigation. */
  | { type: 'request'; url: string };

const channelName = (tabId: number) => `cors-lens:inspected-traffic:${tabId}`;

function isInspectedTraffic(value: unknown): value is InspectedTraffic {
  const m = value as Partial<InspectedTraffic> | null;
  if (!m || typeof m !== 'object') return false;
  return m.type === 'shown' || ((m.type === 'navigated' || m.type === 'request') && typeof m.url === 'string');
}

/** The sending end; `post` never throws (a closed channel drops the message). */
export function inspectedTrafficSender(tabId: number): (message: InspectedTraffic) => void {
  const channel = new BroadcastChannel(channelName(tabId));
  return (message) => {
    try {
      channel.postMessage(message);
    } catch {
      // Closed with the page: nobody is listening any more.
    }
  };
}

/** Calls `cb` with each well-formed message for the tab; returns an unsubscribe function. */
export function onInspectedTraffic(tabId: number, cb: (message: InspectedTraffic) => void): () => void {
  const channel = new BroadcastChannel(channelName(tabId));
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isInspectedTraffic(event.data)) cb(event.data);
  };
  return () => channel.close();
}
