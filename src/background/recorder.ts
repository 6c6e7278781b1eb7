/**
 * The background's recording logic, without browser APIs: webRequest events in, per-tab stores of
 * analysed exchanges out. `main.ts` wires it to the real events, ports, storage and badge.
 *
 * - Only a tab's cross-origin traffic is kept (a redirect chain counts as soon as one hop is
 *   cross-origin). Requests outside tabs (tabId -1) are kept only when they come from a worker of
 *   an origin a tab shows (service and shared workers: worker-attribution.ts); the extension's own
 *   and other browser requests are not.
 * - A top-level navigation clears the tab's list (unless "preserve log" is on). The clear is a
 *   time cut, not "everything so far": requests that started before the new document's response
 *   are dropped, later ones kept, whatever order the events arrive in.
 */
import type { InitiatorContext, Observation } from '../core/model';
import {
  WebRequestCollector,
  originOfUrl,
  type CollectorState,
  type FirstEventOf,
  type WebRequestDetails,
  type WebRequestEventName,
} from '../sources/webrequest';
import { sanitizePageRecords } from '../sources/page-hints';
import { TabStore, type Analyzer, type NewPageHint, type PersistedTab, type TabChanges, type TabStoreOptions } from './tab-store';
import { ServiceWorkerTwins } from './service-worker-twins';
import { unsentCallObservations } from './unsent-calls';
import { WorkerAttribution } from './worker-attribution';

/** Who sent page hints, as the browser reported the message sender. */
export interface PageHintSender {
  tabId: number;
  frameId?: number;
  documentId?: string;
  /** The sending document's origin, as the browser reported it. */
  origin?: string;
}

export interface RecorderListener {
  /** Exchanges of a tab were added, changed or removed. */
  changed(tabId: number, changes: TabChanges): void;
  /** A tab's list was emptied (then `changed` may follow with requests that survived the cut). */
  cleared(tabId: number, reason: 'user' | 'navigation'): void;
  /** A tab's preserve-log flag or dropped count changed. */
  status(tabId: number): void;
}

export interface PersistedRecorder {
  collector: CollectorState;
  tabs: Record<string, PersistedTab>;
}

export interface RecorderOptions extends TabStoreOptions {
  /**
   * When a tab's changes are analysed and reported: now (the default), or when this scheduler
   * runs `run`, so that the events arriving meanwhile are analysed together; it must keep one
   * pending run, however often it is asked (main.ts: a keyed Throttle task). Reads of a tab store
   * (lists, counts, snapshots) are always current.
   */
  defer?: (run: () => void) => void;
  /** What the listeners hear first, per resource type (platform/webrequest.ts); default onBeforeRequest. */
  firstEventOf?: FirstEventOf;
}

/** Prune the collector's finished chains every this many events. */
const PRUNE_EVERY = 256;

export class Recorder {
  private collector: WebRequestCollector;
  private readonly tabs = new Map<number, TabStore>();
  /** Chains already known to be cross-origin (so later hops are kept). */
  private readonly relevantChains = new Set<string>();
  private readonly dirty = new Set<number>();
  /** Routes service/shared workers' requests (tabId -1) to the tabs they serve. */
  private readonly workers: WorkerAttribution;
  /** Firefox's page-side twin of a fetch the service worker answered (dropped: one exchange). */
  private readonly twins = new ServiceWorkerTwins();
  private collectorDirty = false;
  private events = 0;
  /** Tabs with changes staged and not reported yet. */
  private readonly due = new Set<number>();

  constructor(
    private readonly analyze: Analyzer,
    private readonly listener: RecorderListener,
    private readonly options: RecorderOptions = {},
  ) {
    this.collector = new WebRequestCollector(undefined, { firstEventOf: options.firstEventOf });
    this.workers = new WorkerAttribution(options.firstEventOf);
  }

  /** Replaces the state with a persisted one (background start). */
  restore(state: Partial<PersistedRecorder>): void {
    this.collector = new WebRequestCollector(state.collector, { firstEventOf: this.options.firstEventOf });
    this.tabs.clear();
    this.relevantChains.clear();
    for (const [key, persisted] of Object.entries(state.tabs ?? {})) {
      const tabId = Number(key);
      if (!Number.isInteger(tabId)) continue;
      this.tabs.set(tabId, new TabStore(this.analyze, this.options, persisted));
      for (const o of persisted.observations) if (o.chainId !== undefined) this.relevantChains.add(o.chainId);
      // The documents the tab showed are not stored; the origins its exchanges came from were
      // among them (a worker's were routed here for one): its workers' requests find it again.
      for (const o of persisted.observations) if (o.initiatorOrigin) this.workers.noteDocument(tabId, o.initiatorOrigin);
    }
  }

  /** Whether an event can matter at all: requests outside tabs (the extension's own, workers') never do. */
  wants(d: WebRequestDetails): d is WebRequestDetails & { tabId: number } {
    return !!d && typeof d.tabId === 'number' && d.tabId >= 0;
  }

  /**
   * An event the same-origin gate dropped (same-origin-gate.ts): never recorded, but it still tells
   * which origins the tab's documents have, and which service workers they install.
   */
  noteSkipped(event: WebRequestEventName, d: WebRequestDetails): void {
    if (this.wants(d)) this.workers.noteTabEvent(event, d);
  }

  /**
   * `showIn`: the tabs a request outside tabs may be shown in (those under inspection; without
   * it, every tab of the worker's origin).
   */
  handle(event: WebRequestEventName, d: WebRequestDetails, showIn?: (tabId: number) => boolean): void {
    if (WorkerAttribution.isOutsideTab(d)) {
      // One chain per tab it is shown in: the request id gets the tab appended.
      for (const route of this.workers.route(event, d)) {
        if (showIn && !showIn(route.tabId)) continue;
        this.handleInTab(event, { ...d, tabId: route.tabId, requestId: `${d.requestId}@${route.tabId}` }, route.context);
      }
      return;
    }
    if (!this.wants(d)) return;
    this.workers.noteTabEvent(event, d);
    this.handleInTab(event, d);
  }

  private handleInTab(event: WebRequestEventName, d: WebRequestDetails & { tabId: number }, context?: InitiatorContext): void {
    const tabId = d.tabId;
    if (d.type === 'main_frame') {
      this.onTopLevel(event, d, tabId);
      return;
    }
    const { observations, removedIds } = this.collector.handle(event, d);
    if (context) for (const o of observations) o.initiatorContext = context;
    this.collectorDirty = true;
    if (++this.events % PRUNE_EVERY === 0) this.pruneCollector();
    const chain = d.requestId;
    if (observations.length === 0) {
      // The collector withdrew a chain (a cache probe that never went out): take back its rows.
      if (removedIds.length > 0 && this.relevantChains.delete(chain)) this.withdraw(tabId, removedIds);
      return;
    }
    if (!this.relevantChains.has(chain)) {
      if (!observations.some(isCrossOrigin)) {
        // A finished same-origin request is never shown: don't keep its headers (cookies…) around.
        if (this.collector.isDone(chain)) this.collector.forgetChain(chain);
        return;
      }
      this.relevantChains.add(chain);
    }
    const store = this.ensureTab(tabId);
    const { keep, removeIds } = this.twins.sort(tabId, observations);
    store.stage(keep, removeIds.length > 0 ? [...removedIds, ...removeIds] : removedIds);
    this.touch(tabId);
  }

  private withdraw(tabId: number, removedIds: string[]): void {
    const store = this.tabs.get(tabId);
    if (!store) return;
    store.stage([], removedIds);
    this.touch(tabId);
  }

  /** The tab's store has staged changes: have them analysed and reported (now, or deferred). */
  private touch(tabId: number): void {
    this.dirty.add(tabId);
    this.due.add(tabId);
    // The scheduler keeps one pending run (main.ts: a keyed Throttle task).
    if (this.options.defer) this.options.defer(() => this.reportDue());
    else this.reportDue();
  }

  /** Analyses what the tabs staged since the last report and tells the listener. */
  reportDue(): void {
    const tabs = [...this.due];
    this.due.clear();
    for (const tabId of tabs) {
      const changes = this.tabs.get(tabId)?.takeChanges();
      if (changes && (changes.upserts.length > 0 || changes.removedIds.length > 0)) this.listener.changed(tabId, changes);
    }
  }

  /**
   * The background restarted (Chrome): requests in flight may have lost the events dispatched
   * while it was down, so their verdicts say so instead of passing for complete.
   */
  markRestartGaps(): void {
    for (const observations of this.collector.markInFlightGaps()) {
      const first = observations[0];
      if (!first || typeof first.tabId !== 'number' || first.chainId === undefined || !this.relevantChains.has(first.chainId)) continue;
      const store = this.tabs.get(first.tabId);
      if (!store) continue;
      store.stage(observations, []);
      this.touch(first.tabId);
    }
    this.collectorDirty = true;
  }

  tab(tabId: number): TabStore | undefined {
    return this.tabs.get(tabId);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  /** A store for the tab, created on demand (a panel may open before any traffic). */
  ensureTab(tabId: number): TabStore {
    let store = this.tabs.get(tabId);
    if (!store) {
      store = new TabStore(this.analyze, this.options);
      this.tabs.set(tabId, store);
    }
    return store;
  }

  /** User pressed Clear: forget what started before `at`. */
  clearTab(tabId: number, at: number): void {
    this.cut(tabId, at, 'user');
  }

  setPreserveLog(tabId: number, value: boolean): void {
    const store = this.ensureTab(tabId);
    if (store.preserveLog === value) return;
    store.preserveLog = value;
    this.dirty.add(tabId);
    this.listener.status(tabId);
  }

  /**
   * Forgets the collector's finished requests (kept only to absorb late duplicate events; the tab
   * stores hold their observations): the first thing to give up when storage is full.
   */
  compactCollector(): number {
    const n = this.collector.forgetFinished();
    if (n > 0) this.collectorDirty = true;
    return n;
  }

  /**
   * Page hints from a tab's relay (src/content/relay.ts): validated again (they come from the
   * page), given the tab/frame/document the browser reported for the sender, stored, and the
   * requests they describe re-analysed.
   */
  handlePageHints(sender: PageHintSender, records: unknown): void {
    const tabId = sender.tabId;
    if (!Number.isInteger(tabId) || tabId < 0) return;
    const hints: NewPageHint[] = sanitizePageRecords(records).map((r) => {
      const h: NewPageHint = { ...r, tabId };
      if (typeof sender.frameId === 'number') h.frameId = sender.frameId;
      if (typeof sender.documentId === 'string') h.documentId = sender.documentId;
      return h;
    });
    if (hints.length === 0) return;
    const store = this.ensureTab(tabId);
    // Calls the browser refused inside the page (mixed content) reach no network API: the page's own record is all there is.
    const unsent = unsentCallObservations(hints, sender.origin);
    for (const changes of [unsent.length > 0 ? store.apply(unsent) : undefined, store.addHints(hints)]) {
      if (changes && (changes.upserts.length > 0 || changes.removedIds.length > 0)) this.listener.changed(tabId, changes);
    }
    this.dirty.add(tabId);
  }

  /** Tab closed. */
  /** DevTools saw a request of the tab answered by its service worker (worker-attribution.ts). */
  noteServedTab(tabId: number): void {
    this.workers.noteServedTab(tabId);
  }

  /** A document of `origin` is in the tab (its address, read after a restart): its workers' requests find it. */
  noteDocument(tabId: number, origin: string): void {
    this.workers.noteDocument(tabId, origin);
  }

  /** Origins of the documents the tab has shown since its last navigation (worker attribution). */
  documentOrigins(tabId: number): Iterable<string> {
    return this.workers.originsOf(tabId);
  }

  forgetTab(tabId: number): void {
    const store = this.tabs.get(tabId);
    if (store) for (const o of store.observations()) if (o.chainId !== undefined) this.relevantChains.delete(o.chainId);
    this.tabs.delete(tabId);
    this.due.delete(tabId);
    this.workers.forgetTab(tabId);
    this.collector.forgetTab(tabId);
    this.collectorDirty = true;
    this.dirty.add(tabId);
  }

  /** Tabs changed since the last call, and whether the collector changed (for persistence). */
  takeDirty(): { tabs: number[]; collector: boolean } {
    const out = { tabs: [...this.dirty], collector: this.collectorDirty };
    this.dirty.clear();
    this.collectorDirty = false;
    return out;
  }

  collectorState(): CollectorState {
    return this.collector.state;
  }

  private onTopLevel(event: WebRequestEventName, d: WebRequestDetails, tabId: number): void {
    // The new document exists once its response starts (not for redirects, 204/205 or errors).
    if (event !== 'onResponseStarted' || d.frameId !== 0) return;
    const status = d.statusCode ?? 0;
    if (status < 200 || (status >= 300 && status < 400) || status === 204 || status === 205) return;
    const store = this.tabs.get(tabId);
    if (!store || store.preserveLog) return;
    this.cut(tabId, d.timeStamp, 'navigation');
  }

  private cut(tabId: number, at: number, reason: 'user' | 'navigation'): void {
    const store = this.ensureTab(tabId);
    if (at <= store.clearedAt) return;
    store.clear(at);
    // What was cleared must not live on in the collector (nor in its saved state).
    this.collector.forgetFinished(tabId, at);
    this.collectorDirty = true;
    this.dirty.add(tabId);
    this.listener.cleared(tabId, reason);
    const kept = store.list();
    if (kept.length > 0) this.listener.changed(tabId, { upserts: kept, removedIds: [] });
  }

  private pruneCollector(): void {
    this.collector.prune();
    // Relevance only matters for chains that can still receive events, i.e. the collector's.
    const live = this.collector.state.chains;
    for (const chain of this.relevantChains) if (!(chain in live)) this.relevantChains.delete(chain);
  }
}

/** A request the page made to another origin (or from an opaque origin). */
export function isCrossOrigin(o: Observation): boolean {
  if (o.initiatorOrigin === null) return true;
  if (o.initiatorOrigin === undefined) return false;
  const target = originOfUrl(o.url);
  return target === null || (target !== undefined && target !== o.initiatorOrigin);
}
