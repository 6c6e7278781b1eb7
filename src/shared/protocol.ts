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
 */
import type { AnalyzedExchange } from '../core/model';

export const PANEL_PORT_PREFIX = 'panel:';

export function panelPortName(tabId: number): string {
  return `${PANEL_PORT_PREFIX}${tabId}`;
}

/** The tab id in a port name, or undefined when the name is not a panel port. */
export function tabIdOfPortName(name: string): number | undefined {
  if (!name.startsWith(PANEL_PORT_PREFIX)) return undefined;
  const id = Number(name.slice(PANEL_PORT_PREFIX.length));
  return Number.isInteger(id) && id >= 0 ? id : undefined;
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
}

export type ToPanelPrefs = { type: 'prefs'; prefs: PanelPrefs };

export type FromPanel =
  | { type: 'clear' }
  | { type: 'set-preserve-log'; value: boolean }
  | { type: 'get-prefs' }
  /** Merged into the stored prefs; the background answers with the merged `prefs`. */
  | { type: 'set-prefs'; prefs: PanelPrefs };
