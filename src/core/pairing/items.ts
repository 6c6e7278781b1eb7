/**
 * What pairing knows about each observation, computed once: its place in the total order, its
 * outcome, and for a preflight what it asks for and whether its answer refused the request.
 */
import type { Observation } from '../model';
import { countHeader, getHeader, hasHeader, sortNames, splitList } from '../http/headers';
import { isCorsSafelistedMethod } from '../http/methods';
import { hasResponse, pageSetHeaderNames, preflightFailed, preflightHeaderNames, preflightMethod, wasNeverSent } from '../request-shape';

export class RequestItem {
  readonly neverSent: boolean;
  readonly responded: boolean;
  /** Next hop of the redirect chain, and whether this is a later hop of one. */
  next: RequestItem | undefined = undefined;
  isLaterHop = false;
  preflight: PreflightItem | undefined = undefined;
  private pageSet: string | undefined = undefined;
  /** `o.url` and `o.redirectUrl` as pairing compares them (see `pairingUrl`). */
  readonly url: string;
  readonly redirectUrl: string | undefined;
  constructor(readonly o: Observation, readonly rank: number) {
    this.url = pairingUrl(o.url);
    this.redirectUrl = o.redirectUrl === undefined ? undefined : pairingUrl(o.redirectUrl);
    this.neverSent = wasNeverSent(o);
    this.responded = hasResponse(o);
  }
  private names: Set<string> | undefined = undefined;
  /** The request carries a header of this lowercase name (a Set for long lists: linear, not quadratic). */
  hasHeader(lowerName: string): boolean {
    const headers = this.o.requestHeaders;
    if (!headers || headers.length <= 16) return hasHeader(headers, lowerName);
    if (!this.names) {
      this.names = new Set();
      for (const h of headers) if (h && typeof h.name === 'string') this.names.add(h.name.toLowerCase());
    }
    return this.names.has(lowerName);
  }
  /** The page-set request header names, sorted and joined (lazily: most requests never need it). */
  pageSetKey(): string | undefined {
    if (!this.o.requestHeaders) return undefined;
    this.pageSet ??= pageSetHeaderNames(this.o.requestHeaders).join(',');
    return this.pageSet;
  }
}

export class PreflightItem {
  readonly method: string | undefined;
  /** Sorted ACRH names, and joined with ','. */
  readonly acrh: string[];
  readonly acrhKey: string;
  /** The preflight itself failed (error, non-ok status): it never let a request go out. */
  readonly failed: boolean;
  /** Its answer refused the request by our reading of the headers (see `preflightRejected`). */
  readonly refused: boolean;
  matched = false;
  readonly url: string;
  constructor(readonly o: Observation, public rank: number) {
    this.url = pairingUrl(o.url);
    this.method = preflightMethod(o);
    this.acrh = sortNames(preflightHeaderNames(o) ?? []);
    this.acrhKey = this.acrh.join(',');
    this.failed = preflightFailed(o);
    this.refused = !this.failed && preflightRejected(o, this.method, this.acrh);
  }
}

/**
 * The preflight's answer certainly refused its request, although the preflight itself completed:
 * no (or several) Access-Control-Allow-Origin, an origin other than the requester's, or the asked
 * method or a header missing from the allow lists. Chromium's webRequest reports such a preflight
 * as a normal `onCompleted 204` and only then fails the request. Repeated allow-list fields count
 * together, as Fetch combines them (two `Access-Control-Allow-Methods` lines are one list).
 * Conservative: whatever depends on the unknown credentials mode (`*`) counts as passing.
 */
function preflightRejected(p: Observation, method: string | undefined, acrh: string[]): boolean {
  const res = p.responseHeaders;
  if (!res || !hasResponse(p)) return false;
  if (countHeader(res, 'access-control-allow-origin') !== 1) return true;
  const acao = getHeader(res, 'access-control-allow-origin') ?? '';
  const originHeader = getHeader(p.requestHeaders, 'origin');
  const origin = originHeader ?? p.initiatorOrigin;
  if (acao !== '*' && typeof origin === 'string' && acao !== origin.trim()) return true;
  if (method !== undefined && !isCorsSafelistedMethod(method)) {
    if (!allowListHas(res, 'access-control-allow-methods', method)) return true;
  }
  for (const name of acrh) if (!allowListHas(res, 'access-control-allow-headers', name)) return true;
  return false;
}

/** Every field of the allow-list header together holds `wanted` or `*`, ignoring case. */
function allowListHas(res: Observation['responseHeaders'], lowerName: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  for (const token of splitList(getHeader(res, lowerName))) {
    const t = token.toLowerCase();
    if (t === '*' || t === w) return true;
  }
  return false;
}

/** Total order on observations: time, then arrival order, then id. */
export function compareObservations(a: Observation, b: Observation): number {
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
export function sameContext(a: Observation, b: Observation): boolean {
  return agree(a.tabId, b.tabId) && agree(a.frameId, b.frameId) && agree(a.documentId, b.documentId);
}

function agree<T>(a: T | undefined, b: T | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * What the data proves about a preflight and a request: same context, the asked method is the
 * request's, every asked header is on the request (when its headers are known), and a request that
 * got a response had a preflight that did not fail. Time plays no part. (An answer we read as
 * refusing is only a preference, `refusedButSent`: the browser's own reading wins, and a response
 * proves it let the request go.)
 */
export function compatible(p: PreflightItem, r: RequestItem): boolean {
  if (p.method !== undefined && p.method !== r.o.method) return false;
  if (!sameContext(p.o, r.o)) return false;
  if (p.failed && r.responded) return false;
  if (p.acrh.length === 0 || !r.o.requestHeaders) return true;
  for (const name of p.acrh) if (!r.hasHeader(name)) return false;
  return true;
}

/** We read the preflight's answer as refusing, yet the request was sent and answered. */
export function refusedButSent(p: PreflightItem, r: RequestItem): boolean {
  return p.refused && r.responded;
}

/** The request's page-set headers are exactly the ones asked for (unknown headers count as exact). */
export function exactHeaders(p: PreflightItem, r: RequestItem): boolean {
  const key = r.pageSetKey();
  return key === undefined || key === p.acrhKey;
}

/**
 * A URL as pairing compares it: lone UTF-16 surrogates (from a hostile page or a HAR) become U+FFFD,
 * as they do whenever the string passes through UTF-8 (storage, messaging, export). Otherwise one
 * copy of a request that went through storage and one that did not would never meet.
 */
export function pairingUrl(url: string): string {
  return LONE_SURROGATE.test(url) ? url.replace(LONE_SURROGATE_ALL, '\uFFFD') : url;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/** Index of the first item of the rank-sorted list ranked after `rank`. */
export function firstRankedAfter(list: ReadonlyArray<{ rank: number }>, rank: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.rank <= rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function groupBy<T>(items: T[], key: (i: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
