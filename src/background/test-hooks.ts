/**
 * Read-only hooks for the end-to-end tests, on the background's global scope:
 *
 *   self.__corsLens.ready            Promise: state restored, listeners live
 *   self.__corsLens.browser          'chrome' | 'firefox'
 *   self.__corsLens.listenerErrors   webRequest listeners that failed to register (should be [])
 *   self.__corsLens.seen(text)       how many recorded requests (any tab, in flight or stored) have
 *                                    a URL containing `text`: fire warm-up fetches until it is > 0
 *   self.__corsLens.snapshot(tabId)  { tabId, preserveLog, dropped, blocked, exchanges: AnalyzedExchange[] }
 *   self.__corsLens.summary(tabId)   [{ id, url, method, outcome, reason, corsError }] (time order)
 *   self.__corsLens.observations(tabId)  the tab's stored Observation[]
 *   self.__corsLens.tabs()           tab ids with a store
 *   self.__corsLens.counts(tabId)    { size, dropped }: cheap, for polling under load (benches)
 *   self.__corsLens.flush()          Promise: pending storage.session writes done
 *   self.__corsLens.hostAccess()     Promise<boolean>: access to at least one site (users can revoke it)
 *   self.__corsLens.capture()        { all, background, tabs, workers, inspected, delivered, sameOriginDropped }: which
 *                                    full listener sets are live, and the events they delivered per tab
 *   self.__corsLens.failures(tabId)  { count, listed, badge: { text, title } }: the errors-only hint
 *   self.__corsLens.failureTabs()    tab ids with failures counted by the errors-only hint
 *   self.__corsLens.heard(text)      full-listener events (of the newest 500) whose URL contains `text`
 *   self.__corsLens.pageSide()       Promise<{ registered, hintsFrom }>: once pending updates are done,
 *                                    the page-side scripts' registrations ({ id, matches }) and the
 *                                    origins that sent page hints and the messages, per tab id
 *
 * Everything returned is a copy; nothing here changes state.
 */
import type { AnalyzedExchange, Observation } from '../core/model';
import type { MissedFailure } from '../shared/protocol';
import { hasHostAccess } from '../platform/hosts';
import type { Persister } from './persistence';
import type { Recorder } from './recorder';

export interface CorsLensTestHooks {
  ready: Promise<void>;
  browser: string;
  listenerErrors: string[];
  seen(text: string): number;
  snapshot(tabId: number): { tabId: number; preserveLog: boolean; dropped: number; blocked: number; exchanges: AnalyzedExchange[] };
  summary(tabId: number): Array<{ id: string; url: string; method: string; outcome: string; reason: string; corsError: string | null }>;
  observations(tabId: number): Observation[];
  tabs(): number[];
  counts(tabId: number): { size: number; dropped: number };
  /** Page hints held for the tab, and those refused for being over its allowance. */
  hints(tabId: number): { held: number; refused: number };
  /** Lowers or raises the page-hint allowances (hint-budget.ts) of this background instance. */
  setHintBudget(options: { tabPerSecond?: number; tabBurst?: number; framePerSecond?: number; frameBurst?: number }): void;
  flush(): Promise<void>;
  hostAccess(): Promise<boolean>;
  capture(): CaptureView;
  failures(tabId: number): FailuresView;
  failureTabs(): number[];
  heard(text: string): number;
  pageSide(): Promise<PageSideView>;
}

export interface PageSideView {
  registered: Array<{ id: string; matches: string[] }>;
  /** Per tab id, the origins of the documents whose page hints reached the background. */
  hintsFrom: Record<string, string[]>;
  /** Per tab id, the page-hint messages received. */
  hintMessages: Record<string, number>;
}

export interface CaptureView {
  /** A set for every tab is live (background recording, or the start-up bridge). */
  all: boolean;
  background: boolean;
  /** Tabs with a set of their own. */
  tabs: number[];
  /** Requests outside tabs are heard: Firefox's own set, or (Chrome) the unfiltered one for served tabs. */
  workers: boolean;
  /** Tabs with an open DevTools port. */
  inspected: number[];
  /** Covered tabs known to be served by a service worker. */
  served: number[];
  /** Inspected tabs whose page or frame said a service worker controls it (sw-watch.ts). */
  controlledTabs: number[];
  /** Full-listener events delivered per tab id since this background started (-1: outside tabs). */
  delivered: Record<string, number>;
  /** Of those, events of same-origin requests dropped at once (same-origin-gate.ts). */
  sameOriginDropped: number;
}

export interface FailuresView {
  count: number;
  listed: MissedFailure[];
  badge: { text: string; title: string } | undefined;
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function installTestHooks(parts: {
  ready: Promise<void>;
  browser: string;
  listenerErrors: string[];
  recorder: Recorder;
  persister: () => Persister | undefined;
  hintsRefused?: (tabId: number) => number;
  setHintBudget?: (options: { tabPerSecond?: number; tabBurst?: number; framePerSecond?: number; frameBurst?: number }) => void;
  capture: () => CaptureView;
  failures: (tabId: number) => Partial<FailuresView>;
  failureTabs: () => number[];
  heard: (text: string) => number;
  pageSide: () => Promise<PageSideView>;
}): void {
  const { recorder } = parts;
  const hooks: CorsLensTestHooks = {
    ready: parts.ready,
    browser: parts.browser,
    listenerErrors: [...parts.listenerErrors],
    seen(text) {
      const inFlight = Object.values(recorder.collectorState().chains).flatMap((c) => c.hops.map((h) => h.obs.url));
      const stored = recorder.tabIds().flatMap((id) => recorder.tab(id)?.observations().map((o) => o.url) ?? []);
      return new Set([...inFlight, ...stored].filter((u) => u.includes(text))).size;
    },
    snapshot(tabId) {
      const store = recorder.tab(tabId);
      return copy({
        tabId,
        preserveLog: store?.preserveLog ?? false,
        dropped: store?.dropped ?? 0,
        blocked: store?.blockedCount() ?? 0,
        exchanges: store?.list() ?? [],
      });
    },
    summary(tabId) {
      return (recorder.tab(tabId)?.list() ?? []).map((a) => ({
        id: a.exchange.id,
        url: a.exchange.url,
        method: a.exchange.method,
        outcome: a.verdict.outcome,
        reason: a.verdict.reason,
        corsError: a.verdict.chromiumCorsError,
      }));
    },
    observations(tabId) {
      return copy(recorder.tab(tabId)?.observations() ?? []);
    },
    tabs() {
      return recorder.tabIds();
    },
    counts(tabId) {
      const store = recorder.tab(tabId);
      return { size: store?.size ?? 0, dropped: store?.dropped ?? 0 };
    },
    async flush() {
      await parts.persister()?.flush();
    },
    hostAccess: hasHostAccess,
    hints(tabId) {
      return { held: recorder.tab(tabId)?.hints().length ?? 0, refused: parts.hintsRefused?.(tabId) ?? 0 };
    },
    setHintBudget(options) {
      parts.setHintBudget?.(options);
    },
    capture() {
      return copy(parts.capture());
    },
    failureTabs() {
      return parts.failureTabs();
    },
    heard(text) {
      return parts.heard(text);
    },
    async pageSide() {
      return copy(await parts.pageSide());
    },
    failures(tabId) {
      const f = parts.failures(tabId);
      return copy({ count: f.count ?? 0, listed: f.listed ?? [], badge: f.badge });
    },
  };
  Object.defineProperty(globalThis, '__corsLens', { value: Object.freeze(hooks), configurable: true });
}
