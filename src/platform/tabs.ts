/** Tab lifecycle. `tabs.onRemoved` works without the "tabs" permission. */
import { promised } from './polyfill';

export function onTabRemoved(cb: (tabId: number) => void): void {
  promised.tabs.onRemoved.addListener((tabId) => cb(tabId));
}
