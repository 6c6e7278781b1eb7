/**
 * One engine's walk over an exchange, in the browser's own order: mode → for each hop
 * (network error → scheme → preflight → CORS check of the response → redirect location →
 * taint) → allowed. Returns the first failing check, like the browser, which reports only one.
 */
import type { BrowserId, Evidence, Hop, Outcome, Phase, ReasonId } from './model';
import { isTaintable } from './reasons';
import { hasResponse, type ResponseTest } from './observation';
import type { ExchangeFacts } from './facts';
import { methodOfHop, unsafeHeadersOfHop } from './facts';
import { safeHeaders } from './http/headers';
import { isCorsSafelistedMethod } from './http/methods';
import { hostOf, isHttpScheme, isLoopbackHost, isSameOrigin } from './http/origin';
import {
  accessEvidence,
  accessReason,
  checkAccess,
  chromeCorsError,
  chromeFailedParameter,
  firefoxAccessLine,
  safariAccessLine,
} from './rules/access-check';
import { pageSawNetworkError } from './page-hint';
import { checkMode } from './rules/mode';
import { classifyError, errorFamily, looksLikeMixedContent } from './rules/network';
import { checkPreflight, isPreflightRedirect } from './rules/preflight';
import { checkRedirectLocation, nextTainted, redirectTarget } from './rules/redirect';
import { DID_NOT_SUCCEED, type Finding } from './rules/types';
import { detectLocalNetworkBlock, localNetworkFinding } from './rules/local-network';
import { isAbortedOpaqueResponse, mimeRefusalFinding, orbEmptiedFinding, refineCorpReason, websocketFinding } from './rules/not-cors';

const SERVICE_WORKER_NOTE =
  "The page's service worker answered this request (respondWith): the CORS check ran in the worker's own request to the server, and the headers recorded here are what the worker handed the page (CORS-filtered), so a missing Access-Control-Allow-Origin here means nothing. The worker's request, when recorded, shows the server's answer.";

export interface EngineRun {
  credentials: boolean;
}

const CAPTURED: ResponseTest = { emptyHeaderListCounts: true };

export function runEngine(browser: BrowserId, facts: ExchangeFacts, run: EngineRun): Finding {
  // Local Network Access refuses before anything is sent, whatever the mode (no-cors, WebSocket too).
  const lna = facts.mode === 'navigate' ? null : detectLocalNetworkBlock(facts);
  if (lna) return localNetworkFinding(browser, facts, lna, []);
  const modeFinding = checkMode(browser, facts);
  if (modeFinding?.reason === 'websocket-no-cors') return websocketFinding(modeFinding, facts);
  if (modeFinding) return withNetworkOverride(browser, facts, modeFinding);

  if (facts.initiator === undefined) {
    return finding(browser, 0, facts.hops[0]!.request.url, 'unknown', 'unknown', 'request', [
      'The origin of the page that made the request is unknown (no initiator, no Origin header), so CORS cannot be evaluated.',
    ]);
  }
  const initiator = facts.initiator;
  let corsActive = false;
  let tainted = false;
  const notes: string[] = [];

  for (let i = 0; i < facts.hops.length; i++) {
    const hop = facts.hops[i]!;
    const next = facts.hops[i + 1];
    const req = hop.request;
    const url = req.url;
    if (!corsActive && !isSameOrigin(initiator, url)) corsActive = true;
    const checkedOrigin = tainted ? 'null' : initiator;

    if (corsActive && !isHttpScheme(url)) {
      const f = finding(browser, i, url, 'blocked', 'cors-disabled-scheme', 'request', notes);
      f.corsError = browser === 'chrome' ? 'CorsDisabledScheme' : null;
      if (browser === 'chrome') f.failedParameter = '';
      f.firefoxLines = browser === 'firefox' ? [{ key: 'CORSRequestNotHttp', url }] : [];
      f.safari = browser === 'safari' ? { kind: 'not-http' } : null;
      f.evidence = [{ on: 'request', hop: i, field: ':url', value: url, note: 'CORS requests only work over http(s)' }];
      return f;
    }

    // The preflight, when one ran for this hop.
    if (corsActive && hop.preflight) {
      const pf = hop.preflight;
      const pfError = classifyError(pf.error);
      const pfHasResponse = hasResponse(pf, CAPTURED);
      if (pfError.kind === 'network') {
        return networkFinding(browser, facts, i, url, 'preflight-network-failure', pf.error, 'preflight', notes);
      }
      if (!pfHasResponse && !isPreflightRedirect(pf)) {
        notes.push('A preflight was sent but its response was not captured.');
      } else {
        // Firefox sends the preflight with the page's Origin even after a tainting redirect.
        const pfOrigin = browser === 'firefox' ? initiator : checkedOrigin;
        const problem = checkPreflight(browser, {
          preflight: pf,
          hop: i,
          method: methodOfHop(hop),
          unsafeHeaders: unsafeHeadersOfHop(hop),
          ...(browser === 'safari' ? { requestHeaderNames: safeHeaders(req.requestHeaders).map((h) => h.name) } : {}),
          credentials: run.credentials,
          origin: pfOrigin,
          url,
        });
        if (problem) {
          // Only origin checks are about the taint: `*` with credentials fails whatever the origin.
          const reason = tainted && isTaintable(problem.reason) && pfOrigin === 'null' ? 'redirect-tainted-origin' : problem.reason;
          const f = finding(browser, i, url, 'blocked', reason, 'preflight', notes);
          f.corsError = problem.corsError;
          if (problem.failedParameter !== undefined) f.failedParameter = problem.failedParameter;
          f.firefoxLines = problem.firefoxLines;
          f.safari = problem.safari;
          f.evidence = problem.evidence;
          f.checkedOrigin = pfOrigin;
          if (problem.status !== undefined) f.status = problem.status;
          return f;
        }
        if (isPreflightRedirect(pf)) notes.push('The preflight was redirected.');
      }
    } else if (corsActive && needsPreflight(hop)) {
      notes.push(
        i === 0 && facts.exchange?.preflightCacheHit
          ? 'No preflight was sent: the browser reused a cached preflight result (Access-Control-Max-Age), so only the actual response is checked.'
          : 'This request needed a preflight but none was captured (cached, or sent before recording started); only the actual response is checked.',
      );
    }

    // The response of this hop.
    const err = classifyError(req.error);
    if (err.kind === 'network' && err.reason === 'request-canceled' && !next && corsActive && hasResponse(req, CAPTURED) && redirectTarget(hop, next) !== null && pageAskedManual(facts)) {
      return manualRedirectFinding(browser, i, url, hop, notes);
    }
    // Canceled after its final response arrived (EventSource.close(), an AbortController, a
    // navigation): that response's CORS check is what the page saw (Chromium: ERR_ABORTED, no CorsError).
    // ORB first: a no-cors response it emptied also ends ERR_ABORTED after a response.
    const emptied = err.kind === 'network' ? orbEmptiedFinding(browser, hop, i, err.reason, notes) : null;
    if (emptied) return emptied;
    const canceledAfterResponse = err.kind === 'network' && err.reason === 'request-canceled' && !next && corsActive && hasResponse(req, CAPTURED) && redirectTarget(hop, next) === null;
    if (err.kind === 'network' && !canceledAfterResponse) return networkFinding(browser, facts, i, url, err.reason, req.error, 'network', notes);
    if (canceledAfterResponse) notes.push(`The request ended with ${req.error} after its response arrived: the page (or the browser) closed it once it had the response, which is not a CORS failure.`);
    if (!hasResponse(req, CAPTURED)) {
      if (!corsActive) return finding(browser, i, url, 'unknown', 'unknown', 'actual', [...notes, 'No response was captured for this request.']);
      if (browser === 'safari' && lostAfterPassingPreflight(facts, hop)) {
        return networkFinding(browser, facts, i, url, 'net-error-not-cors', req.error, 'network', [
          ...notes,
          'The preflight passed and the request went out, but its connection broke before any response and the page saw a network error. WebKit re-sends such a request only when the broken connection was a reused idle one; Chromium and Firefox send it again once (lab scenario connection-lost-after-preflight).',
        ]);
      }
      if (
        looksLikeMixedContent(initiator, url, isLoopbackHost(hostOf(url))) &&
        (err.kind === 'none' || !hop.preflight)
      ) {
        return networkFinding(browser, facts, i, url, 'mixed-content', req.error, 'network', notes);
      }
      const unexplained = err.kind === 'cors' || facts.exchange?.actualNeverSent === true;
      return finding(
        browser,
        i,
        url,
        unexplained && sameFamily(browser, req.error, facts) ? 'blocked' : 'unknown',
        'unknown',
        hop.preflight ? 'preflight' : 'actual',
        [
          ...notes,
          unexplained
            ? hop.preflight
              ? 'The browser never sent the actual request, but the captured preflight response passes every check: the failing detail (for example the credentials mode) is not in the captured data.'
              : 'The browser blocked the request before a response was captured (the preflight or the response headers are missing from the recording).'
            : 'No response was captured for this request.',
        ],
      );
    }

    const target = redirectTarget(hop, next);
    const status = req.status;
    if (corsActive) {
      if (status === 304) {
        notes.push('A 304 revalidation is not CORS-checked; the cached response’s headers apply.');
      } else if (req.viaServiceWorker === true) {
        // The page's side of a request its service worker answered: these are the headers the
        // worker handed over (CORS-filtered), not the server's; the check ran in the worker.
        notes.push(SERVICE_WORKER_NOTE);
      } else {
        const problem = checkAccess(browser, { headers: req.responseHeaders, credentials: run.credentials, origin: checkedOrigin });
        if (problem) {
          const onRedirect = target !== null;
          const on: Evidence['on'] = onRedirect ? 'redirect-response' : 'response';
          let reason: ReasonId = accessReason(problem.kind, false);
          if (onRedirect) reason = 'redirect-hop-cors-check-failed';
          // Missing, multiple and `*`-with-credentials fail whatever origin was sent: not about the taint.
          else if (checkedOrigin === 'null' && problem.kind !== 'missing' && problem.kind !== 'multiple' && problem.kind !== 'wildcard-with-credentials') {
            // Null from a redirect taint, or from the start: an opaque-origin document (sandboxed, file:, data:).
            reason = tainted ? 'redirect-tainted-origin' : 'opaque-origin-mismatch';
          }
          else if (problem.kind === 'missing' && (status ?? 0) >= 400) reason = 'server-error-without-cors';
          else if (problem.kind === 'missing' && i > 0) reason = 'redirect-target-acao-missing';
          const ffLines = browser === 'firefox' ? [firefoxAccessLine(problem, url, status)] : [];
          if (browser === 'firefox' && onRedirect) ffLines.push({ key: DID_NOT_SUCCEED, url, arg: '(null)' });
          const evidence = accessEvidence(problem, on, i, checkedOrigin, req.responseHeaders);
          if (status !== undefined) evidence.push({ on, hop: i, field: ':status', value: String(status), note: (status ?? 0) >= 400 ? 'error response' : 'response status' });
          const f = finding(browser, i, url, 'blocked', reason, onRedirect ? 'redirect' : 'actual', notes);
          f.corsError = browser === 'chrome' ? chromeCorsError(problem.kind, false) : null;
          if (browser === 'chrome') f.failedParameter = chromeFailedParameter(problem);
          f.firefoxLines = ffLines;
          f.safari = browser === 'safari' ? { ...safariAccessLine(problem, checkedOrigin, status), ...(onRedirect && target ? { redirectTo: target } : {}) } : null;
          f.evidence = evidence;
          f.checkedOrigin = checkedOrigin;
          if (status !== undefined) f.status = status;
          return f;
        }
      }
    }

    if (target !== null && browser === 'safari') {
      const stop = safariRedirectStop(facts, i, url, notes);
      if (stop) return stop;
      // WebKit hands a `redirect: 'manual'` page its opaque-redirect response without an error.
      if (!next && pageAskedManual(facts)) return manualRedirectFinding(browser, i, url, hop, notes);
    }
    if (target !== null) {
      const loc = checkRedirectLocation(browser, { location: target, url, corsActive, tainted, initiator });
      if (loc && (facts.mode === 'cors' || corsActive)) {
        const f = finding(browser, i, loc.url ?? url, 'blocked', loc.reason, 'redirect', notes);
        f.corsError = loc.corsError;
        if (loc.failedParameter !== undefined) f.failedParameter = loc.failedParameter;
        f.firefoxLines = loc.firefoxLines;
        f.safari = loc.safari;
        f.evidence = [{ on: 'redirect-response', hop: i, field: 'location', value: target, note: loc.reason === 'redirect-contains-credentials' ? 'contains a username/password' : 'not an http(s) URL' }];
        return f;
      }
      tainted = nextTainted(tainted, initiator, url, target);
      if (next) continue;
      // The chain ends at a redirect the browser did not follow (manual mode, or capture ended).
      notes.push('The last captured response is a redirect that was not followed.');
    }

    // Final response passed every check.
    let f: Finding;
    if (err.kind === 'cors' && sameFamily(browser, req.error, facts)) {
      const unfollowed = target !== null && !next;
      f = finding(browser, i, url, 'blocked', 'unknown', 'actual', [
        ...notes,
        unfollowed
          ? `The browser reported ${req.error} at a redirect it did not follow, although the redirect passes every CORS check. Either the request forbade redirects (fetch \`redirect: 'error'\`, a network error with no CORS reason) or it was credentialed and the redirect lacks \`Access-Control-Allow-Credentials: true\`; the captured data does not say which.`
          : `The browser reported ${req.error} although the captured headers pass every CORS check. Something the data does not show decided it (for example the request's credentials mode, a header the capture missed, or a cached response).`,
      ]);
      if (unfollowed) f.unfollowedRedirect = true;
    } else {
      const refused = err.kind === 'none' ? mimeRefusalFinding(browser, facts, i, notes) : null;
      if (refused) return refused;
      f = finding(browser, i, url, 'allowed', 'ok', 'actual', notes);
    }
    if (status !== undefined) f.status = status;
    return f;
  }
  return finding(browser, 0, facts.url, 'unknown', 'unknown', 'request', notes);
}

/**
 * A finding with every field in one fixed order (optional ones filled in by the caller), so the
 * engines' results share one object shape: spreading partial objects made each a new shape.
 */
function finding(browser: BrowserId, hop: number, url: string, outcome: Outcome, reason: ReasonId, phase: Phase, notes: string[]): Finding {
  return {
    browser,
    outcome,
    reason,
    phase,
    hop,
    corsError: null,
    failedParameter: undefined,
    url,
    firefoxLines: undefined,
    safari: undefined,
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

/**
 * The page itself said it used `redirect: 'manual'` (or got an opaque-redirect response). Needed
 * because Chromium's webRequest reports net::ERR_ABORTED after the 3xx for `redirect: 'manual'`
 * and `redirect: 'error'` alike (verified in Chromium 156; only CDP tells them apart).
 */
function pageAskedManual(facts: ExchangeFacts): boolean {
  const hint = facts.exchange?.pageHint;
  return hint?.redirect === 'manual' || hint?.responseType === 'opaqueredirect';
}

/**
 * A redirect whose response arrived and which the browser then canceled itself, for a page that
 * asked for `redirect: 'manual'`: Chromium hands the page an opaque-redirect response (type
 * 'opaqueredirect', status 0, no Location to read) and aborts the load (net::ERR_ABORTED, no
 * CorsError; verified in Chromium 156, lab scenario redirect-manual-opaque).
 */
function manualRedirectFinding(browser: BrowserId, i: number, url: string, hop: Hop, notes: string[]): Finding {
  const req = hop.request;
  const f = finding(browser, i, url, 'opaque', 'opaque-redirect', 'redirect', [
    ...notes,
    `The browser received this ${req.status ?? '3xx'} redirect${req.error ? ` and then canceled the request itself (${req.error})` : ' and did not follow it'}: the page asked for redirect: 'manual', so it got an opaque-redirect response it cannot read.`,
  ]);
  f.firefoxLines = [];
  f.safari = null;
  f.evidence = [{ on: 'redirect-response', hop: i, field: ':error', value: req.error ?? '', note: 'canceled after the redirect response arrived' }];
  if (req.status !== undefined) f.status = req.status;
  return f;
}

function needsPreflight(hop: Hop): boolean {
  if (!hop.request.requestHeaders && isCorsSafelistedMethod(hop.request.method)) return false;
  return !isCorsSafelistedMethod(methodOfHop(hop)) || unsafeHeadersOfHop(hop).length > 0;
}

/** An observed error belongs to one browser: it only overrides that engine's simulation. */
function sameFamily(browser: BrowserId, error: string | undefined, facts: ExchangeFacts): boolean {
  const fam = errorFamily(error) ?? facts.errorFamily;
  return fam === null || fam === browser;
}

function networkFinding(
  browser: BrowserId,
  facts: ExchangeFacts,
  hop: number,
  url: string,
  reason: ReasonId,
  error: string | undefined,
  phase: Finding['phase'],
  notes: string[],
): Finding {
  const crossOrigin = !isSameOrigin(facts.initiator, url);
  reason = refineCorpReason(reason, facts.hops[hop], error);
  const f = finding(browser, hop, url, reason === 'unknown' ? 'unknown' : 'network-error', reason, phase, notes);
  f.firefoxLines = browser === 'firefox' && crossOrigin && facts.mode === 'cors' ? [{ key: DID_NOT_SUCCEED, url, arg: '(null)' }] : [];
  f.safari = browser === 'safari' ? safariNetworkLine(reason, phase, error) : null;
  if (error) {
    f.evidence = [{ on: phase === 'preflight' ? 'preflight-response' : 'response', hop, field: ':error', value: error, note: 'reported by the browser' }];
    f.error = error;
  }
  return f;
}

/**
 * WebKit reports some network errors as access-control failures, with a line of their own:
 * too many redirects, and a preflight that failed to load (its text comes from the network
 * library — libsoup on Linux, CFNetwork in Safari — so it is only printed when captured).
 */
function safariNetworkLine(reason: string, phase: Finding['phase'], error: string | undefined): Finding['safari'] {
  if (reason === 'redirect-limit') return { kind: 'redirect-limit' };
  if (phase !== 'preflight') return null;
  return error && errorFamily(error) === null ? { kind: 'network-error', value: error } : { kind: 'network-error' };
}

/** The actual request was sent after its preflight (not provisional) and the page saw a network error. */
function lostAfterPassingPreflight(facts: ExchangeFacts, hop: Hop): boolean {
  return hop.preflight !== undefined && facts.exchange?.actualNeverSent !== true && hop.request.requestHeadersProvisional !== true && pageSawNetworkError(facts.exchange);
}

/** WebKit's redirect limit (20 followed) and fetch's `redirect: 'error'` stop at this redirect. */
const WEBKIT_MAX_REDIRECTS = 20;
function safariRedirectStop(facts: ExchangeFacts, i: number, url: string, notes: string[]): Finding | null {
  if (i >= WEBKIT_MAX_REDIRECTS) return networkFinding('safari', facts, i, url, 'redirect-limit', undefined, 'redirect', notes);
  if (facts.exchange?.pageHint?.redirect !== 'error') return null;
  const f = networkFinding('safari', facts, i, url, 'net-error-not-cors', undefined, 'redirect', [
    ...notes,
    "The page asked for redirect: 'error', so the browser refused to follow this redirect.",
  ]);
  f.safari = { kind: 'redirect-mode-error' };
  return f;
}

/** A network error decides before the mode's own outcome (an opaque request can still fail to connect). */
function withNetworkOverride(browser: BrowserId, facts: ExchangeFacts, f: Finding): Finding {
  if (f.outcome !== 'opaque' && f.outcome !== 'not-cors') return f;
  for (let i = 0; i < facts.hops.length; i++) {
    const req = facts.hops[i]!.request;
    const err = classifyError(req.error);
    if (err.kind === 'network' && isAbortedOpaqueResponse(f, facts.hops[i], err.reason)) {
      f.notes.push(`The browser reported ${req.error} after the response arrived: for a no-cors data response (JSON, HTML) that is Opaque Response Blocking emptying it; the page still got an opaque response.`);
      continue;
    }
    if (err.kind === 'network') return networkFinding(browser, facts, i, req.url, err.reason, req.error, 'network', f.notes);
  }
  return f;
}

