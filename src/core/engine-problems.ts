/**
 * Problems the engine walk builds itself (network errors, redirects the page asked not to follow,
 * opaque redirects) and the small tests it shares. Browser-neutral: an engine's own behaviour is
 * asked of its row in engine-specs.ts.
 */
import type { Hop, Outcome, Phase, ReasonId } from './model';
import type { ExchangeFacts } from './facts';
import { methodOfHop, unsafeHeadersOfHop } from './facts';
import type { EngineSpec } from './engine-specs';
import { isCorsSafelistedMethod } from './http/methods';
import { isSameOrigin } from './http/origin';
import { pageSawNetworkError } from './page-hint';
import { classifyError, errorFamily } from './rules/network';
import { isAbortedOpaqueResponse, refineCorpReason } from './rules/not-cors';
import type { Problem } from './rules/types';

/**
 * A problem with every field in one fixed order (optional ones filled in by the caller), so the
 * engines' results share one object shape: spreading partial objects made each a new shape.
 */
export function problem(hop: number, url: string, outcome: Outcome, reason: ReasonId, phase: Phase, notes: string[]): Problem {
  return {
    outcome,
    reason,
    phase,
    hop,
    url,
    check: undefined,
    evidence: [],
    notes,
    checkedOrigin: undefined,
    status: undefined,
    error: undefined,
    unfollowedRedirect: undefined,
    addressSpace: undefined,
    refusedAs: undefined,
  };
}

export function networkProblem(facts: ExchangeFacts, hop: number, url: string, reason: ReasonId, error: string | undefined, phase: Phase, notes: string[]): Problem {
  const crossOrigin = !isSameOrigin(facts.initiator, url);
  reason = refineCorpReason(reason, facts.hops[hop], error);
  const p = problem(hop, url, reason === 'unknown' ? 'unknown' : 'network-error', reason, phase, notes);
  p.check = { kind: 'network', corsRequest: crossOrigin && facts.mode === 'cors' };
  if (error) {
    p.evidence = [{ on: phase === 'preflight' ? 'preflight-response' : 'response', hop, field: ':error', value: error, note: 'reported by the browser' }];
    p.error = error;
  }
  return p;
}

/**
 * The page itself said it used `redirect: 'manual'` (or got an opaque-redirect response). Needed
 * because Chromium's webRequest reports net::ERR_ABORTED after the 3xx for `redirect: 'manual'`
 * and `redirect: 'error'` alike (verified in Chromium 156; only CDP tells them apart).
 */
export function pageAskedManual(facts: ExchangeFacts): boolean {
  const hint = facts.exchange?.pageHint;
  return hint?.redirect === 'manual' || hint?.responseType === 'opaqueredirect';
}

/**
 * A redirect whose response arrived and which the browser did not follow, for a page that asked
 * for `redirect: 'manual'`: Chromium hands the page an opaque-redirect response (type
 * 'opaqueredirect', status 0, no Location to read) and aborts the load (net::ERR_ABORTED, no
 * CorsError; verified in Chromium 156, lab scenario redirect-manual-opaque).
 */
export function manualRedirectProblem(i: number, url: string, hop: Hop, notes: string[]): Problem {
  const req = hop.request;
  const p = problem(i, url, 'opaque', 'opaque-redirect', 'redirect', [
    ...notes,
    `The browser received this ${req.status ?? '3xx'} redirect${req.error ? ` and then canceled the request itself (${req.error})` : ' and did not follow it'}: the page asked for redirect: 'manual', so it got an opaque-redirect response it cannot read.`,
  ]);
  p.evidence = [{ on: 'redirect-response', hop: i, field: ':error', value: req.error ?? '', note: 'canceled after the redirect response arrived' }];
  if (req.status !== undefined) p.status = req.status;
  return p;
}

/** An engine's own stop at a redirect: its redirect limit, or the page's `redirect: 'error'`. */
export function ownRedirectStop(spec: EngineSpec, facts: ExchangeFacts, i: number, url: string, notes: string[]): Problem | null {
  if (spec.redirectLimit !== null && i >= spec.redirectLimit) return networkProblem(facts, i, url, 'redirect-limit', undefined, 'redirect', notes);
  if (!spec.refusesRedirectModeError || facts.exchange?.pageHint?.redirect !== 'error') return null;
  const p = networkProblem(facts, i, url, 'net-error-not-cors', undefined, 'redirect', [
    ...notes,
    "The page asked for redirect: 'error', so the browser refused to follow this redirect.",
  ]);
  p.check = { kind: 'redirect-mode-error' };
  return p;
}

export function needsPreflight(hop: Hop): boolean {
  if (!hop.request.requestHeaders && isCorsSafelistedMethod(hop.request.method)) return false;
  return !isCorsSafelistedMethod(methodOfHop(hop)) || unsafeHeadersOfHop(hop).length > 0;
}

/** An observed error belongs to one browser: it only overrides that engine's simulation. */
export function sameFamily(spec: EngineSpec, error: string | undefined, facts: ExchangeFacts): boolean {
  const fam = errorFamily(error) ?? facts.errorFamily;
  return fam === null || fam === spec.ownErrors;
}

/** The actual request was sent after its preflight (not provisional) and the page saw a network error. */
export function lostAfterPassingPreflight(facts: ExchangeFacts, hop: Hop): boolean {
  return hop.preflight !== undefined && facts.exchange?.actualNeverSent !== true && hop.request.requestHeadersProvisional !== true && pageSawNetworkError(facts.exchange);
}

/** A network error decides before the mode's own outcome (an opaque request can still fail to connect). */
export function withNetworkOverride(facts: ExchangeFacts, p: Problem): Problem {
  if (p.outcome !== 'opaque' && p.outcome !== 'not-cors') return p;
  for (let i = 0; i < facts.hops.length; i++) {
    const req = facts.hops[i]!.request;
    const err = classifyError(req.error);
    if (err.kind === 'network' && isAbortedOpaqueResponse(p, facts.hops[i], err.reason)) {
      p.notes.push(`The browser reported ${req.error} after the response arrived: for a no-cors data response (JSON, HTML) that is Opaque Response Blocking emptying it; the page still got an opaque response.`);
      continue;
    }
    if (err.kind === 'network') return networkProblem(facts, i, req.url, err.reason, req.error, 'network', p.notes);
  }
  return p;
}
