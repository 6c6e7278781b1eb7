/** sw-watch.ts → background: the sending document is controlled by a service worker. */
export const SW_CONTROLLED_MESSAGE = 'cors-lens:sw-controlled';
export interface SwControlledMessage {
  type: typeof SW_CONTROLLED_MESSAGE;
}

export function isSwControlledMessage(m: unknown): m is SwControlledMessage {
  return !!m && typeof m === 'object' && (m as SwControlledMessage).type === SW_CONTROLLED_MESSAGE;
}
