/**
 * Pairing: observations → exchanges. Groups the hops of each redirect chain and gives every hop the
 * preflight the browser sent for it. Nothing links a preflight to its request (webRequest gives
 * separate ids, HAR entries have none), so the match is by tab/document, URL, requested method and
 * headers, timing and outcome. Pure, deterministic, and independent of input order: everything is
 * decided on observations sorted by (startTime, seq, id).
 *
 * Timing facts the rules rest on (browser-feasibility-*.md, recorded HARs):
 * - Chrome starts a preflight just after its actual request's onBeforeRequest; Firefox after the
 *   actual request's send-headers. Either way the preflight lies inside the actual's time span.
 * - Preflights of concurrent identical requests start in the order of their requests (FIFO).
 * - An actual request stopped by a failed preflight fails within a few ms of the preflight's end.
 * - A sent actual request ends after its preflight; a failed preflight (non-ok status, error) never
 *   lets its request go out.
 */
import type { Exchange, HeaderList, Hop, Observation } from './model';
import {
  hasResponse,
  isPreflight,
  pageSetHeaderNames,
  preflightFailed,
  preflightHeaderNames,
  preflightMethod,
  wasNeverSent,
  wouldNeedPreflight,
  headerValue,
} from './request-shape';
import { countHeader, firstRawHeaderValue, hasHeader, sortNames } from './http/headers';
import { isCorsSafelistedMethod } from './http/methods';
import { isSameOrigin } from './http/origin';

/** Tolerance for timestamp rounding (HAR has ms precision) and DevTools timing quirks. */
const SLACK_MS = 20;
/**
 * Tolerance for a HAR entry's end (`startedDateTime + time`), which is a sum of phase durations,
 * not a clock reading: in Chromium's HARs a preflight's `receive` phase runs 3–14 ms past the end
 * of the request it stopped (or let go), and a redirect's next hop starts up to 10 ms after the
 * redirect's end, on an idle machine; on a loaded one both pass SLACK_MS, which left preflights
 * unpaired and split redirect chains (test/e2e/chromium-panel.test.ts, HAR analysis).
 */
const HAR_END_SLACK_MS = 80;

/** How far apart two observations' end-based times may be and still be in order. */
function endSlack(a: Observation, b: Observation): number {
  return a.source === 'har' || b.source === 'har' ? HAR_END_SLACK_MS : SLACK_MS;
}
/**
 * A preflight starts right after its request does (3–8 ms in recorded bursts; its queueing for a
 * socket comes later). A request that started longer ago than this is not waiting for this one.
 */
const START_WINDOW_MS = 1000;
/** How long after a redirect's start its next hop may start, when the redirect's end is unknown. */
const REDIRECT_WINDOW_MS = 10_000;

/** Per-observation facts computed once; links are fields (not Maps) to keep 50,000-entry HARs cheap. */
class RequestItem {
  readonly start: number;
  readonly end: number | undefined;
  readonly neverSent: boolean;
  readonly responded: boolean;
  /** Next hop of the redirect chain, and whether this is a later hop of one. */
  next: RequestItem | undefined = undefined;
  isLaterHop = false;
  preflight: PreflightItem | undefined = undefined;
  /** Lazily computed: the page-set request header names, joined. */
  pageSet: string | undefined = undefined;
  constructor(readonly o: Observation, readonly rank: number) {
    this.start = o.startTime;
    this.end = o.endTime;
    this.neverSent = wasNeverSent(o);
    this.responded = hasResponse(o);
  }
}

class PreflightItem {
  readonly start: number;
  readonly end: number | undefined;
  readonly method: string | undefined;
  /** Sorted ACRH names, and joined with ','. */
  readonly acrh: string[];
  readonly acrhKey: string;
  readonly failed: boolean;
  matched = false;
  constructor(readonly o: Observation, readonly rank: number) {
    this.start = o.startTime;
    this.end = o.endTime;
    this.method = preflightMethod(o);
    this.acrh = sortNames(preflightHeaderNames(o) ?? []);
    this.acrhKey = this.acrh.join(',');
    this.failed = preflightFailed(o) || preflightRejected(o, this.method, this.acrh);
  }
}

/**
 * The preflight's answer certainly refused its request, although the preflight itself completed:
 * no (or several) Access-Control-Allow-Origin, an origin other than the requester's, or the asked
 * method or a header missing from the allow lists. Chromium's webRequest reports such a preflight
 * as a normal `onCompleted 204` and only then fails the request, so without this check a refusing
 * preflight looked like a passing one, and among concurrent identical requests it could be paired
 * with a request that really was sent (found by test/e2e/capture-lifecycle.test.ts). Conservative:
 * whatever depends on the unknown credentials mode (`*`) counts as passing.
 */
function preflightRejected(p: Observation, method: string | undefined, acrh: string[]): boolean {
  const res = p.responseHeaders;
  if (!res || !hasResponse(p)) return false;
  if (countHeader(res, 'access-control-allow-origin') !== 1) return true;
  const acao = firstRawHeaderValue(res, 'access-control-allow-origin')!.trim();
  const origin = headerValue(p.requestHeaders, 'origin') ?? p.initiatorOrigin;
  if (acao !== '*' && typeof origin === 'string' && acao !== origin.trim()) return true;
  if (method !== undefined && !isCorsSafelistedMethod(method)) {
    if (!allowListHas(allowListTokens(res, 'access-control-allow-methods'), method)) return true;
  }
  if (acrh.length === 0) return false;
  const allowedHeaders = allowListTokens(res, 'access-control-allow-headers');
  for (const name of acrh) if (!allowListHas(allowedHeaders, name)) return true;
  return false;
}


/** The lowercase tokens of an allow-list response header (name given in lowercase), or undefined. */
function allowListTokens(res: HeaderList, lowerName: string): string[] | undefined {
  const list = headerValue(res, lowerName);
  if (list === undefined) return undefined;
  const tokens = list.split(',');
  for (let i = 0; i < tokens.length; i++) tokens[i] = tokens[i]!.trim().toLowerCase();
  return tokens;
}

/** The allow list holds `wanted` or `*`, ignoring case. */
function allowListHas(tokens: string[] | undefined, wanted: string): boolean {
  if (tokens === undefined) return false;
  const w = wanted.toLowerCase();
  for (const token of tokens) if (token === '*' || token === w) return true;
  return false;
}

export function pairExchanges(observations: Observation[]): Exchange[] {
  const sorted = observations.slice().sort(compareObservations);
  const requests: RequestItem[] = [];
  const preflights: PreflightItem[] = [];
  for (let rank = 0; rank < sorted.length; rank++) {
    const o = sorted[rank]!;
    if (isPreflight(o)) preflights.push(new PreflightItem(o, rank));
    else requests.push(new RequestItem(o, rank));
  }

  linkRedirects(requests);
  matchPreflights(preflights, requests);

  const exchanges: { exchange: Exchange; rank: number }[] = [];
  for (const head of requests) {
    if (head.isLaterHop) continue;
    const hops: Hop[] = [];
    for (let r: RequestItem | undefined = head; r; r = r.next) {
      hops.push(r.preflight ? { request: r.o, preflight: r.preflight.o } : { request: r.o });
      if (hops.length > requests.length) break; // defensive: a cycle cannot form, but never loop
    }
    exchanges.push({ exchange: buildExchange(head.o, hops), rank: head.rank });
  }
  for (const p of preflights) {
    if (!p.matched) exchanges.push({ exchange: orphanExchange(p), rank: p.rank });
  }
  exchanges.sort((a, b) => a.exchange.startTime - b.exchange.startTime || a.rank - b.rank);
  return exchanges.map((e) => e.exchange);
}

/** Total order on observations; ties on time fall back to arrival order, then id. */
function compareObservations(a: Observation, b: Observation): number {
  const dt = a.startTime - b.startTime;
  if (dt) return dt;
  const sa = a.seq ?? Number.MAX_SAFE_INTEGER;
  const sb = b.seq ?? Number.MAX_SAFE_INTEGER;
  if (sa !== sb) return sa - sb;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

/**
 * Requests from the same tab, frame and document (HAR: same page). A side that does not know a
 * field does not rule a match out (a HAR entry without `pageref`, say).
 */
function sameContext(a: Observation, b: Observation): boolean {
  return agree(a.tabId, b.tabId) && agree(a.frameId, b.frameId) && agree(a.documentId, b.documentId);
}

function agree<T>(a: T | undefined, b: T | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function groupBy<T>(items: T[], key: (i: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

// ─── Redirect chains ────────────────────────────────────────────────────────────────────────────

/** Links each hop to the next hop of its redirect chain. */
function linkRedirects(requests: RequestItem[]): void {
  const withChain: RequestItem[] = [];
  const redirected: RequestItem[] = [];
  const targets = new Set<string>();
  for (const r of requests) {
    if (r.o.chainId !== undefined) withChain.push(r);
    // A redirect that ended in an error (e.g. blocked for a missing ACAO) was not followed.
    else if (r.o.redirectUrl && r.o.error === undefined) {
      redirected.push(r);
      targets.add(r.o.redirectUrl);
    }
  }

  // Sources with a chain id (webRequest) say which hops belong together.
  for (const chain of groupBy(withChain, (r) => `${r.o.source}\n${r.o.chainId}`).values()) {
    chain.sort((a, b) => (a.o.hopIndex ?? 0) - (b.o.hopIndex ?? 0) || a.rank - b.rank);
    for (let i = 1; i < chain.length; i++) linkHops(chain[i - 1]!, chain[i]!);
  }
  if (redirected.length === 0) return;

  // HAR: a hop whose redirect target is the next request's URL, in the same page, just after it.
  const byUrl = new Map<string, RequestItem[]>();
  for (const r of requests) {
    if (r.o.chainId !== undefined || !targets.has(r.o.url)) continue;
    const list = byUrl.get(r.o.url);
    if (list) list.push(r);
    else byUrl.set(r.o.url, [r]);
  }
  for (const a of redirected) {
    const candidates = byUrl.get(a.o.redirectUrl!);
    if (!candidates) continue;
    // The next hop starts as the redirect response arrives. Without an end time (Firefox HAR,
    // where the next hop showed up 20–50 ms later), allow a generous window after the start.
    const slack = endSlack(a.o, a.o);
    const earliest = (a.end ?? a.start) - slack;
    const latest = a.end === undefined ? a.start + REDIRECT_WINDOW_MS : a.end + slack;
    for (const b of candidates) {
      if (b.start > latest) break;
      // Later in the total order: chains only move forward, so they cannot loop.
      if (b.rank <= a.rank || b.isLaterHop || b.start < earliest || !sameContext(a.o, b.o)) continue;
      if (!methodAfterRedirect(a.o.method, a.o.status, b.o.method)) continue;
      linkHops(a, b);
      break;
    }
  }
}

function linkHops(a: RequestItem, b: RequestItem): void {
  a.next = b;
  b.isLaterHop = true;
}

/** Fetch's method rewrite: 303 turns anything but HEAD into GET, 301/302 turn POST into GET. */
function methodAfterRedirect(method: string, status: number | undefined, next: string): boolean {
  if (next === method) return true;
  if (next !== 'GET') return false;
  if (status === 303) return method !== 'HEAD';
  return (status === 301 || status === 302) && method === 'POST';
}

// ─── Preflight ↔ request ────────────────────────────────────────────────────────────────────────

function matchPreflights(preflights: PreflightItem[], requests: RequestItem[]): void {
  if (preflights.length === 0) return;

  // Grouped by URL only (cheap keys); context is checked per candidate.
  const preflightGroups = groupBy(preflights, (p) => p.o.url);
  const requestGroups = new Map<string, RequestItem[]>();
  for (const r of requests) {
    if (!preflightGroups.has(r.o.url)) continue; // no preflight for this URL: nothing to pair
    const list = requestGroups.get(r.o.url);
    if (list) list.push(r);
    else requestGroups.set(r.o.url, [r]);
  }

  // 0. An explicit link, when a source provides one that names a request we have.
  const byId = new Map<string, RequestItem>();
  for (const p of preflights) {
    const hint = p.o.preflightForHint;
    if (hint === undefined) continue;
    if (byId.size === 0) {
      for (const group of requestGroups.values()) {
        for (const r of group) {
          byId.set(r.o.id, r);
          if (r.o.chainId !== undefined && !byId.has(r.o.chainId)) byId.set(r.o.chainId, r);
        }
      }
    }
    const r = byId.get(hint);
    if (r && !r.preflight && r.o.url === p.o.url && compatible(p, r)) linkPreflight(r, p);
  }

  for (const [url, group] of requestGroups) {
    const candidates = preflightGroups.get(url)!;
    // 1. A failed preflight (non-ok status, error, or an answer that refused the request) stopped
    //    its request, which then failed after the preflight's end: within a few ms on an idle
    //    machine, tens of ms on a busy one. Preflights of concurrent requests start in their
    //    requests' order, so failed preflights go first come, first served to the never-sent
    //    requests that ended no earlier than them. (Matching on the closest end time instead
    //    mis-paired bursts of identical requests once the failures lagged their preflights by more
    //    than the slack: found by test/e2e/capture-lifecycle.test.ts in real Chromium.)
    //    A preflight that never ended takes its turn here too, with the oldest request still
    //    waiting of any kind: when its last events were lost (a service worker killed mid-burst),
    //    skipping it would shift every later pair onto the wrong request. With complete data
    //    nothing is left unfinished, so this only matters then (and for requests still in flight).
    //    Requests without a response that have not ended either (still waiting, or their error
    //    event was lost) stand in line with the never-sent ones for the same reason.
    const neverSent: RequestItem[] = [];
    for (const r of group) {
      if (!r.preflight && (r.neverSent ? r.end !== undefined : !r.responded && r.end === undefined)) neverSent.push(r);
    }
    if (neverSent.length > 0) {
      const neverSentCursor = { i: 0 };
      const anyCursor = { i: 0 };
      for (const p of candidates) {
        if (p.matched) continue;
        let r: RequestItem | undefined;
        if (p.end === undefined) r = oldestWaiting(group, anyCursor, p, false);
        else if (p.failed) r = oldestWaiting(neverSent, neverSentCursor, p, true);
        if (r) linkPreflight(r, p);
      }
    }

    // 2. Everything else first come, first served: the oldest request still waiting for its
    //    preflight (preflights of concurrent requests start in their requests' order).
    let first = 0;
    for (const p of candidates) {
      if (p.matched) continue;
      while (first < group.length && (group[first]!.preflight || tooEarlyFor(group[first]!, p))) first++;
      let exact: RequestItem | undefined;
      let loose: RequestItem | undefined;
      for (let i = first; i < group.length; i++) {
        const r = group[i]!;
        if (r.start > p.start + SLACK_MS) break;
        if (r.preflight || !withinSpan(p, r) || !compatible(p, r)) continue;
        if (exactHeaders(p, r)) {
          exact = r;
          break;
        }
        loose ??= r;
      }
      const r = exact ?? loose;
      if (r) linkPreflight(r, p);
    }
  }
}

function linkPreflight(r: RequestItem, p: PreflightItem): void {
  r.preflight = p;
  p.matched = true;
}

/**
 * The oldest request of `list` from `cursor.i` that may be `p`'s; prefers exact headers. With
 * `endedAfterPreflight`, only a request that ended no earlier than the (ended) preflight qualifies.
 */
function oldestWaiting(list: RequestItem[], cursor: { i: number }, p: PreflightItem, endedAfterPreflight: boolean): RequestItem | undefined {
  while (cursor.i < list.length && (list[cursor.i]!.preflight || tooEarlyFor(list[cursor.i]!, p))) cursor.i++;
  let loose: RequestItem | undefined;
  for (let i = cursor.i; i < list.length; i++) {
    const r = list[i]!;
    if (r.start > p.start + SLACK_MS) break;
    if (r.preflight) continue;
    if (endedAfterPreflight && !(r.end === undefined || r.end >= p.end! - endSlack(p.o, r.o))) continue;
    if (!withinSpan(p, r) || !compatible(p, r)) continue;
    if (exactHeaders(p, r)) return r;
    loose ??= r;
  }
  return loose;
}

/**
 * The request ended before this preflight began, or started too long before it: it cannot be this
 * preflight's request, nor that of any later one.
 */
function tooEarlyFor(r: RequestItem, p: PreflightItem): boolean {
  return r.start < p.start - START_WINDOW_MS || (r.end !== undefined && r.end < p.start - SLACK_MS);
}

/** The preflight runs inside its request's time span (within the slack). */
function withinSpan(p: PreflightItem, r: RequestItem): boolean {
  if (p.start < r.start - SLACK_MS) return false;
  if (r.end === undefined) return true;
  if (p.start > r.end + SLACK_MS) return false;
  // A sent request ends after its preflight; a never-sent one within the slack of it.
  return p.end === undefined || p.end <= r.end + endSlack(p.o, r.o);
}

/** Same page context, and method, headers and outcome agree. */
function compatible(p: PreflightItem, r: RequestItem): boolean {
  if (p.method !== undefined && p.method !== r.o.method) return false;
  if (!sameContext(p.o, r.o)) return false;
  // A request that got a response was sent, so its preflight passed.
  if (p.failed && r.responded) return false;
  if (p.acrh.length === 0) return true;
  const headers = r.o.requestHeaders;
  if (!headers) return true;
  for (const name of p.acrh) if (!hasHeader(headers, name)) return false;
  return true;
}

/**
 * The request's page-set headers are exactly the ones the preflight asked for. Unknown headers
 * (Chrome reports none for a request that was never sent) do not count against a request.
 */
function exactHeaders(p: PreflightItem, r: RequestItem): boolean {
  if (!r.o.requestHeaders) return true;
  r.pageSet ??= pageSetHeaderNames(r.o.requestHeaders).join(',');
  return r.pageSet === p.acrhKey;
}


// ─── Exchanges ──────────────────────────────────────────────────────────────────────────────────

function buildExchange(head: Observation, hops: Hop[]): Exchange {
  const first = hops[0]!;
  const last = hops[hops.length - 1]!;
  // Provisional HAR headers lack Origin, so the adapter guessed the initiator; the preflight knows it.
  let initiatorOrigin = head.initiatorOrigin;
  if ((initiatorOrigin === undefined || head.requestHeadersProvisional) && first.preflight?.initiatorOrigin !== undefined) {
    initiatorOrigin = first.preflight.initiatorOrigin;
  }
  let startTime = head.startTime;
  let endTime: number | undefined;
  for (const hop of hops) {
    const r = hop.request;
    if (r.startTime < startTime) startTime = r.startTime;
    if (r.endTime !== undefined && (endTime === undefined || r.endTime > endTime)) endTime = r.endTime;
    const p = hop.preflight;
    if (p) {
      if (p.startTime < startTime) startTime = p.startTime;
      if (p.endTime !== undefined && (endTime === undefined || p.endTime > endTime)) endTime = p.endTime;
    }
  }
  const exchange: Exchange = { id: head.id, url: head.url, method: head.method, hops, startTime };
  if (head.tabId !== undefined) exchange.tabId = head.tabId;
  if (head.documentId !== undefined) exchange.documentId = head.documentId;
  if (initiatorOrigin !== undefined) exchange.initiatorOrigin = initiatorOrigin;
  if (endTime !== undefined) exchange.endTime = endTime;
  if (last.preflight && neverWentOut(last.request, last.preflight)) exchange.actualNeverSent = true;
  if (typeof initiatorOrigin === 'string' && missedPreflight(hops, initiatorOrigin)) exchange.preflightCacheHit = true;
  return exchange;
}

/**
 * The request after a preflight got no response and failed (an error, or status 0 as Firefox's
 * HAR writes it), or its preflight failed outright, which never lets a request go out.
 */
function neverWentOut(r: Observation, p: Observation): boolean {
  if (hasResponse(r)) return false;
  return wasNeverSent(r) || r.error !== undefined || r.status === 0 || preflightFailed(p);
}

/**
 * A cross-origin hop that needed a preflight went out without one: the browser used its preflight
 * cache. Only decided when the request visibly needed it (non-simple method or a page-set header).
 */
function missedPreflight(hops: Hop[], initiatorOrigin: string): boolean {
  for (const hop of hops) {
    const r = hop.request;
    if (hop.preflight || !hasResponse(r) || isSameOrigin(r.url, initiatorOrigin)) continue;
    const mode = headerValue(r.requestHeaders, 'sec-fetch-mode');
    if (mode !== undefined && mode !== 'cors') continue;
    if (wouldNeedPreflight(r)) return true;
  }
  return false;
}

/** A preflight whose request was never seen: the exchange the page attempted, method = ACRM. */
function orphanExchange(p: PreflightItem): Exchange {
  const o = p.o;
  const request: Observation = {
    id: `${o.id}:actual`,
    source: o.source,
    url: o.url,
    method: p.method ?? 'GET',
    startTime: o.startTime,
  };
  if (o.tabId !== undefined) request.tabId = o.tabId;
  if (o.frameId !== undefined) request.frameId = o.frameId;
  if (o.documentId !== undefined) request.documentId = o.documentId;
  if (o.documentUrl !== undefined) request.documentUrl = o.documentUrl;
  if (o.initiatorOrigin !== undefined) request.initiatorOrigin = o.initiatorOrigin;
  if (o.seq !== undefined) request.seq = o.seq;
  const exchange: Exchange = {
    id: request.id,
    url: o.url,
    method: request.method,
    hops: [{ request, preflight: o }],
    startTime: o.startTime,
  };
  if (o.tabId !== undefined) exchange.tabId = o.tabId;
  if (o.documentId !== undefined) exchange.documentId = o.documentId;
  if (o.initiatorOrigin !== undefined) exchange.initiatorOrigin = o.initiatorOrigin;
  if (o.endTime !== undefined) exchange.endTime = o.endTime;
  // A failed preflight certainly stopped the request; a passing one may just have outrun it.
  if (p.failed) exchange.actualNeverSent = true;
  return exchange;
}
