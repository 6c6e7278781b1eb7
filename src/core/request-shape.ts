/**
 * What pairing needs to know about a request's shape: its preflight headers, which of its headers a
 * page set itself (the ones a preflight would list), whether it was ever sent. These are
 * approximations tuned for matching observations; the evaluator applies the exact CORS rules.
 */
import type { HeaderList, Observation } from './model';
import { firstRawHeaderValue as headerValue, sortNames } from './http/headers';
import { isCorsSafelistedMethod } from './http/methods';
import { isBrowserAddedHeader, isSafelistedContentType } from './http/safelist';
import { hasResponse } from './observation';
import { isOkStatus } from './rules/preflight';

export { headerValue, hasResponse };

/** A CORS preflight: an OPTIONS request carrying Access-Control-Request-Method, or flagged by its source. */
export function isPreflight(o: Observation): boolean {
  if (o.preflightHint) return true;
  return o.method === 'OPTIONS' && headerValue(o.requestHeaders, 'access-control-request-method') !== undefined;
}

/** The method a preflight asks for (case preserved), or undefined. */
export function preflightMethod(p: Observation): string | undefined {
  const v = headerValue(p.requestHeaders, 'access-control-request-method');
  return v === undefined ? undefined : v.trim();
}

/** Lowercase header names a preflight asks for (`Access-Control-Request-Headers`), or undefined when absent. */
export function preflightHeaderNames(p: Observation): string[] | undefined {
  const v = headerValue(p.requestHeaders, 'access-control-request-headers');
  if (v === undefined) return undefined;
  const names: string[] = [];
  for (const part of v.split(',')) {
    const name = part.trim().toLowerCase();
    if (name) names.push(name);
  }
  return names;
}

/**
 * The request never went out: no response, an error, and (for HAR, where a sent request that failed
 * later keeps its real headers) only provisional or no request headers.
 */
export function wasNeverSent(o: Observation): boolean {
  if (hasResponse(o) || o.error === undefined) return false;
  if (o.source === 'har') return o.requestHeadersProvisional === true || o.requestHeaders === undefined;
  return true;
}

/** The preflight itself failed before any CORS header check could pass (non-ok status or an error). */
export function preflightFailed(p: Observation): boolean {
  return p.error !== undefined || (p.status !== undefined && p.status > 0 && !isOkStatus(p.status));
}

/**
 * Beyond what the browser adds itself (http/safelist.ts): names pairing takes as never set by the
 * page whatever their value. Conservative on purpose: safelisted names, conditional and cache
 * headers and client hints are left out, so a page-set `Cache-Control` is missed rather than a
 * DevTools-added one counted.
 */
const NOT_PAGE_SET = new Set([
  'accept', 'accept-language', 'content-language', 'range',
  'cache-control', 'pragma', 'if-none-match', 'if-modified-since', 'if-match',
  'if-unmodified-since', 'if-range', 'x-client-data', 'purpose',
  'downlink', 'dpr', 'rtt', 'ect', 'viewport-width', 'device-memory', 'save-data', 'width',
]);

/** Whether a header (lowercase name) is one the page set and a preflight would list. */
function isPageSet(lowerName: string, value: string): boolean {
  if (NOT_PAGE_SET.has(lowerName) || isBrowserAddedHeader(lowerName)) return false;
  return lowerName !== 'content-type' || !isSafelistedContentType(value);
}

/** Lowercase names of the headers the page itself set that a preflight would list, sorted. */
export function pageSetHeaderNames(headers: HeaderList): string[] {
  const names = new Set<string>();
  for (const h of headers) {
    const name = h.name.toLowerCase();
    if (isPageSet(name, h.value)) names.add(name);
  }
  return sortNames([...names]);
}


/** Whether a cors-mode request of this shape needs a preflight (approximate; see isPageSet). */
export function wouldNeedPreflight(o: Observation): boolean {
  if (!isCorsSafelistedMethod(o.method)) return true;
  const headers = o.requestHeaders;
  if (!headers) return false;
  for (const h of headers) if (isPageSet(h.name.toLowerCase(), h.value)) return true;
  return false;
}
