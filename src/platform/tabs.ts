/** Tab lifecycle. `tabs.onRemoved` works without the "tabs" permission. */
import { ext } from './browser';

export function onTabRemoved(cb: (tabId: number) => void): void {
  ext.tabs.onRemoved.addListener((tabId) => cb(tabId));
}
