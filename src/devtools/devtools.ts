/**
 * The DevTools page: runs once per DevTools window and adds the "CORS" panel. The panel reads the
 * inspected tab's id itself (`devtools.inspectedWindow.tabId`); it has the devtools API too.
 * While DevTools is open, this page holds the port that has the background record the tab.
 *
 * Paths start with "/": Chrome resolves them from the extension root, and Firefox resolves a
 * relative path against this page's URL (src/devtools/), which would point at the wrong file.
 */
import { createPanel, inspectedTabId } from '../platform/devtools';
import { browserName } from '../platform/features';
import { holdInspection } from './inspection';
import { relayInspectedTraffic } from './traffic-relay';

export const PANEL_TITLE = 'CORS';
export const PANEL_PAGE = '/src/panel/panel.html';
export const PANEL_ICON = '/icons/icon-32.png';

const tabId = inspectedTabId();
const isChrome = browserName() === 'chrome';
// Chrome cannot filter a service worker's requests by tab: the background hears them only once it
// knows the tab is served by one (capture-scope.ts), so DevTools' log is read from the start.
// Firefox needs it only for the panel, and starts its log for extensions on the first listener:
// not before the panel is first shown.
// The panel first: nothing optional below may keep it from being listed.
const panelCreated = createPanel(PANEL_TITLE, PANEL_ICON, PANEL_PAGE);
const inspection = tabId === undefined ? undefined : holdInspection(tabId);
if (tabId !== undefined && isChrome) relayInspectedTraffic(tabId, () => inspection?.serviceWorker());
void panelCreated.then((panel) => {
  if (tabId === undefined || isChrome) return;
  let relaying = false;
  panel.onShown.addListener(() => {
    if (relaying) return;
    relaying = true;
    relayInspectedTraffic(tabId);
  });
});
