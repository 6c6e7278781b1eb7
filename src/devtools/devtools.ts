/**
 * The DevTools page: runs once per DevTools window and adds the "CORS" panel. The panel reads the
 * inspected tab's id itself (`devtools.inspectedWindow.tabId`); it has the devtools API too.
 * While DevTools is open, this page holds the port that has the background record the tab.
 *
 * Paths start with "/": Chrome resolves them from the extension root, and Firefox resolves a
 * relative path against this page's URL (src/devtools/), which would point at the wrong file.
 */
import { createPanel, inspectedTabId } from '../platform/devtools';
import { inspectedTrafficSender } from '../platform/inspected-traffic';
import { holdInspection } from './inspection';
import { relayInspectedTraffic } from './traffic-relay';

export const PANEL_TITLE = 'CORS';
export const PANEL_PAGE = '/src/panel/panel.html';
export const PANEL_ICON = '/icons/icon-32.png';

const tabId = inspectedTabId();
// The panel first: nothing optional below may keep it from being listed.
const panelCreated = createPanel(PANEL_TITLE, PANEL_ICON, PANEL_PAGE);
if (tabId !== undefined) holdInspection(tabId);
// DevTools' network log is read only while the CORS panel is shown (traffic-relay.ts): a listener
// costs every request of the tab an entry. (Firefox also starts its log for extensions on the
// first listener or query: not before the panel is first shown.)
void panelCreated.then((panel) => {
  if (tabId === undefined) return;
  const post = inspectedTrafficSender(tabId);
  let stopRelay: (() => void) | undefined;
  panel.onShown.addListener(() => {
    stopRelay ??= relayInspectedTraffic(post);
  });
  panel.onHidden.addListener(() => {
    stopRelay?.();
    stopRelay = undefined;
  });
});
