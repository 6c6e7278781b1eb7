/**
 * What the fix policy needs to know about the hop its verdict decided on: who asked, what was
 * asked, which responses came back. Read defensively: sources may leave any field out.
 *
 * This is a view of one hop *given a verdict*, unlike the evaluator's `ExchangeFacts`
 * (../facts.ts), which is derived before any engine runs. Two of its definitions still differ
 * from the evaluator's in edge cases (the page origin ignores the document URL; unsafe header
 * names come from a validated token list), so building it on `ExchangeFacts` would change fixes:
 * that merge is left for a change that may move fix snapshots.
 */
import type { Exchange, Observation, Verdict } from '../model';
import { getHeader, headerValues } from '../http/headers';
import { hasResponse } from '../observation';
import { isCorsSafelistedMethod } from '../http/methods';
import {
  CORS_SAFELISTED_RESPONSE_HEADERS,
  corsUnsafeRequestHeaderNames,
  isBrowserAddedHeader,
  isCommonlyReadResponseHeader,
} from '../http/safelist';
import { isToken, partitionTokenList } from '../http/tokens';

export interface FixFacts {
  /** Origin of the requesting page; null when opaque; undefined when unknown. */
  pageOrigin: string | null | undefined;
  /** The Origin header sent on the deciding hop (null = the literal `null`), undefined when not seen. */
  originSent: string | null | undefined;
  /** Index of the hop the verdict decided on (clamped to the hops that exist). */
  hop: number;
  /** Method as sent on the deciding hop (case preserved). */
  method: string;
  /** URL of the deciding hop's request. */
  url: string;
  /** URL the page asked for. */
  firstUrl: string;
  /** The preflight of the deciding hop, else the last preflight of the chain. */
  preflight: Observation | undefined;
  /** The request of the deciding hop. */
  actual: Observation | undefined;
  /** Whether a response to the actual request was observed. */
  actualObserved: boolean;
  /** CORS-unsafe request-header names (lowercase, sorted) the request sends. */
  unsafeHeaders: string[];
  /** Request headers the page set on the actual request (for curl), unredacted. */
  pageHeaders: { name: string; value: string }[];
  preflightNeeded: boolean;
  credentials: boolean;
  /** Non-safelisted response headers the page may read. */
  exposeHeaders: string[];
  /** Location of a redirect on the deciding hop (preflight or actual), when known. */
  redirectLocation: string | undefined;
  /** True when the chain has more than one hop. */
  redirected: boolean;
}

function originHeader(o: Observation | undefined): string | null | undefined {
  const v = headerValues(o?.requestHeaders, 'origin')[0];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === 'null' ? null : t;
}

function locationOf(o: Observation | undefined): string | undefined {
  if (!o) return undefined;
  if (typeof o.redirectUrl === 'string' && o.redirectUrl) return o.redirectUrl;
  return headerValues(o.responseHeaders, 'location')[0];
}

export function gatherFacts(exchange: Exchange, verdict: Verdict): FixFacts {
  const hops = Array.isArray(exchange.hops) ? exchange.hops : [];
  const hopIndex = Math.min(Math.max(0, Number.isInteger(verdict.hop) ? verdict.hop : 0), Math.max(0, hops.length - 1));
  const hop = hops[hopIndex];
  const actual = hop?.request;
  const preflight = hop?.preflight ?? [...hops].reverse().find((h) => h.preflight)?.preflight;

  const firstReq = hops[0]?.request;
  const pageOrigin =
    exchange.initiatorOrigin !== undefined
      ? exchange.initiatorOrigin
      : firstReq?.initiatorOrigin !== undefined
        ? firstReq.initiatorOrigin
        : (originHeader(hops[0]?.preflight) ?? originHeader(firstReq));
  const originSent = originHeader(hop?.preflight) ?? originHeader(actual);

  const method = String(actual?.method || exchange.method || 'GET');

  // The browser's own list (Access-Control-Request-Headers) wins; compute only when no preflight was seen.
  const acrh = getHeader(preflight?.requestHeaders, 'access-control-request-headers');
  const unsafeHeaders =
    acrh !== null
      ? [...new Set(partitionTokenList(acrh).valid.map((n) => n.toLowerCase()))].sort()
      : corsUnsafeRequestHeaderNames(actual?.requestHeaders);

  const pageHeaders = (actual?.requestHeaders ?? [])
    .filter((h) => typeof h?.name === 'string' && !isBrowserAddedHeader(h.name))
    .filter((h) => !['accept', 'accept-language'].includes(h.name.toLowerCase()) || unsafeHeaders.includes(h.name.toLowerCase()))
    .map((h) => ({ name: h.name, value: String(h.value ?? '') }));

  const preflightNeeded =
    hops.some((h) => h.preflight !== undefined) ||
    exchange.preflightCacheHit === true ||
    !isCorsSafelistedMethod(method) ||
    unsafeHeaders.length > 0;

  const credentials =
    verdict.credentials?.mode === 'include' ||
    ['acao-wildcard-with-credentials', 'preflight-acao-wildcard-with-credentials', 'acac-invalid', 'preflight-acac-invalid'].includes(
      verdict.reason,
    ) ||
    headerValues(actual?.requestHeaders, 'cookie').length > 0;

  return {
    pageOrigin,
    originSent,
    hop: hopIndex,
    method,
    url: String(actual?.url || exchange.url || ''),
    firstUrl: String(exchange.url || firstReq?.url || ''),
    preflight,
    actual,
    actualObserved: hasResponse(actual) && exchange.actualNeverSent !== true,
    unsafeHeaders,
    pageHeaders,
    preflightNeeded,
    credentials,
    exposeHeaders: exposeCandidates(exchange, verdict, hopIndex),
    redirectLocation: locationOf(hop?.preflight && verdict.reason === 'preflight-redirect' ? hop.preflight : actual),
    redirected: hops.length > 1,
  };
}

/**
 * Headers worth exposing: what the server already exposes (keep it working), what the verdict
 * says the page misses, and well-known headers apps read that the final response carries.
 */
function exposeCandidates(exchange: Exchange, verdict: Verdict, hopIndex: number): string[] {
  const hops = exchange.hops ?? [];
  const final = hops[hops.length - 1]?.request ?? hops[hopIndex]?.request;
  const names = new Set<string>();
  for (const n of partitionTokenList(getHeader(final?.responseHeaders, 'access-control-expose-headers')).valid) {
    if (n !== '*') names.add(n.toLowerCase());
  }
  for (const w of verdict.warnings ?? []) {
    if (w.id !== 'warn-expose-headers-missing') continue;
    for (const e of w.evidence ?? []) if (typeof e.field === 'string' && isToken(e.field)) names.add(e.field.toLowerCase());
  }
  for (const h of final?.responseHeaders ?? []) {
    const lower = typeof h?.name === 'string' ? h.name.toLowerCase() : '';
    if (isToken(lower) && isCommonlyReadResponseHeader(lower)) names.add(lower);
  }
  return [...names]
    .filter((n) => !CORS_SAFELISTED_RESPONSE_HEADERS.has(n) && n !== 'set-cookie' && n !== 'set-cookie2' && !n.startsWith('access-control-'))
    .sort();
}
