/** The toolbar action's badge (a count of blocked exchanges per tab). */
import { ext } from './browser';

export async function setBadge(tabId: number, text: string): Promise<void> {
  try {
    await ext.action.setBadgeText({ tabId, text });
    if (text) await ext.action.setBadgeBackgroundColor({ tabId, color: '#d93025' });
  } catch {
    // The tab may be gone by the time the debounced update runs.
  }
}
