/** Tab lifecycle. `tabs.onRemoved` and `tabs.reload` work without the "tabs" permission. */
import { promised } from './polyfill';

export function onTabRemoved(cb: (tabId: number) => void): void {
  promised.tabs.onRemoved.addListener((tabId) => cb(tabId));
}

export async function reloadTab(tabId: number): Promise<void> {
  await promised.tabs.reload(tabId);
}

/** The tab's page URL, where CORS Lens may see it (host access to the page); else undefined. */
export async function tabUrl(tabId: number): Promise<string | undefined> {
  try {
    const tab = await promised.tabs.get(tabId);
    return typeof tab.url === 'string' && tab.url !== '' ? tab.url : undefined;
  } catch {
    return undefined; // the tab is gone
  }
}
