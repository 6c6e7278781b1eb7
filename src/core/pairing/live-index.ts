/**
 * Incremental re-pairing for a live store (src/background/tab-store.ts): an index of the stored
 * observations that answers "which observations must be paired again, together, now that these
 * changed". An event touches one request; only what could pair with it is re-analysed: its own
 * redirect chain, requests to the same URL when a preflight is involved, and whatever is grouped
 * with those today. Neighbours are taken by ORDER (the nearest ones in time, up to a count), never
 * cut off by a time margin: a preflight dated seconds after its request is still its neighbour.
 */
import type { Observation } from '../model';
import { pairingUrl } from './items';

interface Timed {
  t: number;
  id: string;
}

export interface LiveIndexOptions {
  /** Upper bound on how many observations one event re-analyses. Default 200. */
  maxGroup?: number;
  /**
   * Same-URL neighbours considered on each side of an observation. Default `maxGroup`: a burst of
   * identical requests must be re-paired as a whole, or a subset pairs differently from the rest.
   */
  neighbours?: number;
}

export class LivePairingIndex {
  private readonly obs = new Map<string, Observation>();
  /** Per URL, observations sorted by start time. */
  private readonly byUrl = new Map<string, Timed[]>();
  private readonly byChain = new Map<string, Set<string>>();
  private readonly maxGroup: number;
  private readonly neighbours: number;

  constructor(options: LiveIndexOptions = {}) {
    this.maxGroup = options.maxGroup ?? 200;
    this.neighbours = options.neighbours ?? this.maxGroup;
  }

  get(id: string): Observation | undefined {
    return this.obs.get(id);
  }

  has(id: string): boolean {
    return this.obs.has(id);
  }

  values(): IterableIterator<Observation> {
    return this.obs.values();
  }

  /** Adds or replaces an observation (same id). */
  put(o: Observation): void {
    const old = this.obs.get(o.id);
    if (old) removeTimed(this.byUrl, pairingUrl(old.url), old.startTime, old.id);
    if (old?.chainId !== undefined && old.chainId !== o.chainId) deleteFrom(this.byChain, old.chainId, old.id);
    this.obs.set(o.id, o);
    insertTimed(this.byUrl, pairingUrl(o.url), o.startTime, o.id);
    if (o.chainId !== undefined) addTo(this.byChain, o.chainId, o.id);
  }

  remove(id: string): void {
    const o = this.obs.get(id);
    if (!o) return;
    this.obs.delete(id);
    removeTimed(this.byUrl, pairingUrl(o.url), o.startTime, id);
    if (o.chainId !== undefined) deleteFrom(this.byChain, o.chainId, id);
  }

  /**
   * The observations that must be re-paired with the seeds: the seeds' chains, their same-URL
   * neighbours (and their chains), and whatever `mates` says is currently grouped with any of
   * those. Whole units only: an observation comes with its chain and its exchange mates or not at
   * all, so no exchange is ever rebuilt from part of its observations. At most `maxGroup` (the
   * seeds always), and one level only: neighbours of neighbours would walk a polled URL's history.
   */
  related(seeds: Iterable<string>, mates: (id: string) => Iterable<string>): Set<string> {
    const out = new Set<string>();
    const take = (id: string, always: boolean) => {
      if (out.has(id) || !this.obs.has(id)) return;
      const unit = this.unitOf(id, mates);
      let added = 0;
      for (const x of unit) if (!out.has(x)) added++;
      if (!always && out.size + added > this.maxGroup) return;
      for (const x of unit) out.add(x);
    };
    for (const id of seeds) take(id, true);
    for (const id of [...out]) for (const near of this.nearby(this.obs.get(id)!)) take(near, false);
    return out;
  }

  /** An observation with its chain and its exchange mates, transitively. */
  private unitOf(id: string, mates: (id: string) => Iterable<string>): Set<string> {
    const unit = new Set<string>();
    const stack = [id];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (unit.has(x) || !this.obs.has(x)) continue;
      unit.add(x);
      const chain = this.obs.get(x)!.chainId;
      if (chain !== undefined) for (const s of this.byChain.get(chain) ?? []) stack.push(s);
      for (const m of mates(x)) stack.push(m);
    }
    return unit;
  }

  /** Ids of the observations to `url` nearest in order to time `t` (for a page hint), nearest first. */
  nearestTo(url: string, t: number): string[] {
    const list = this.byUrl.get(pairingUrl(url));
    if (!list) return [];
    return nearestFirst(list, lowerBound(list, t), t, this.neighbours);
  }

  /**
   * Same-URL neighbours, nearest first, only when pairing is in question (a preflight, OPTIONS,
   * is involved): a polled URL without preflights pairs nothing, so each request stands alone.
   */
  private nearby(o: Observation): string[] {
    const list = this.byUrl.get(pairingUrl(o.url));
    if (!list) return [];
    const found = nearestFirst(list, lowerBound(list, o.startTime), o.startTime, this.neighbours);
    const involved = o.method === 'OPTIONS' || found.some((id) => this.obs.get(id)?.method === 'OPTIONS');
    return involved ? found : [];
  }
}

/** Up to `k` items on each side of index `at`, ordered by distance in time from `t`. */
function nearestFirst(list: Timed[], at: number, t: number, k: number): string[] {
  const from = Math.max(0, at - k);
  const to = Math.min(list.length, at + k + 1);
  return list
    .slice(from, to)
    .sort((a, b) => Math.abs(a.t - t) - Math.abs(b.t - t))
    .map((x) => x.id);
}

function lowerBound(list: Timed[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertTimed(map: Map<string, Timed[]>, key: string, t: number, id: string): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  // Almost always appended at the end (requests arrive in time order).
  let i = list.length;
  if (i > 0 && list[i - 1]!.t > t) {
    i = lowerBound(list, t);
    while (i < list.length && list[i]!.t <= t) i++;
  }
  list.splice(i, 0, { t, id });
}

function removeTimed(map: Map<string, Timed[]>, key: string, t: number, id: string): void {
  const list = map.get(key);
  if (!list) return;
  for (let i = lowerBound(list, t); i < list.length && list[i]!.t <= t; i++) {
    if (list[i]!.id === id) {
      list.splice(i, 1);
      break;
    }
  }
  if (list.length === 0) map.delete(key);
}

/** Adds `id` to the set under `key` (a multimap of ids; the store's hint index uses it too). */
export function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

/** Removes `id` from the set under `key`, and the key once its set is empty. */
export function deleteFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
