/**
 * One tab's recorded traffic: its observations and the analysed exchanges built from them.
 * Pure (no browser API): the background owns one per tab and feeds it collector updates.
 *
 * Storage and bounds only: which observations to re-pair after an event is the core's decision
 * (`LivePairingIndex`, src/core/pairing/live-index.ts), and the pairing itself is `analyze`. So a
 * tab with 5,000 exchanges doesn't re-pair 5,000 on each event. Updates are staged and analysed
 * together when the changes are taken or the exchanges read (`stage`, `takeChanges`).
 *
 * Bounded: at most `maxExchanges` exchanges; the oldest are dropped first and counted.
 *
 * Page hints (what the page saw of its own calls, src/sources/page-hints.ts) live here too: a hint
 * may arrive before or after the webRequest events of its request. Each analysis is handed the
 * hints that could belong to the observations it re-analyses (same URL, not already claimed by an
 * exchange outside the group); the analyzer attaches them. A hint stays as long as the exchange
 * it describes; unclaimed ones are bounded by `maxPendingHints` (oldest dropped first).
 *
 * Exchanges the browser has not finished yet carry `exchange.inFlight` (what they wait for): their
 * verdict is provisional, and the panel shows them as pending until the last event arrives.
 */
import type { AnalyzedExchange, Observation, PageHint } from '../core/model';
import { exchangeObservationIds, withInFlight } from '../core/pairing/in-flight';
import { addTo, deleteFrom, LivePairingIndex } from '../core/pairing/live-index';
import { mergeChanges, type TabChanges } from './tab-changes';
import type { PersistedTab, PersistUnits } from './tab-saved';

export type { TabChanges } from './tab-changes';
export type { PersistedTab, PersistUnits } from './tab-saved';

/** Pairs and evaluates observations; `hints` are the page hints that may describe some of them. */
export type Analyzer = (observations: Observation[], hints: readonly PageHint[]) => AnalyzedExchange[];

/** A hint as the recorder hands it over (the store assigns the id). */
export type NewPageHint = Omit<PageHint, 'id'>;

export interface TabStoreOptions {
  /** Most exchanges kept; the oldest are dropped beyond it. */
  maxExchanges?: number;
  /** Upper bound on how many observations one event re-analyses. */
  maxGroup?: number;
  /** Most page hints kept that no exchange has claimed yet. */
  maxPendingHints?: number;
}

export const DEFAULT_MAX_EXCHANGES = 5000;
export const DEFAULT_MAX_PENDING_HINTS = 500;

export class TabStore {
  readonly maxExchanges: number;
  private readonly obs: LivePairingIndex;
  /** Insertion order = order first seen: the first entry is the oldest, dropped first. */
  private readonly exchanges = new Map<string, AnalyzedExchange>();
  private readonly exchangeOfObs = new Map<string, string>();
  private readonly obsOfExchange = new Map<string, string[]>();
  /** Chains whose exchange was dropped: late events of theirs must not bring a fragment back. */
  private readonly droppedChains = new Set<string>();
  private readonly maxPendingHints: number;
  /** Insertion order = arrival order: the oldest pending hints are dropped first. */
  private readonly hintsById = new Map<string, PageHint>();
  private readonly hintsByUrl = new Map<string, Set<string>>();
  private readonly hintOfExchange = new Map<string, string>();
  private readonly exchangeOfHint = new Map<string, string>();
  private hintSeq = 0;
  /** Observations changed (`seeds`) and removed (`gone`) since the last analysis. */
  private staged = { seeds: new Set<string>(), gone: new Set<string>() };
  /** Changes the analysis made that `takeChanges` has not handed out yet. */
  private untaken: TabChanges = { upserts: [], removedIds: [] };
  /** Exchanges dropped for the bound (read `dropped`: it counts what was staged too). */
  private droppedCount = 0;
  clearedAt = -Infinity;
  preserveLog = false;

  constructor(
    private readonly analyze: Analyzer,
    options: TabStoreOptions = {},
    persisted?: PersistedTab,
  ) {
    this.maxExchanges = options.maxExchanges ?? DEFAULT_MAX_EXCHANGES;
    this.obs = new LivePairingIndex({ maxGroup: options.maxGroup ?? 200 });
    this.maxPendingHints = options.maxPendingHints ?? DEFAULT_MAX_PENDING_HINTS;
    if (persisted) {
      this.droppedCount = persisted.dropped;
      this.clearedAt = persisted.clearedAt ?? -Infinity;
      this.preserveLog = persisted.preserveLog;
      for (const o of persisted.observations) this.index(o);
      this.hintSeq = typeof persisted.hintSeq === 'number' ? persisted.hintSeq : 0;
      for (const h of Array.isArray(persisted.hints) ? persisted.hints : []) {
        if (h && typeof h.id === 'string' && typeof h.url === 'string' && typeof h.startTime === 'number') this.indexHint(h);
      }
      this.reanalyzeAll();
    }
  }

  get dropped(): number {
    this.settle();
    return this.droppedCount;
  }

  get size(): number {
    this.settle();
    return this.exchanges.size;
  }

  /** Exchanges in time order. */
  list(): AnalyzedExchange[] {
    this.settle();
    return [...this.exchanges.values()].sort((a, b) => a.exchange.startTime - b.exchange.startTime);
  }

  get(id: string): AnalyzedExchange | undefined {
    this.settle();
    return this.exchanges.get(id);
  }

  observations(): Observation[] {
    return [...this.obs.values()];
  }

  /** Every page hint kept (claimed by an exchange or still pending). */
  hints(): PageHint[] {
    return [...this.hintsById.values()];
  }

  /**
   * Stores page hints and re-analyses the requests they may describe (same URL, starting around
   * the call). A hint for a request not seen yet waits for it: `apply` hands it to the analysis.
   */
  addHints(incoming: NewPageHint[]): TabChanges {
    const seeds = new Set<string>();
    for (const h of incoming) {
      if (!(h.startTime >= this.clearedAt)) continue;
      const hint: PageHint = { ...h, id: `ph:${++this.hintSeq}` };
      this.indexHint(hint);
      for (const id of this.obs.nearestTo(hint.url, hint.startTime)) seeds.add(id);
    }
    this.trimPendingHints();
    for (const id of seeds) this.staged.seeds.add(id);
    return this.takeChanges();
  }

  blockedCount(): number {
    this.settle();
    let n = 0;
    for (const a of this.exchanges.values()) if (a.verdict.outcome === 'blocked') n++;
    return n;
  }

  /** Applies a collector update (observations created/changed, ids gone) and re-analyses around it. */
  apply(changed: Observation[], removedIds: string[] = []): TabChanges {
    this.stage(changed, removedIds);
    return this.takeChanges();
  }

  /**
   * Stores a collector update without analysing it yet: the analysis runs once for everything
   * staged, when `takeChanges` is called or a read needs the exchanges (issue 13: a request's
   * events arrive one by one, and analysing its group again on each cost a third of the
   * background's time while a page loaded).
   */
  stage(changed: Observation[], removedIds: string[] = []): void {
    for (const id of removedIds) {
      const ex = this.exchangeOfObs.get(id);
      if (ex) for (const o of this.obsOfExchange.get(ex) ?? []) if (o !== id) this.staged.seeds.add(o);
      this.unindex(id);
      this.staged.gone.add(id);
    }
    for (const o of changed) {
      if (o.startTime < this.clearedAt || (o.chainId !== undefined && this.droppedChains.has(o.chainId))) continue;
      this.index(o);
      this.staged.seeds.add(o.id);
    }
  }

  /** Analyses what was staged and returns every change since the last call. */
  takeChanges(): TabChanges {
    this.settle();
    const out = this.untaken;
    this.untaken = { upserts: [], removedIds: [] };
    return out;
  }

  /** Runs the analysis of what was staged; its changes wait for `takeChanges`. */
  private settle(): void {
    if (this.staged.seeds.size === 0 && this.staged.gone.size === 0) return;
    const { seeds, gone } = this.staged;
    this.staged = { seeds: new Set(), gone: new Set() };
    const changes = this.reanalyze(seeds, gone);
    this.enforceBound(changes);
    this.untaken = mergeChanges(this.untaken, changes);
  }

  /** Forgets everything that started before `at` (later requests stay). */
  clear(at: number): void {
    this.clearedAt = at;
    // Everything is analysed again below; what was not taken yet is gone with the old list.
    this.staged = { seeds: new Set(), gone: new Set() };
    this.untaken = { upserts: [], removedIds: [] };
    for (const o of [...this.obs.values()]) if (o.startTime < at) this.unindex(o.id);
    for (const h of [...this.hintsById.values()]) if (h.startTime < at) this.unindexHint(h.id);
    this.reanalyzeAll();
  }

  toPersisted(): PersistedTab {
    return {
      observations: this.observations(),
      dropped: this.dropped,
      clearedAt: this.clearedAt,
      preserveLog: this.preserveLog,
      hints: this.hints(),
      hintSeq: this.hintSeq,
    };
  }

  /** The state to save, split per exchange in drop order, so storage can keep a newest suffix. */
  persistUnits(): PersistUnits {
    this.settle();
    const units: PersistUnits['units'] = [];
    const held = new Set<string>();
    for (const [id, a] of this.exchanges) {
      const observations: Observation[] = [];
      for (const o of this.obsOfExchange.get(id) ?? []) {
        const obs = this.obs.get(o);
        if (obs && !held.has(o)) observations.push(obs);
        held.add(o);
      }
      const hint = this.hintOfExchange.get(id);
      const h = hint === undefined ? undefined : this.hintsById.get(hint);
      units.push({ observations, hints: h ? [h] : [], startTime: a.exchange.startTime });
    }
    const loose = [...this.obs.values()].filter((o) => !held.has(o.id));
    const pendingHints = [...this.hintsById.values()].filter((h) => !this.exchangeOfHint.has(h.id));
    return { units, loose, pendingHints, dropped: this.dropped, clearedAt: this.clearedAt, preserveLog: this.preserveLog, hintSeq: this.hintSeq };
  }

  private indexHint(h: PageHint): void {
    this.hintsById.set(h.id, h);
    addTo(this.hintsByUrl, h.url, h.id);
  }

  private unindexHint(id: string): void {
    const h = this.hintsById.get(id);
    if (!h) return;
    this.hintsById.delete(id);
    deleteFrom(this.hintsByUrl, h.url, id);
    const ex = this.exchangeOfHint.get(id);
    if (ex !== undefined) this.hintOfExchange.delete(ex);
    this.exchangeOfHint.delete(id);
  }

  /** Drops the oldest hints no exchange has claimed, beyond `maxPendingHints`. */
  private trimPendingHints(): void {
    let pending = this.hintsById.size - this.exchangeOfHint.size;
    if (pending <= this.maxPendingHints) return;
    for (const id of [...this.hintsById.keys()]) {
      if (pending <= this.maxPendingHints) break;
      if (this.exchangeOfHint.has(id)) continue;
      this.unindexHint(id);
      pending--;
    }
  }

  /** Hints that may describe some of these observations: same URL, not claimed outside the group. */
  private candidateHints(observations: Observation[], stale: Set<string>): PageHint[] {
    const out: PageHint[] = [];
    for (const url of new Set(observations.map((o) => o.url))) {
      for (const id of this.hintsByUrl.get(url) ?? []) {
        const ex = this.exchangeOfHint.get(id);
        if (ex === undefined || stale.has(ex)) out.push(this.hintsById.get(id) as PageHint);
      }
    }
    return out;
  }

  private index(incoming: Observation): void {
    const old = this.obs.get(incoming.id);
    // The collector only ever adds to an observation; if it forgot a long-silent request and a
    // late event brings back a fragment, keep what we already knew.
    this.obs.put(old && old.url === incoming.url ? mergeObservation(old, incoming) : incoming);
  }

  private unindex(id: string): void {
    this.obs.remove(id);
  }

  /** The observations to re-pair with the seeds (see `LivePairingIndex.related`). */
  private group(seeds: Set<string>): Set<string> {
    return this.obs.related(seeds, (id) => {
      const ex = this.exchangeOfObs.get(id);
      return ex === undefined ? [] : (this.obsOfExchange.get(ex) ?? []);
    });
  }

  private reanalyze(seeds: Set<string>, gone: Set<string>): TabChanges {
    const group = this.group(seeds);
    // Exchanges that contained any of these observations (or a removed one) are rebuilt.
    const stale = new Set<string>();
    for (const id of [...group, ...gone]) {
      const ex = this.exchangeOfObs.get(id);
      if (ex) stale.add(ex);
    }
    const observations = [...group].map((id) => this.obs.get(id) as Observation);
    const fresh = observations.length > 0 ? this.analyze(observations, this.candidateHints(observations, stale)).map(withInFlight) : [];
    const removedIds: string[] = [];
    for (const ex of stale) {
      this.unlinkHint(ex);
      for (const id of this.obsOfExchange.get(ex) ?? []) if (this.exchangeOfObs.get(id) === ex) this.exchangeOfObs.delete(id);
      this.obsOfExchange.delete(ex);
      if (!fresh.some((a) => a.exchange.id === ex)) {
        this.exchanges.delete(ex);
        removedIds.push(ex);
      }
    }
    for (const a of fresh) this.put(a);
    return { upserts: fresh, removedIds };
  }

  private reanalyzeAll(): void {
    this.exchanges.clear();
    this.exchangeOfObs.clear();
    this.obsOfExchange.clear();
    this.hintOfExchange.clear();
    this.exchangeOfHint.clear();
    const all = [...this.obs.values()];
    if (all.length === 0) return;
    for (const a of this.analyze(all, this.hints()).map(withInFlight).sort((x, y) => x.exchange.startTime - y.exchange.startTime)) this.put(a);
  }

  private put(a: AnalyzedExchange): void {
    const id = a.exchange.id;
    const ids = exchangeObservationIds(a);
    // An exchange id reused by a different group keeps its place in the drop order.
    this.exchanges.set(id, a);
    this.obsOfExchange.set(id, ids);
    for (const o of ids) this.exchangeOfObs.set(o, id);
    this.unlinkHint(id);
    const hint = a.exchange.pageHint?.id;
    if (hint !== undefined && this.hintsById.has(hint)) {
      this.unlinkHint(this.exchangeOfHint.get(hint));
      this.hintOfExchange.set(id, hint);
      this.exchangeOfHint.set(hint, id);
    }
  }

  private unlinkHint(exchangeId: string | undefined): void {
    if (exchangeId === undefined) return;
    const hint = this.hintOfExchange.get(exchangeId);
    if (hint === undefined) return;
    this.hintOfExchange.delete(exchangeId);
    this.exchangeOfHint.delete(hint);
  }

  private enforceBound(changes: TabChanges): void {
    this.dropWhile(changes, () => this.exchanges.size > this.maxExchanges);
  }

  private dropWhile(changes: TabChanges, more: () => boolean): void {
    while (more()) {
      const [oldestId] = this.exchanges.keys();
      if (oldestId === undefined) break;
      const hint = this.hintOfExchange.get(oldestId);
      if (hint !== undefined) this.unindexHint(hint);
      for (const o of this.obsOfExchange.get(oldestId) ?? []) {
        const chain = this.obs.get(o)?.chainId;
        if (chain !== undefined) this.rememberDroppedChain(chain);
        this.exchangeOfObs.delete(o);
        this.unindex(o);
      }
      this.obsOfExchange.delete(oldestId);
      this.exchanges.delete(oldestId);
      this.droppedCount++;
      changes.removedIds.push(oldestId);
      changes.upserts = changes.upserts.filter((a) => a.exchange.id !== oldestId);
    }
  }

  private rememberDroppedChain(chain: string): void {
    this.droppedChains.add(chain);
    if (this.droppedChains.size > this.maxExchanges * 2) {
      const [first] = this.droppedChains;
      if (first !== undefined) this.droppedChains.delete(first);
    }
  }
}

function mergeObservation(old: Observation, incoming: Observation): Observation {
  const merged: Observation = { ...old };
  for (const [k, v] of Object.entries(incoming)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  return merged;
}
