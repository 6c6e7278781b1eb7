/** `devtools.*` for the DevTools page and the panel. Callbacks: Chrome's devtools API has no promises. */
import { ext } from './browser';

export function inspectedTabId(): number | undefined {
  const id = ext.devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Creates a DevTools panel. Paths start with "/" so they resolve from the extension root in both
 * browsers (Firefox resolves a relative path against the DevTools page's own URL).
 */
export function createPanel(title: string, iconPath: string, pagePath: string): Promise<chrome.devtools.panels.ExtensionPanel> {
  return new Promise((resolve) => ext.devtools.panels.create(title, iconPath, pagePath, (panel) => resolve(panel)));
}

export type ThemeName = 'default' | 'dark';

/** DevTools' theme: 'dark', or 'default' (light). */
export function themeName(): ThemeName {
  return ext.devtools?.panels?.themeName === 'dark' ? 'dark' : 'default';
}

/** Firefox reports theme switches; Chrome has no such event (DevTools reloads the panel instead). */
export function onThemeChanged(cb: (theme: ThemeName) => void): void {
  const panels = ext.devtools?.panels as unknown as { onThemeChanged?: chrome.events.Event<(t: string) => void> } | undefined;
  panels?.onThemeChanged?.addListener((t) => cb(t === 'dark' ? 'dark' : 'default'));
}
