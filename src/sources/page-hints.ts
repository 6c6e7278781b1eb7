/**
 * The page-side source: what the page itself saw of its fetch/XHR/EventSource calls (recorded by
 * src/content/page-hooks.ts in the page's own world), turned into `PageHint`s and linked to the
 * exchanges webRequest observed. Pure: no browser API.
 *
 * Why: no network API reports a request's credentials mode or mode, Chrome's webRequest says only
 * `net::ERR_FAILED`, and Firefox's reports a response it blocked for a missing/wildcard
 * `Access-Control-Allow-Origin` or a missing `Access-Control-Allow-Credentials` as a normal
 * completion. The page knows all three.
 *
 * Trust: records come from the page, so every field is validated and capped here (the relay and
 * the background both call `sanitizePageRecords`). A page can only describe — or mislead — its own
 * tab's panel: the tab, frame and document come from the browser's message sender, never the page.
 */
import type { CredentialsMode, Exchange, PageHint } from '../core/model';

export type { PageHint };

/** One call as the page script reports it (the hint without the ids the background adds). */
export type PageRecord = Omit<PageHint, 'id' | 'tabId' | 'frameId' | 'documentId'>;

export const PAGE_RECORD_LIMITS = {
  /** Longer URLs are dropped, not truncated: a truncated URL would match nothing. */
  urlLength: 4096,
  methodLength: 32,
  headerNames: 64,
  headerNameLength: 128,
  /** Records per message. */
  batch: 100,
  /** Characters of one serialized batch (checked before parsing). */
  batchChars: 200_000,
} as const;

const KINDS = new Set<PageHint['kind']>(['fetch', 'xhr', 'eventsource', 'element']);
const MODES = new Set<NonNullable<PageHint['mode']>>(['cors', 'no-cors', 'same-origin']);
const CREDENTIALS = new Set<CredentialsMode>(['omit', 'same-origin', 'include']);
const REDIRECTS = new Set<NonNullable<PageHint['redirect']>>(['follow', 'error', 'manual']);
const RESPONSE_TYPES = new Set(['basic', 'cors', 'default', 'error', 'opaque', 'opaqueredirect']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ERROR_NAME = /^[A-Za-z]{1,64}$/;

const isIn = <T extends string>(set: Set<T>, v: unknown): v is T => typeof v === 'string' && set.has(v as T);

/** An http(s) URL without its fragment (the fragment is never sent, webRequest never shows it). */
export function hintUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > PAGE_RECORD_LIMITS.urlLength) return null;
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

/** A validated copy of one untrusted record, or null when it is malformed. */
export function sanitizePageRecord(raw: unknown): PageRecord | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (!isIn(KINDS, r['kind'])) return null;
  const url = hintUrl(r['url']);
  if (url === null) return null;
  const method = r['method'];
  if (typeof method !== 'string' || method.length > PAGE_RECORD_LIMITS.methodLength || !TOKEN.test(method)) return null;
  const startTime = r['startTime'];
  if (typeof startTime !== 'number' || !Number.isFinite(startTime) || startTime <= 0) return null;
  const outcome = r['outcome'];
  if (outcome !== 'resolved' && outcome !== 'rejected') return null;

  const out: PageRecord = { kind: r['kind'], url, method, headerNames: headerNames(r['headerNames']), startTime, outcome };
  if (isIn(MODES, r['mode'])) out.mode = r['mode'];
  if (isIn(CREDENTIALS, r['credentials'])) out.credentials = r['credentials'];
  if (isIn(REDIRECTS, r['redirect'])) out.redirect = r['redirect'];
  if (isIn(RESPONSE_TYPES, r['responseType'])) out.responseType = r['responseType'];
  const status = r['status'];
  if (typeof status === 'number' && Number.isInteger(status) && status >= 0 && status <= 999) out.status = status;
  const error = r['error'];
  if (outcome === 'rejected' && typeof error === 'string' && ERROR_NAME.test(error)) out.error = error;
  return out;
}

function headerNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const names = new Set<string>();
  for (const n of raw.slice(0, PAGE_RECORD_LIMITS.headerNames)) {
    if (typeof n === 'string' && n.length <= PAGE_RECORD_LIMITS.headerNameLength && TOKEN.test(n)) names.add(n.toLowerCase());
  }
  return [...names];
}

/** Validated records of an untrusted batch (an array, or its JSON text); malformed entries are dropped. */
export function sanitizePageRecords(raw: unknown): PageRecord[] {
  let list = raw;
  if (typeof raw === 'string') {
    if (raw.length > PAGE_RECORD_LIMITS.batchChars) return [];
    try {
      list = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const out: PageRecord[] = [];
  for (const item of list.slice(0, PAGE_RECORD_LIMITS.batch)) {
    const r = sanitizePageRecord(item);
    if (r) out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------- matching hints to exchanges

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
