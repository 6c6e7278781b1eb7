/**
 * Page hints ↔ exchanges: links each hint (what the page saw of its own fetch/XHR call, validated by
 * src/sources/page-hints.ts) to the exchange it describes. Part of pairing, so it lives beside it:
 * `analyze(observations, { hints })` runs it between pairing and evaluation. Pure, no browser API.
 */
import type { Exchange, PageHint } from '../model';

/** Longer URLs are dropped, not truncated: a truncated URL would match nothing. */
export const MAX_HINT_URL_LENGTH = 4096;

/** An http(s) URL without its fragment (the fragment is never sent, webRequest never shows it). */
export function hintUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_HINT_URL_LENGTH) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * The method as it goes on the wire: fetch and XHR upper-case the six standard methods whatever
 * their case (`delete` → `DELETE`) and send every other method exactly as given (`patch`).
 */
export function wireMethod(method: string): string {
  const upper = method.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : method;
}


export interface MatchOptions {
  /** How far apart the page's clock and the browser's may read the same instant (see CLOCK_SLACK_MS). */
  clockSlackMs?: number;
}

/**
 * The page's `Date.now()` and the browser's event time stamps read the same wall clock, but not
 * to the millisecond: Firefox coarsens page timers (privacy.reduceTimerPrecision, 100 ms and more
 * under resistFingerprinting) and each process reads the clock on its own. A tolerance for clock
 * rounding, not for load: load only delays a request after its call (by any amount, so there is
 * no upper margin), and a call never settles before its request has started.
 */
export const CLOCK_SLACK_MS = 1_000;
/** Above this many (exchange × hint) pairs in one group, fall back to a linear FIFO pass. */
const MAX_ALIGN_CELLS = 250_000;

interface Side<T> {
  item: T;
  t: number;
  /** Hints: when the page saw the call settle (its request had started by then). */
  end: number | undefined;
  tab: number | undefined;
  frame: number | undefined;
  doc: string | undefined;
}

const key = (method: string, url: string, frame: number | undefined) => `${frame ?? ''}\n${method}\n${url}`;

function exchangeSide(e: Exchange): { k: string; side: Side<Exchange> } | null {
  const first = e?.hops?.[0]?.request;
  const url = hintUrl(first?.url ?? e?.url);
  const method = first?.method ?? e?.method;
  if (url === null || typeof method !== 'string') return null;
  const frame = first?.frameId;
  return {
    k: key(method, url, frame),
    side: { item: e, t: e.startTime, end: undefined, tab: e.tabId ?? first?.tabId, frame, doc: e.documentId ?? first?.documentId },
  };
}

function hintSide(h: PageHint): { k: string; side: Side<PageHint> } | null {
  const url = hintUrl(h?.url);
  if (url === null || typeof h.method !== 'string' || typeof h.startTime !== 'number') return null;
  const end = typeof h.endTime === 'number' && h.endTime >= h.startTime ? h.endTime : undefined;
  return { k: key(wireMethod(h.method), url, h.frameId), side: { item: h, t: h.startTime, end, tab: h.tabId, frame: h.frameId, doc: h.documentId } };
}

const sameIfKnown = <T>(a: T | undefined, b: T | undefined) => a === undefined || b === undefined || a === b;

/**
 * Whether the data allows this request to be this call's: same tab and document (when both
 * sides know them), and a request that started within the call's lifetime — not before the call
 * was made, not after the page saw it settle (when the hint says when). No other time limit: on a
 * loaded machine a request may start seconds after its call.
 */
function fits(e: Side<Exchange>, h: Side<PageHint>, slack: number): boolean {
  if (!sameIfKnown(e.tab, h.tab) || !sameIfKnown(e.doc, h.doc)) return false;
  if (e.t < h.t - slack) return false;
  return h.end === undefined || e.t <= h.end + slack;
}

/**
 * Links each hint to the exchange it describes: same first-hop URL, wire method and frame, and
 * what `fits` allows. Each hint is used once and each exchange gets at most one. Among identical
 * requests the pairing keeps call order (the browser starts them in the order they were made):
 * pairs never cross, as many as possible are made, and time only chooses, among those, which
 * call goes unpaired (the one farthest from any request). Returns the pairs; inputs are not modified.
 */
export function matchPageHints(exchanges: readonly Exchange[], hints: readonly PageHint[], options: MatchOptions = {}): Map<Exchange, PageHint> {
  const slack = options.clockSlackMs ?? CLOCK_SLACK_MS;
  const groups = new Map<string, { ex: Array<Side<Exchange>>; hs: Array<Side<PageHint>> }>();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ex: [], hs: [] }));
    return g;
  };
  for (const h of hints) {
    const s = hintSide(h);
    if (s) group(s.k).hs.push(s.side);
  }
  for (const e of exchanges) {
    const s = exchangeSide(e);
    if (s && groups.has(s.k)) group(s.k).ex.push(s.side);
  }
  const out = new Map<Exchange, PageHint>();
  for (const { ex, hs } of groups.values()) {
    if (ex.length === 0 || hs.length === 0) continue;
    ex.sort((a, b) => a.t - b.t);
    hs.sort((a, b) => a.t - b.t);
    const cost = (e: Side<Exchange>, h: Side<PageHint>): number | null => (fits(e, h, slack) ? Math.abs(e.t - h.t) : null);
    // A skipped item must cost more than any pair, so the most pairs win before any distance does.
    const span = Math.max(ex[ex.length - 1]!.t, hs[hs.length - 1]!.t) - Math.min(ex[0]!.t, hs[0]!.t);
    const pairs = ex.length * hs.length <= MAX_ALIGN_CELLS ? align(ex, hs, cost, span + 1) : fifo(ex, hs, (e, h) => fits(e, h, slack), slack);
    for (const [i, j] of pairs) out.set(ex[i]!.item, hs[j]!.item);
  }
  return out;
}

/** Sets `pageHint` on every exchange a hint matched (see `matchPageHints`); returns how many. */
export function attachPageHints(exchanges: Exchange[], hints: readonly PageHint[], options?: MatchOptions): number {
  const matched = matchPageHints(exchanges, hints, options);
  for (const [e, h] of matched) e.pageHint = h;
  return matched.size;
}

type Cost<A, B> = (a: A, b: B) => number | null;

/**
 * Order-preserving alignment of two time-sorted lists: as many pairs as possible (each skipped
 * item costs more than any pair), then the smallest total time distance. Pairs never cross, so
 * identical concurrent requests pair first-with-first; a call that never reached the network is
 * skipped rather than shifting every later pair.
 */
function align<A, B>(as: A[], bs: B[], cost: Cost<A, B>, skip: number): Array<[number, number]> {
  const n = as.length;
  const m = bs.length;
  const w = m + 1;
  const dp = new Float64Array((n + 1) * w);
  for (let j = 0; j <= m; j++) dp[j] = j * skip;
  for (let i = 1; i <= n; i++) {
    dp[i * w] = i * skip;
    for (let j = 1; j <= m; j++) {
      let best = Math.min(dp[(i - 1) * w + j]! + skip, dp[i * w + j - 1]! + skip);
      const c = cost(as[i - 1]!, bs[j - 1]!);
      if (c !== null) best = Math.min(best, dp[(i - 1) * w + j - 1]! + c);
      dp[i * w + j] = best;
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = dp[i * w + j]!;
    // On ties leave the later hint unused: the earlier call keeps its request (FIFO).
    if (here === dp[i * w + j - 1]! + skip) j--;
    else if (here === dp[(i - 1) * w + j]! + skip) i--;
    else {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    }
  }
  return pairs.reverse();
}

/**
 * Linear fallback for huge groups (both lists sorted by time): each request takes the oldest unused
 * call that fits; calls passed over are never used (that would cross a pair already made).
 */
function fifo(as: Array<Side<Exchange>>, bs: Array<Side<PageHint>>, fit: (a: Side<Exchange>, b: Side<PageHint>) => boolean, slack: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < as.length; i++) {
    for (let j = from; j < bs.length; j++) {
      // Calls made after this request started (beyond clock rounding) cannot be its call, nor can any later one.
      if (bs[j]!.t - slack > as[i]!.t) break;
      if (!fit(as[i]!, bs[j]!)) continue;
      pairs.push([i, j]);
      from = j + 1;
      break;
    }
  }
  return pairs;
}
