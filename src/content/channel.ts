/**
 * The private line between the page-world hooks (MAIN world) and the relay (ISOLATED world).
 *
 * Both scripts run at document_start, before any page script, and shake hands once on `document`:
 * the hooks announce a detached element (`HELLO`, carried as the MouseEvent's `relatedTarget`,
 * which both worlds see as the same node), the relay answers `ACK` on that element, and from then
 * on records travel only as events on the detached element. No page script has run yet when the
 * hello goes out and nothing listens on `document` afterwards, so pages never see the traffic.
 * Whichever script runs second starts the handshake: the relay sends `READY` on `document` if the
 * hooks were first. Records are a JSON string (a primitive crosses worlds intact in Chrome and
 * Firefox; objects would not).
 */
export const HELLO_EVENT = 'cors-lens:hello';
export const READY_EVENT = 'cors-lens:ready';
export const ACK_EVENT = 'cors-lens:ack';
export const RECORDS_EVENT = 'cors-lens:records';

/** Relay → background message (runtime.sendMessage). */
export const PAGE_HINTS_MESSAGE = 'cors-lens:page-hints';
export interface PageHintsMessage {
  type: typeof PAGE_HINTS_MESSAGE;
  /** Untrusted: validated again by the background. */
  records: unknown[];
}

export function isPageHintsMessage(m: unknown): m is PageHintsMessage {
  return !!m && typeof m === 'object' && (m as PageHintsMessage).type === PAGE_HINTS_MESSAGE && Array.isArray((m as PageHintsMessage).records);
}
