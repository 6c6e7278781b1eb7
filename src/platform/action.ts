/** The toolbar action's badge and title, per tab. */
import { ext } from './browser';

export async function setBadge(tabId: number, text: string): Promise<void> {
  try {
    await ext.action.setBadgeText({ tabId, text });
    if (text) await ext.action.setBadgeBackgroundColor({ tabId, color: '#d93025' });
  } catch {
    // The tab may be gone by the time the debounced update runs.
  }
}

export async function setActionTitle(tabId: number, title: string): Promise<void> {
  try {
    await ext.action.setTitle({ tabId, title });
  } catch {
    // The tab may be gone.
  }
}

/** The title the manifest gives the action. */
export function defaultActionTitle(): string {
  try {
    const title = (ext.runtime.getManifest() as { action?: { default_title?: unknown } }).action?.default_title;
    return typeof title === 'string' ? title : 'CORS Lens';
  } catch {
    return 'CORS Lens';
  }
}
