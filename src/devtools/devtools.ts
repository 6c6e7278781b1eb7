/**
 * The DevTools page: runs once per DevTools window and adds the "CORS" panel. The panel reads the
 * inspected tab's id itself (`devtools.inspectedWindow.tabId`); it has the devtools API too.
 * While DevTools is open, this page holds the port that has the background record the tab.
 *
 * Paths start with "/": Chrome resolves them from the extension root, and Firefox resolves a
 * relative path against this page's URL (src/devtools/), which would point at the wrong file.
 */
import { createPanel, inspectedTabId } from '../platform/devtools';
import { holdInspection } from './inspection';

export const PANEL_TITLE = 'CORS';
export const PANEL_PAGE = '/src/panel/panel.html';
export const PANEL_ICON = '/icons/icon-32.png';

const tabId = inspectedTabId();
if (tabId !== undefined) holdInspection(tabId);
void createPanel(PANEL_TITLE, PANEL_ICON, PANEL_PAGE);
