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
  /** How long after the page's call its request may start (webRequest time − page time). */
  maxLagMs?: number;
  /** How much earlier than the call a request may seem to start (clock rounding: Firefox clamps page timers). */
  maxLeadMs?: number;
}

const DEFAULT_LAG_MS = 10_000;
const DEFAULT_LEAD_MS = 1_000;
/** Above this many (exchange × hint) pairs in one group, fall back to a linear FIFO pass. */
const MAX_ALIGN_CELLS = 250_000;

interface Side<T> {
  item: T;
  t: number;
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
    side: { item: e, t: e.startTime, tab: e.tabId ?? first?.tabId, frame, doc: e.documentId ?? first?.documentId },
  };
}

function hintSide(h: PageHint): { k: string; side: Side<PageHint> } | null {
  const url = hintUrl(h?.url);
  if (url === null || typeof h.method !== 'string' || typeof h.startTime !== 'number') return null;
  return { k: key(wireMethod(h.method), url, h.frameId), side: { item: h, t: h.startTime, tab: h.tabId, frame: h.frameId, doc: h.documentId } };
}

const sameIfKnown = <T>(a: T | undefined, b: T | undefined) => a === undefined || b === undefined || a === b;

/**
 * Links each hint to the exchange it describes: same tab, frame and document (when both sides know
 * them), the same first-hop URL and wire method, and a request start within the window after the
 * call. Each hint is used once and each exchange gets at most one. Among identical requests the
 * pairing keeps call order (FIFO: the browser starts them in the order they were made) and, within
 * that, puts each request with the nearest call. Returns the pairs; inputs are not modified.
 */
export function matchPageHints(exchanges: readonly Exchange[], hints: readonly PageHint[], options: MatchOptions = {}): Map<Exchange, PageHint> {
  const lag = options.maxLagMs ?? DEFAULT_LAG_MS;
  const lead = options.maxLeadMs ?? DEFAULT_LEAD_MS;
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
    const cost = (e: Side<Exchange>, h: Side<PageHint>): number | null => {
      const dt = e.t - h.t;
      if (dt > lag || dt < -lead) return null;
      if (!sameIfKnown(e.tab, h.tab) || !sameIfKnown(e.doc, h.doc)) return null;
      return Math.abs(dt);
    };
    const pairs = ex.length * hs.length <= MAX_ALIGN_CELLS ? align(ex, hs, cost, lag + lead + 1) : fifo(ex, hs, cost);
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

/** Linear fallback for huge groups: each request takes the oldest unused call that fits. */
function fifo<A, B>(as: A[], bs: B[], cost: Cost<A, B>): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < as.length; i++) {
    for (let j = from; j < bs.length; j++) {
      if (cost(as[i]!, bs[j]!) === null) continue;
      pairs.push([i, j]);
      from = j + 1;
      break;
    }
  }
  return pairs;
}
