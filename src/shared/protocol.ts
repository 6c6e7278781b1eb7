/**
 * Messages between the background and a CORS panel, over a runtime port named `panel:<tabId>`.
 * Plain JSON. The panel of one tab only ever receives its own tab's exchanges.
 *
 *   panel → background            background → panel
 *   (connect)                     snapshot  (always first)
 *   clear                         upsert / remove   (as traffic happens, batched)
 *   set-preserve-log              clear     (user clear, or navigation without preserve log)
 *                                 state     (preserve log / dropped count changed)
 *   get-prefs / set-prefs         prefs     (the panel's remembered choices, from storage.local)
 *   reload-and-capture            missed    (cross-origin failures seen before DevTools opened; after the snapshot)
 *
 * The DevTools page holds a port of its own, `devtools:<tabId>`, for as long as DevTools is open on
 * the tab: the background listens to that tab's requests while one is connected (capture-scope.ts).
 * It sends `ping` now and then, which keeps Chrome's service worker running (an open port alone
 * does not past ~30 s).
 */
import type { AnalyzedExchange } from '../core/model';

export const PANEL_PORT_PREFIX = 'panel:';

export const DEVTOOLS_PORT_PREFIX = 'devtools:';

export function panelPortName(tabId: number): string {
  return `${PANEL_PORT_PREFIX}${tabId}`;
}

export function devtoolsPortName(tabId: number): string {
  return `${DEVTOOLS_PORT_PREFIX}${tabId}`;
}

/** The tab id in a port name, or undefined when the name is not a panel port (or `prefix` port). */
export function tabIdOfPortName(name: string, prefix = PANEL_PORT_PREFIX): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const id = Number(name.slice(prefix.length));
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** DevTools page → background, over `devtools:<tabId>`: keeps the background running. */
export type FromDevtoolsPage = { type: 'ping' };

/** How often the DevTools page pings (Chrome stops an idle service worker after 30 s). */
export const DEVTOOLS_PING_MS = 20_000;

/** A cross-origin request that failed while nobody inspected the tab (background/failure-hints.ts). */
export interface MissedFailure {
  url: string;
  /** webRequest resource type (xmlhttprequest, font, …). */
  type: string;
  method: string;
  /** The browser's error string (net::ERR_FAILED, NS_ERROR_DOM_BAD_URI, …). */
  error: string;
  /** Epoch ms. */
  time: number;
}

export interface TabStatus {
  /** Keep the list across top-level navigations. */
  preserveLog: boolean;
  /** Exchanges dropped because the tab's store was full (oldest first). */
  dropped: number;
  /** Page hints refused because the page sent more than its allowance (background/hint-budget.ts). */
  droppedHints?: number;
}

export type ToPanel =
  | ({ type: 'snapshot'; tabId: number; exchanges: AnalyzedExchange[] } & TabStatus)
  | { type: 'upsert'; exchanges: AnalyzedExchange[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'clear'; reason: 'user' | 'navigation' }
  | ({ type: 'state' } & TabStatus)
  /** Failures seen before this tab was captured: `count` in all, the newest `listed`. */
  | { type: 'missed'; count: number; listed: MissedFailure[] }
  | ToPanelPrefs;

/**
 * Choices the panel remembers across DevTools sessions (kept by the background in storage.local,
 * so panel components never touch extension storage). Every field is optional: an old or empty
 * store yields `{}`.
 */
export interface PanelPrefs {
  /** The fix stack picked last (a `STACKS` id from src/core/fixes). */
  stack?: string;
  /**
   * "Read calls inside the page": the MAIN-world page hooks (src/content/page-hooks.ts) are
   * registered while this is true. Off by default: pages can detect the hooks (issue 13).
   */
  pageHooks?: boolean;
  /**
   * "Record in the background": listen to every tab's requests from browser start, as CORS Lens
   * did before issue 13, instead of only while DevTools is open on a tab. Off by default: it slows
   * every page load down (README, "What CORS Lens costs").
   */
  backgroundRecording?: boolean;
}

export type ToPanelPrefs = { type: 'prefs'; prefs: PanelPrefs };

export type FromPanel =
  | { type: 'clear' }
  | { type: 'set-preserve-log'; value: boolean }
  | { type: 'get-prefs' }
  /** Merged into the stored prefs; the background answers with the merged `prefs`. */
  | { type: 'set-prefs'; prefs: PanelPrefs }
  /** Reload the inspected tab, now captured, and forget the failures seen before. */
  | { type: 'reload-and-capture' };
