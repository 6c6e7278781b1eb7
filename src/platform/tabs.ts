/** Tab lifecycle. `tabs.onRemoved` and `tabs.reload` work without the "tabs" permission. */
import { promised } from './polyfill';

export function onTabRemoved(cb: (tabId: number) => void): void {
  promised.tabs.onRemoved.addListener((tabId) => cb(tabId));
}

export async function reloadTab(tabId: number): Promise<void> {
  await promised.tabs.reload(tabId);
}
