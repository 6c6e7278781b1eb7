/**
 * One hop of an engine's walk, check by check in the browser's order: the preflight, the
 * response's arrival (network errors, cancellations, nothing captured), its CORS check, the
 * redirect it asks for, and the final outcome. Each returns the problem that stops the walk, or
 * null to go on. Browser-neutral: what differs between engines is read from `walk.spec`.
 */
import type { Evidence, Hop, ReasonId } from './model';
import { isTaintable } from './reasons';
import { hasResponse, type ResponseTest } from './observation';
import type { ExchangeFacts } from './facts';
import { methodOfHop, unsafeHeadersOfHop } from './facts';
import type { EngineSpec } from './engine-specs';
import { safeHeaders } from './http/headers';
import { hostOf, isLoopbackHost } from './http/origin';
import { accessEvidence, accessReason, type AccessProblem } from './rules/access-check';
import { classifyError, looksLikeMixedContent, type ErrorClass } from './rules/network';
import { isMimeRefusalError, mimeRefusalProblem, orbEmptiedProblem } from './rules/not-cors';
import { checkPreflight, isPreflightRedirect } from './rules/preflight';
import { pageSawResponse } from './page-hint';
import { checkRedirectLocation, nextTainted, redirectTarget } from './rules/redirect';
import type { Problem } from './rules/types';
import {
  lostAfterPassingPreflight,
  manualRedirectProblem,
  needsPreflight,
  networkProblem,
  ownRedirectStop,
  pageAskedManual,
  problem,
  sameFamily,
} from './engine-problems';

/** The state of one engine's walk over an exchange's hops. */
export interface Walk {
  spec: EngineSpec;
  facts: ExchangeFacts;
  credentials: boolean;
  initiator: string;
  /** The chain has left the page's origin: CORS applies from here on. */
  corsActive: boolean;
  /** Fetch "redirect-taint": the Origin is `null` from here on. */
  tainted: boolean;
  notes: string[];
}

/** A response arrived, as the engines count it (an empty captured header list counts). */
const CAPTURED: ResponseTest = { emptyHeaderListCounts: true };

const SERVICE_WORKER_NOTE =
  "The page's service worker answered this request (respondWith): the CORS check ran in the worker's own request to the server, and the headers recorded here are what the worker handed the page (CORS-filtered), so a missing Access-Control-Allow-Origin here means nothing. The worker's request, when recorded, shows the server's answer.";

const LOST_AFTER_PREFLIGHT_NOTE =
  'The preflight passed and the request went out, but its connection broke before any response and the page saw a network error. WebKit re-sends such a request only when the broken connection was a reused idle one; Chromium and Firefox send it again once (lab scenario connection-lost-after-preflight).';

const ENDED_AFTER_PAGE_HAD_IT = (error: string | undefined) =>
  `The browser reported ${error} only after the response arrived, and the page received that response (its call succeeded): the CORS check passed, and the request ended afterwards. Not a CORS failure.`;

const PREFLIGHT_STATUS_UNRECORDED =
  'The capture has the preflight’s response headers but not its status (Firefox’s getHAR() leaves some statuses at 0): its headers pass; its status is not known.';

/** The hop's preflight, when one ran: its failure, else null (with a note when it was not captured). */
export function checkHopPreflight(w: Walk, i: number, checkedOrigin: string): Problem | null {
  const hop = w.facts.hops[i]!;
  const url = hop.request.url;
  const pf = hop.preflight;
  if (!pf) {
    if (needsPreflight(hop)) {
      w.notes.push(
        i === 0 && w.facts.exchange?.preflightCacheHit
          ? 'No preflight was sent: the browser reused a cached preflight result (Access-Control-Max-Age), so only the actual response is checked.'
          : 'This request needed a preflight but none was captured (cached, or sent before recording started); only the actual response is checked.',
      );
    }
    return null;
  }
  if (classifyError(pf.error).kind === 'network') return networkProblem(w.facts, i, url, 'preflight-network-failure', pf.error, 'preflight', w.notes);
  if (!hasResponse(pf, CAPTURED) && !isPreflightRedirect(pf)) {
    w.notes.push('A preflight was sent but its response was not captured.');
    return null;
  }
  const origin = w.spec.preflightOriginAfterTaint === 'page' ? w.initiator : checkedOrigin;
  const failure = checkPreflight(w.spec, {
    preflight: pf,
    hop: i,
    method: methodOfHop(hop),
    unsafeHeaders: unsafeHeadersOfHop(hop),
    requestHeaderNames: () => safeHeaders(hop.request.requestHeaders).map((h) => h.name),
    credentials: w.credentials,
    origin,
    url,
    requestNeverSent: i === w.facts.hops.length - 1 && w.facts.exchange?.actualNeverSent === true,
  });
  if (!failure) {
    if (isPreflightRedirect(pf)) w.notes.push('The preflight was redirected.');
    if (pf.statusUnrecorded) w.notes.push(PREFLIGHT_STATUS_UNRECORDED);
    return null;
  }
  // Only origin checks are about the taint: `*` with credentials fails whatever the origin.
  const reason = w.tainted && isTaintable(failure.reason) && origin === 'null' ? 'redirect-tainted-origin' : failure.reason;
  const p = problem(i, url, 'blocked', reason, 'preflight', w.notes);
  p.check = failure.check;
  p.evidence = failure.evidence;
  p.checkedOrigin = origin;
  p.status = failure.status;
  return p;
}

/** Whether this hop's response arrived to be checked; the problem when it did not. */
export function checkArrival(w: Walk, i: number, err: ErrorClass): Problem | null {
  const { facts, notes } = w;
  const hop = facts.hops[i]!;
  const next = facts.hops[i + 1];
  const req = hop.request;
  const url = req.url;
  const canceledWithResponse = err.kind === 'network' && err.reason === 'request-canceled' && !next && w.corsActive && hasResponse(req, CAPTURED);
  if (canceledWithResponse && redirectTarget(hop, next) !== null && pageAskedManual(facts)) return manualRedirectProblem(i, url, hop, notes);
  // Canceled after its final response arrived (EventSource.close(), an AbortController, a
  // navigation): that response's CORS check is what the page saw (Chromium: ERR_ABORTED, no CorsError).
  // ORB first: a no-cors response it emptied also ends ERR_ABORTED after a response.
  const emptied = err.kind === 'network' ? orbEmptiedProblem(hop, i, err.reason, notes) : null;
  if (emptied) return emptied;
  // Firefox fails a module script it refused for its MIME type with NS_ERROR_CORRUPTED_CONTENT after
  // the response; Chromium sometimes ends a refused EventSource with ERR_ABORTED rather than
  // ERR_FAILED. Either way a response the API cannot take is the refusal, not the page closing it.
  const refusedType = err.kind === 'network' && (isMimeRefusalError(req.error) || canceledWithResponse) ? mimeRefusalProblem(facts, i, notes) : null;
  if (refusedType) return refusedType;
  const canceledAfterResponse = canceledWithResponse && redirectTarget(hop, next) === null;
  if (err.kind === 'network' && !canceledAfterResponse) return networkProblem(facts, i, url, err.reason, req.error, 'network', notes);
  if (canceledAfterResponse) notes.push(`The request ended with ${req.error} after its response arrived: the page (or the browser) closed it once it had the response, which is not a CORS failure.`);
  return hasResponse(req, CAPTURED) ? null : noResponseProblem(w, i, err);
}

function noResponseProblem(w: Walk, i: number, err: ErrorClass): Problem {
  const { facts, notes, spec } = w;
  const hop = facts.hops[i]!;
  const req = hop.request;
  const url = req.url;
  if (!w.corsActive) return problem(i, url, 'unknown', 'unknown', 'actual', [...notes, 'No response was captured for this request.']);
  if (spec.lostAfterPreflightIsNetworkError && lostAfterPassingPreflight(facts, hop)) {
    return networkProblem(facts, i, url, 'net-error-not-cors', req.error, 'network', [...notes, LOST_AFTER_PREFLIGHT_NOTE]);
  }
  if (looksLikeMixedContent(w.initiator, url, isLoopbackHost(hostOf(url))) && (err.kind === 'none' || !hop.preflight)) {
    return networkProblem(facts, i, url, 'mixed-content', req.error, 'network', notes);
  }
  const unexplained = err.kind === 'cors' || facts.exchange?.actualNeverSent === true;
  const why = !unexplained
    ? 'No response was captured for this request.'
    : hop.preflight
      ? 'The browser never sent the actual request, but the captured preflight response passes every check: the failing detail (for example the credentials mode) is not in the captured data.'
      : 'The browser blocked the request before a response was captured (the preflight or the response headers are missing from the recording).';
  const outcome = unexplained && sameFamily(spec, req.error, facts) ? 'blocked' : 'unknown';
  return problem(i, url, outcome, 'unknown', hop.preflight ? 'preflight' : 'actual', [...notes, why]);
}

/** The CORS check of the hop's response (a redirect's too), or null when it passes or does not apply. */
export function checkResponse(w: Walk, i: number, checkedOrigin: string, target: string | null): Problem | null {
  const req = w.facts.hops[i]!.request;
  const status = req.status;
  if (status === 304) {
    w.notes.push('A 304 revalidation is not CORS-checked; the cached response’s headers apply.');
    return null;
  }
  if (req.viaServiceWorker === true) {
    // The page's side of a request its service worker answered: these are the headers the
    // worker handed over (CORS-filtered), not the server's; the check ran in the worker.
    w.notes.push(SERVICE_WORKER_NOTE);
    return null;
  }
  const access = w.spec.checkAccess({ headers: req.responseHeaders, credentials: w.credentials, origin: checkedOrigin });
  if (!access) return null;
  const onRedirect = target !== null;
  const on: Evidence['on'] = onRedirect ? 'redirect-response' : 'response';
  const evidence = accessEvidence(access, on, i, checkedOrigin, req.responseHeaders);
  if (status !== undefined) evidence.push({ on, hop: i, field: ':status', value: String(status), note: status >= 400 ? 'error response' : 'response status' });
  const p = problem(i, req.url, 'blocked', responseAccessReason(w, i, access, checkedOrigin, onRedirect), onRedirect ? 'redirect' : 'actual', w.notes);
  p.check = { kind: 'access', access, preflight: false, redirected: onRedirect, ...(target !== null ? { redirectTo: target } : {}) };
  p.evidence = evidence;
  p.checkedOrigin = checkedOrigin;
  p.status = status;
  return p;
}

/** What a failed CORS check of a response means here: on a redirect, after a taint, on an error … */
function responseAccessReason(w: Walk, i: number, access: AccessProblem, checkedOrigin: string, onRedirect: boolean): ReasonId {
  const status = w.facts.hops[i]!.request.status ?? 0;
  if (onRedirect) return 'redirect-hop-cors-check-failed';
  // Missing, multiple and `*`-with-credentials fail whatever origin was sent: not about the taint.
  if (checkedOrigin === 'null' && access.kind !== 'missing' && access.kind !== 'multiple' && access.kind !== 'wildcard-with-credentials') {
    // Null from a redirect taint, or from the start: an opaque-origin document (sandboxed, file:, data:).
    return w.tainted ? 'redirect-tainted-origin' : 'opaque-origin-mismatch';
  }
  if (access.kind === 'missing' && status >= 400) return 'server-error-without-cors';
  if (access.kind === 'missing' && i > 0) return 'redirect-target-acao-missing';
  return accessReason(access.kind, false);
}

/** A redirect the hop asks for: the engine's own stops, the Location checks, then the taint. */
export function checkRedirect(w: Walk, i: number, target: string): Problem | null {
  const { facts, spec, notes } = w;
  const hop: Hop = facts.hops[i]!;
  const url = hop.request.url;
  const stop = ownRedirectStop(spec, facts, i, url, notes);
  if (stop) return stop;
  // WebKit hands a `redirect: 'manual'` page its opaque-redirect response without an error.
  if (spec.manualRedirectWithoutError && !facts.hops[i + 1] && pageAskedManual(facts)) return manualRedirectProblem(i, url, hop, notes);
  const loc = checkRedirectLocation(spec, { location: target, url, corsActive: w.corsActive, tainted: w.tainted, initiator: w.initiator });
  if (loc && (facts.mode === 'cors' || w.corsActive)) {
    const p = problem(i, loc.url ?? url, 'blocked', loc.reason, 'redirect', notes);
    p.check = loc.check;
    p.evidence = [{ on: 'redirect-response', hop: i, field: 'location', value: target, note: loc.reason === 'redirect-contains-credentials' ? 'contains a username/password' : 'not an http(s) URL' }];
    return p;
  }
  w.tainted = nextTainted(w.tainted, w.initiator, url, target);
  return null;
}

/** The last hop passed every check: allowed, or blocked for a reason the data does not show. */
export function finalProblem(w: Walk, i: number, err: ErrorClass, target: string | null): Problem {
  const { facts, notes } = w;
  const req = facts.hops[i]!.request;
  let p: Problem;
  const unfollowed = target !== null && !facts.hops[i + 1];
  // Chromium sometimes ends an EventSource the page already opened with ERR_FAILED (seen under
  // load): the page had the response, so the check passed and the error came after it.
  if (err.kind === 'cors' && !unfollowed && pageSawResponse(facts.exchange) && hasResponse(req, CAPTURED)) {
    const allowed = problem(i, req.url, 'allowed', 'ok', 'actual', [...notes, ENDED_AFTER_PAGE_HAD_IT(req.error)]);
    if (req.status !== undefined) allowed.status = req.status;
    return allowed;
  }
  if (err.kind === 'cors' && sameFamily(w.spec, req.error, facts)) {
    p = problem(i, req.url, 'blocked', 'unknown', 'actual', [
      ...notes,
      unfollowed
        ? `The browser reported ${req.error} at a redirect it did not follow, although the redirect passes every CORS check. Either the request forbade redirects (fetch \`redirect: 'error'\`, a network error with no CORS reason) or it was credentialed and the redirect lacks \`Access-Control-Allow-Credentials: true\`; the captured data does not say which.`
        : `The browser reported ${req.error} although the captured headers pass every CORS check. Something the data does not show decided it (for example the request's credentials mode, a header the capture missed, or a cached response).`,
    ]);
    if (unfollowed) p.unfollowedRedirect = true;
  } else {
    const refused = err.kind === 'none' ? mimeRefusalProblem(facts, i, notes) : null;
    if (refused) return refused;
    p = problem(i, req.url, 'allowed', 'ok', 'actual', notes);
  }
  if (req.status !== undefined) p.status = req.status;
  return p;
}
