/**
 * What the fix policy needs to know about the hop its verdict decided on: who asked, what was
 * asked, which responses came back. A view of the evaluator's `ExchangeFacts` (../facts.ts) given
 * a verdict: the page origin, the Origin sent, the unsafe header names and "a response arrived"
 * have one definition each, there.
 */
import type { EvaluateOptions, Exchange, Hop, Observation, Verdict } from '../model';
import { deriveFacts, originSentOnHop, pageOriginOf, unsafeHeadersOfHop, type ExchangeFacts } from '../facts';
import { getHeader, headerValues } from '../http/headers';
import { hasResponse } from '../observation';
import { isCorsSafelistedMethod } from '../http/methods';
import { CORS_SAFELISTED_RESPONSE_HEADERS, isBrowserAddedHeader, isCommonlyReadResponseHeader } from '../http/safelist';
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

function locationOf(o: Observation | undefined): string | undefined {
  if (!o) return undefined;
  if (typeof o.redirectUrl === 'string' && o.redirectUrl) return o.redirectUrl;
  return headerValues(o.responseHeaders, 'location')[0];
}

const CREDENTIALED_REASONS = new Set(['acao-wildcard-with-credentials', 'preflight-acao-wildcard-with-credentials', 'acac-invalid', 'preflight-acac-invalid']);

/** The fix facts of an exchange, derived the evaluator's way in the verdict's request mode. */
export function gatherFacts(exchange: Exchange, verdict: Verdict): FixFacts {
  const options: EvaluateOptions = verdict.requestMode ? { mode: verdict.requestMode } : {};
  return fixFactsOf(deriveFacts(exchange, options), verdict);
}

export function fixFactsOf(facts: ExchangeFacts, verdict: Verdict): FixFacts {
  const { hops, exchange } = facts;
  const hopIndex = Math.min(Math.max(0, Number.isInteger(verdict.hop) ? verdict.hop : 0), hops.length - 1);
  const hop = hops[hopIndex]!;
  const actual = hop.request;
  // The deciding hop's preflight, else the chain's last: it says which headers the browser asked for.
  const preflightHop: Hop | undefined = hop.preflight ? hop : [...hops].reverse().find((h) => h.preflight);
  const preflight = preflightHop?.preflight;
  const method = actual.method;
  const unsafeHeaders = unsafeHeadersOfHop(preflightHop ?? hop);

  const pageHeaders = (actual.requestHeaders ?? [])
    .filter((h) => typeof h?.name === 'string' && !isBrowserAddedHeader(h.name))
    .filter((h) => !['accept', 'accept-language'].includes(h.name.toLowerCase()) || unsafeHeaders.includes(h.name.toLowerCase()))
    .map((h) => ({ name: h.name, value: String(h.value ?? '') }));

  const preflightNeeded =
    hops.some((h) => h.preflight !== undefined) || exchange?.preflightCacheHit === true || !isCorsSafelistedMethod(method) || unsafeHeaders.length > 0;

  const credentials = verdict.credentials?.mode === 'include' || CREDENTIALED_REASONS.has(verdict.reason) || headerValues(actual.requestHeaders, 'cookie').length > 0;

  return {
    pageOrigin: pageOriginOf(facts),
    originSent: originSentOnHop(hop),
    hop: hopIndex,
    method,
    url: actual.url,
    firstUrl: facts.url,
    preflight,
    actual,
    actualObserved: hasResponse(actual) && exchange?.actualNeverSent !== true,
    unsafeHeaders,
    pageHeaders,
    preflightNeeded,
    credentials,
    exposeHeaders: exposeCandidates(hops, verdict),
    redirectLocation: locationOf(hop.preflight && verdict.reason === 'preflight-redirect' ? hop.preflight : actual),
    redirected: hops.length > 1,
  };
}

/**
 * Headers worth exposing: what the server already exposes (keep it working), what the verdict
 * says the page misses, and well-known headers apps read that the final response carries.
 */
function exposeCandidates(hops: Hop[], verdict: Verdict): string[] {
  const final = hops[hops.length - 1]!.request;
  const names = new Set<string>();
  for (const n of partitionTokenList(getHeader(final.responseHeaders, 'access-control-expose-headers')).valid) {
    if (n !== '*') names.add(n.toLowerCase());
  }
  for (const w of verdict.warnings ?? []) {
    if (w.id !== 'warn-expose-headers-missing') continue;
    for (const e of w.evidence ?? []) if (typeof e.field === 'string' && isToken(e.field)) names.add(e.field.toLowerCase());
  }
  for (const h of final.responseHeaders ?? []) {
    const lower = typeof h?.name === 'string' ? h.name.toLowerCase() : '';
    if (isToken(lower) && isCommonlyReadResponseHeader(lower)) names.add(lower);
  }
  return [...names]
    .filter((n) => !CORS_SAFELISTED_RESPONSE_HEADERS.has(n) && n !== 'set-cookie' && n !== 'set-cookie2' && !n.startsWith('access-control-'))
    .sort();
}
