/**
 * Which requests the background listens to with the full (header-reading) webRequest listeners:
 *
 * - By default, only tabs under inspection: a DevTools window open on the tab (its DevTools page
 *   holds a port: main.ts) gets a listener set filtered to that tab, added when the first port
 *   of the tab connects and removed when the last one goes. Requests outside tabs (service and
 *   shared workers, tabId -1) get a set of their own while any tab is inspected, where the browser
 *   can filter them (Firefox; Chrome reads a `tabId: -1` filter as "every tab").
 * - Chrome, which cannot filter requests outside tabs: while an inspected tab is served by a
 *   service worker (`serve`; service-worker-origins.ts says which), one unfiltered set. Every tab's
 *   events then reach the background; `covers` drops those of tabs nobody inspects.
 * - With "Record in the background" on (PanelPrefs.backgroundRecording), one set for every tab,
 *   as before issue 13.
 *
 * Surviving a stop (measured in Chromium 156 and Firefox 153). Chrome remembers every listener a
 * service worker added, keyed by event and filter, and wakes a stopped worker for any request one
 * of them matches, until a listener with the same filter is removed; the events then go to the
 * listeners the new instance registered synchronously. Firefox remembers the listeners an event
 * page registered during its start only (later ones are neither remembered nor forgotten when
 * removed), primes them while the page is suspended, and hands their buffered events to the
 * listeners registered again with the same arguments during the next start. Neither can be told
 * which tabs were inspected before the first await. So at start the scope registers, synchronously:
 * - Firefox, from the mirror kept in the page's synchronous localStorage: the very sets it had
 *   (same filters, so the primed listeners are taken over with their buffered events);
 * - otherwise (Chrome, or no mirror yet): one set for every tab, a bridge kept only until the
 *   stored state says what is wanted (`settle`); then the tabs' sets are added and the bridge
 *   removed (a removed listener no longer wakes the background, in both browsers).
 * A set removed for a tab whose DevTools went away while the worker was stopped is registered
 * again and removed: Chrome forgets a remembered listener only when one with the same filter is.
 *
 * While two sets overlap (the bridge and a tab's set), the same event arrives twice: `accept`
 * lets each event through once.
 */
import type { ListenerSet } from '../platform/webrequest';
import type { WebRequestDetails, WebRequestEventName } from '../sources/webrequest';

/** `undefined`: every tab; a number: that tab (-1: requests outside tabs). */
export type ListenTarget = number | undefined;
export type Listen = (target: ListenTarget) => ListenerSet;

/** What the scope must cover, as stored (storage.session / the panel prefs). */
export interface ScopeState {
  background: boolean;
  tabs: number[];
  /** Of `tabs`, those served by a service worker (Chrome: they need the unfiltered set). */
  served?: number[];
}

export interface ScopeOptions {
  /** The browser can filter requests outside tabs with `tabId: -1` (Firefox). */
  workerFilter: boolean;
  /** Saves the state (storage.session and the synchronous mirror); errors are the caller's to log. */
  save(state: ScopeState): void;
}

/** Recent events, to drop the second copy of an event two overlapping sets both delivered. */
const RECENT_EVENTS = 4_096;

export class CaptureScope {
  private all: ListenerSet | undefined;
  private readonly sets = new Map<number, ListenerSet>();
  /** Open DevTools ports per tab (a DevTools page, and the CORS panel once shown). */
  private readonly inspectors = new Map<number, number>();
  /** Tabs restored from storage whose DevTools has not reconnected yet. */
  private readonly restored = new Set<number>();
  /** Tabs whose DevTools connected or left since this background started: storage is older news. */
  private readonly heardFrom = new Set<number>();
  /** Covered tabs served by a service worker: without a worker filter, the unfiltered set is kept. */
  private readonly served = new Set<number>();
  private background = false;
  private settled = false;
  /** The start-up set for every tab, kept from `start` until `dropBridge` (after `settle`). */
  private bridge = false;
  private readonly recent = new Set<string>();
  readonly errors: string[] = [];

  constructor(
    private readonly listen: Listen,
    private readonly options: ScopeOptions,
  ) {}

  /**
   * Synchronous start, at the top level. `mirror`: the state saved last, when the browser lets us
   * read it synchronously (Firefox); without it every tab is listened to until `settle`.
   */
  start(mirror: ScopeState | undefined): void {
    if (!mirror) {
      this.bridge = true;
      this.sync();
      return;
    }
    this.background = mirror.background;
    for (const tabId of mirror.tabs) this.restored.add(tabId);
    for (const tabId of mirror.served ?? []) this.served.add(tabId);
    this.sync();
  }

  /**
   * The stored state is loaded: listen to what it says. Tabs it lists stay covered until their
   * DevTools reconnects or `forgetUnclaimed` runs (the DevTools page reconnects at once).
   */
  settle(stored: ScopeState): void {
    this.settled = true;
    this.background = stored.background;
    for (const tabId of stored.tabs) if (!this.heardFrom.has(tabId)) this.restored.add(tabId);
    for (const tabId of stored.served ?? []) if (!this.heardFrom.has(tabId) || this.inspectors.has(tabId)) this.served.add(tabId);
    this.sync();
    // Writes the mirror too: the next start registers exactly these sets, without the bridge.
    this.persist();
  }

  /**
   * Removes the start-up bridge. Called one browser round trip after `settle`, so that events the
   * browser sent to the bridge before it had the tabs' sets have arrived (and are recorded).
   */
  dropBridge(): void {
    if (!this.bridge) return;
    this.bridge = false;
    this.sync();
  }

  /** Tabs restored from storage that no DevTools claimed: stop listening to them. */
  forgetUnclaimed(): void {
    if (this.restored.size === 0) return;
    this.restored.clear();
    for (const tabId of [...this.served]) if (!this.inspectors.has(tabId)) this.served.delete(tabId);
    this.sync();
    this.persist();
  }

  /** A DevTools port of the tab connected. */
  inspect(tabId: number): void {
    this.inspectors.set(tabId, (this.inspectors.get(tabId) ?? 0) + 1);
    this.heardFrom.add(tabId);
    this.restored.delete(tabId);
    this.sync();
    this.persist();
  }

  /** A DevTools port of the tab went away. */
  release(tabId: number): void {
    this.heardFrom.add(tabId);
    this.restored.delete(tabId);
    const n = (this.inspectors.get(tabId) ?? 0) - 1;
    if (n > 0) this.inspectors.set(tabId, n);
    else this.inspectors.delete(tabId);
    if (n <= 0) this.served.delete(tabId);
    this.sync();
    this.persist();
  }

  /** A covered tab is served by a service worker: hear requests outside tabs for it. */
  serve(tabId: number): void {
    if (this.served.has(tabId) || !this.coveredTabs().includes(tabId)) return;
    this.served.add(tabId);
    this.sync();
    this.persist();
  }

  setBackground(on: boolean): void {
    if (this.background === on) return;
    this.background = on;
    this.sync();
    this.persist();
  }

  /** Whether a tab's (or, with -1, a worker's) requests are to be recorded. */
  covers(tabId: number): boolean {
    if (this.background) return true;
    if (!this.settled && this.bridge) return true; // not known yet: kept, sorted out when settled
    if (tabId === -1) return this.coveredTabs().length > 0;
    return this.inspectors.has(tabId) || this.restored.has(tabId);
  }

  isInspected(tabId: number): boolean {
    return this.inspectors.has(tabId);
  }

  /** False for the second copy of an event that overlapping sets both delivered. */
  accept(event: WebRequestEventName, d: WebRequestDetails): boolean {
    if (this.liveSets() < 2) return true;
    const key = `${event}\u0000${d.requestId}\u0000${d.timeStamp}\u0000${d.url}\u0000${d.tabId}`;
    if (this.recent.has(key)) return false;
    this.recent.add(key);
    if (this.recent.size > RECENT_EVENTS) this.recent.delete(this.recent.values().next().value as string);
    return true;
  }

  /** For tests and the panel: what is listened to now. */
  describe(): { all: boolean; background: boolean; tabs: number[]; workers: boolean; inspected: number[]; served: number[] } {
    return {
      all: this.all !== undefined,
      background: this.background,
      tabs: [...this.sets.keys()].filter((t) => t >= 0).sort((a, b) => a - b),
      workers: this.sets.has(-1) || (this.all !== undefined && this.servedCovered().length > 0),
      inspected: [...this.inspectors.keys()].sort((a, b) => a - b),
      served: this.servedCovered(),
    };
  }

  /** Tabs recorded because DevTools is (or, restored from storage, was) open on them. */
  coveredTabs(): number[] {
    return [...new Set([...this.inspectors.keys(), ...this.restored])];
  }

  private servedCovered(): number[] {
    const covered = new Set(this.coveredTabs());
    return [...this.served].filter((t) => covered.has(t)).sort((a, b) => a - b);
  }

  /** Adds and removes listener sets until they match what is wanted. */
  private sync(): void {
    const workersUnfiltered = !this.options.workerFilter && this.servedCovered().length > 0;
    const wantAll = this.background || this.bridge || workersUnfiltered;
    const tabs = this.background || (!this.settled && this.bridge) ? [] : this.coveredTabs();
    const wanted = new Set<number>(tabs);
    if (tabs.length > 0 && this.options.workerFilter) wanted.add(-1);
    // Add before removing: an event between the two is delivered twice (deduplicated), never lost.
    for (const tabId of wanted) if (!this.sets.has(tabId)) this.sets.set(tabId, this.register(tabId));
    if (wantAll) this.addAll();
    for (const [tabId, set] of [...this.sets]) {
      if (!wanted.has(tabId)) {
        set.remove();
        this.sets.delete(tabId);
      }
    }
    if (!wantAll && this.all) {
      this.all.remove();
      this.all = undefined;
    }
  }

  private addAll(): void {
    this.all ??= this.register(undefined);
  }
  private register(target: ListenTarget): ListenerSet {
    const set = this.listen(target);
    for (const e of set.errors) this.errors.push(target === undefined ? e : `${e} (tab ${target})`);
    return set;
  }

  private liveSets(): number {
    return this.sets.size + (this.all ? 1 : 0);
  }

  private persist(): void {
    // Before `settle` the stored state is not read yet: writing now would lose what only it knows
    // (the served tabs). `settle` writes the merged state.
    if (!this.settled && !this.options.workerFilter) return;
    const served = this.servedCovered();
    this.options.save({ background: this.background, tabs: this.coveredTabs().sort((a, b) => a - b), ...(served.length > 0 ? { served } : {}) });
  }
}
