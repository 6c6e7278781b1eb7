/**
 * Plain-language summary (one sentence) and explanation (a short paragraph a junior developer
 * understands) for each reason: one function per reason in a `Record<ReasonId, …>`, so a new
 * reason without an explanation is a compile error. They name the concrete header, value and
 * status, and say what is really wrong — e.g. a 500 without CORS headers is a failing server,
 * not a CORS setting. The preflight reasons' explanations are in explain-preflight.ts.
 */
import { SERVE_OVER_HTTP, explainOpaqueMismatch } from './opaque-origin';
import type { ReasonId } from './model';
import type { ExchangeFacts } from './facts';
import { getHeader } from './http/headers';
import { explainCoep, explainCorp, explainLna, explainLnaInsecure, explainMimeRefused, explainOrb, explainWebSocketFailure } from './explain-not-cors';
import { credentialsOffText, credentialsOnText } from './initiator-advice';
import { q, statusText, type ExplainContext, type Explanation } from './explain-context';
import { preflightAcaoMissing, preflightNonOkStatus, preflightRedirect, preflightAcamUnparsable, preflightAcahUnparsable, preflightMethodNotAllowed, preflightHeaderNotAllowed, preflightNetworkFailure } from './explain-preflight';

export type { ExplainContext, Explanation } from './explain-context';
type Ctx = ExplainContext;

function ok(c: Ctx): Explanation {
  const { origin, url, acao, status, notes } = c;
  return {
    summary: `Allowed: ${url} passed every CORS check for ${origin}.`,
    explanation: `The server answered ${statusText(status)} with Access-Control-Allow-Origin ${q(acao)}, which lets ${origin} read the response.${notes}`,
  };
}

function sameOrigin(c: Ctx): Explanation {
  const { origin, url } = c;
  return {
    summary: 'Same-origin request: CORS does not apply.',
    explanation: `${url} has the same scheme, host and port as the page (${origin}), so the browser does not use CORS for it. Any failure here is not a CORS problem.`,
  };
}

function navigation(): Explanation {
  return {
    summary: 'Navigation: CORS does not apply.',
    explanation: 'Loading a page or frame is a navigation; browsers do not run CORS checks on navigations.',
  };
}

function websocketNoCors(): Explanation {
  return {
    summary: 'WebSocket: CORS does not apply.',
    explanation: 'WebSocket connections are not covered by CORS (no preflight, no Access-Control-Allow-Origin). The server must check the Origin header itself.',
  };
}

function opaqueNoCorsResponse(c: Ctx): Explanation {
  const { origin } = c;
  return {
    summary: "Opaque response: the request used mode 'no-cors', so the page cannot read it.",
    explanation: `With mode 'no-cors' the browser sends the request but gives the page an opaque response (status 0, no headers, empty body). This often comes from "fixing" a CORS error with mode: 'no-cors' — it hides the error but the data is unreadable. Remove mode: 'no-cors' and make the server send Access-Control-Allow-Origin: ${origin}, or call the API through a same-origin proxy.`,
  };
}

function opaqueRedirect(c: Ctx): Explanation {
  const { url } = c;
  return {
    summary: `Opaque redirect: the request used redirect: 'manual', so the page gets the redirect from ${url} as an unreadable response.`,
    explanation:
      "With redirect: 'manual' the browser does not follow a redirect: the page gets a response of type 'opaqueredirect' (status 0, no headers, so no Location) and the browser cancels the load. Not a CORS failure. To follow the redirect, drop redirect: 'manual'; to learn where it points, have the server return the URL in a readable 200 response instead.",
  };
}

function acaoMissing(c: Ctx): Explanation {
  const { f, origin, url, status, which, notes } = c;
  return {
    summary: `Blocked: the ${which} from ${url} has no Access-Control-Allow-Origin header.`,
    explanation:
      `The server answered ${statusText(status)} but did not send Access-Control-Allow-Origin, so the browser hid the response from ${origin}. ` +
      (f.reason === 'redirect-target-acao-missing' ? 'The request was redirected here; the final server (often a CDN or storage bucket) needs its own CORS configuration. ' : '') +
      `Make the server send Access-Control-Allow-Origin: ${origin} (or * for public data without credentials).${notes}`,
  };
}

function serverErrorWithoutCors(c: Ctx): Explanation {
  const { url, status, notes } = c;
  return {
    summary: `Blocked: the server failed with ${statusText(status)} and that error response has no CORS headers.`,
    explanation: `The real problem is the ${statusText(status)} error from ${url}: the server's error path (an exception handler, auth middleware, proxy or gateway error page) skips the CORS headers, so the browser reports a CORS error instead of the ${status}. Fix the cause of the ${status} (see the server logs), and make the CORS headers part of error responses too (register the CORS middleware before auth/error handlers).${notes}`,
  };
}

function acaoWildcardWithCredentials(c: Ctx): Explanation {
  const { origin, which, notes } = c;
  // How this initiator turns credentials on and off (fetch's option, withCredentials, crossorigin …).
  const credOn = credentialsOnText(c.facts);
  const credOff = credentialsOffText(c.facts);
  return {
    summary: `Blocked: Access-Control-Allow-Origin is '*' but the request was sent with credentials.`,
    explanation: `The ${which} allows any origin with '*', which browsers refuse for credentialed requests (${credOn}), even with Access-Control-Allow-Credentials: true. Either send the exact origin (Access-Control-Allow-Origin: ${origin}, Access-Control-Allow-Credentials: true, Vary: Origin) or ${credOff}.${notes}`,
  };
}

function acaoMultipleValues(c: Ctx): Explanation {
  const { origin, acao, which, notes } = c;
  return {
    summary: `Blocked: Access-Control-Allow-Origin has more than one value (${q(acao)}).`,
    explanation: `The ${which} carries ${q(acao)}, but the header must hold exactly one origin. This usually means two layers (for example the app and a reverse proxy or CDN) both add the header, or a whole allow-list was put into it. Send the header once, with the single value ${origin}.${notes}`,
  };
}

function acaoInvalidValue(c: Ctx): Explanation {
  const { origin, acao, which, notes } = c;
  return {
    summary: `Blocked: Access-Control-Allow-Origin ${q(acao)} is not a valid origin.`,
    explanation: `The ${which} sends ${q(acao)}, which is not an origin (an origin is scheme://host[:port], without path or trailing slash). Patterns such as *.example.com are not supported: check the Origin request header against your allow-list on the server and echo it back, e.g. Access-Control-Allow-Origin: ${origin}.${notes}`,
  };
}

function acaoMismatch(c: Ctx): Explanation {
  const { checked, acao, which, notes } = c;
  return {
    summary: `Blocked: Access-Control-Allow-Origin is ${q(acao)} but the page origin is ${checked}.`,
    explanation: `The ${which} allows ${q(acao)}, which must equal the requesting origin ${checked} exactly (same scheme, host and port, lowercase, no trailing slash or path). Make the server answer with Access-Control-Allow-Origin: ${checked}.${notes}`,
  };
}

function acacInvalid(c: Ctx): Explanation {
  const { f, acac, which, notes } = c;
  const credOn = credentialsOnText(c.facts);
  const credOff = credentialsOffText(c.facts);
  return {
    summary: `Blocked: credentialed request, but Access-Control-Allow-Credentials is ${acac === null ? 'missing' : q(acac)}.`,
    explanation: `The request was sent with credentials (${credOn}). Then the ${which} must also carry Access-Control-Allow-Credentials: true (exactly, lowercase). It has ${acac === null ? 'no such header' : q(acac)}. Add it${f.phase === 'preflight' ? ' to the OPTIONS response as well — servers often set it only on the actual response' : ''}, or ${credOff}.${notes}`,
  };
}

function redirectHopCorsCheckFailed(c: Ctx): Explanation {
  const { checked, url, acao, status, notes } = c;
  return {
    summary: `Blocked: the redirect (${statusText(status)}) from ${url} has no valid CORS headers.`,
    explanation: `Every response in a CORS redirect chain is checked, including the ${status ?? '3xx'} itself. The redirect from ${url} has Access-Control-Allow-Origin ${q(acao)} (needed: ${checked}). Typical causes: an auth gateway redirecting to a login page, or an http→https / trailing-slash redirect configured without CORS. Call the final URL directly, or add CORS headers to the redirect response.${notes}`,
  };
}

function redirectTaintedOrigin(c: Ctx): Explanation {
  const { origin, url, acao, which, notes } = c;
  return {
    summary: `Blocked: after a cross-origin redirect the request's Origin is 'null', but the ${which} allows ${q(acao)}.`,
    explanation: `The request left ${origin}, was sent to one origin and then redirected to another, so the browser sent Origin: null from then on (this sticks for the rest of the chain). The ${which} at ${url} answers ${q(acao)}, which does not match 'null'. Avoid the cross-origin redirect (call the final URL directly), or have that server answer with Access-Control-Allow-Origin: * (without credentials).${notes}`,
  };
}

function redirectContainsCredentials(c: Ctx): Explanation {
  const { url, res, headers, notes } = c;
  return {
    summary: 'Blocked: the request was redirected to a URL containing a username or password.',
    explanation: `${url} redirected to ${q(res?.redirectUrl ?? getHeader(headers, 'location'))}, which contains user:password@. Browsers refuse such redirects for CORS requests. Remove the credentials from the Location URL and use an Authorization header instead.${notes}`,
  };
}

function redirectNonHttpScheme(c: Ctx): Explanation {
  const { url, res, headers, notes } = c;
  return {
    summary: 'Blocked: the request was redirected to a non-HTTP(S) URL.',
    explanation: `A CORS request can only be redirected to http: or https: URLs. ${url} redirected elsewhere (${q(res?.redirectUrl ?? getHeader(headers, 'location'))}).${notes}`,
  };
}

function modeSameOriginViolated(c: Ctx): Explanation {
  const { origin, url } = c;
  return {
    summary: "Blocked: mode 'same-origin' was used for a cross-origin URL.",
    explanation: `The code asked for mode: 'same-origin', which refuses any other origin before sending anything. ${url} is not on ${origin}. Use mode: 'cors' (the default) and configure CORS on the server.`,
  };
}

function corsDisabledScheme(c: Ctx): Explanation {
  const { url } = c;
  return {
    summary: `Blocked: CORS requests only work over http(s), not ${q(url.split(':')[0] ?? '')}.`,
    explanation: `The request goes to ${url}. Pages opened from file:// (origin 'null') cannot fetch local files with CORS: browsers only run CORS over http(s). ${SERVE_OVER_HTTP[0]!.toUpperCase()}${SERVE_OVER_HTTP.slice(1)}, and open the page from http://localhost instead of the file.`,
  };
}

function mixedContent(c: Ctx): Explanation {
  const { origin, url } = c;
  return {
    summary: 'Blocked as mixed content, not CORS: an HTTPS page requested an HTTP URL.',
    explanation: `The page ${origin} is HTTPS and the request goes to ${url} over plain HTTP, which the browser blocks before CORS is considered. Use https:// for the API. CORS headers will not help here.`,
  };
}

function blockedByClient(c: Ctx): Explanation {
  const { f } = c;
  return {
    summary: `Blocked by the browser or an extension (${f.error ?? 'blocked'}), not by CORS.`,
    explanation: `${f.error ?? 'The error'} means a browser extension (ad blocker, privacy tool) or a browser feature cancelled the request. It never reached the server. Try with extensions disabled; CORS headers are not involved.`,
  };
}



function cspConnectSrc(c: Ctx): Explanation {
  const { url } = c;
  return {
    summary: "Blocked by the page's Content Security Policy, not by CORS.",
    explanation: `The page's CSP (connect-src / default-src) does not allow ${url}. Add the API origin to connect-src; the server's CORS headers are irrelevant.`,
  };
}

function redirectLimit(c: Ctx): Explanation {
  const { url } = c;
  return {
    summary: 'Failed: too many redirects.',
    explanation: `Following ${url} produced more than 20 redirects, usually a loop (http↔https or www↔apex). Fix the redirect rules on the server.`,
  };
}

function requestCanceled(c: Ctx): Explanation {
  const { f } = c;
  return {
    summary: `The request was canceled (${f.error ?? 'aborted'}).`,
    explanation: 'The page (AbortController, navigation away) or the browser canceled the request. This is not a CORS failure.',
  };
}

function netErrorNotCors(c: Ctx): Explanation {
  const { f, url } = c;
  return {
    summary: `Network error (${f.error ?? 'no response'}), not a CORS problem.`,
    explanation: `The request to ${url} failed with ${f.error ?? 'a network error'} before any response arrived: the server is down, the host or port is wrong, DNS or TLS failed, or a proxy/VPN interfered.${f.error?.startsWith('NS_') ? ' Firefox labels this "CORS request did not succeed", but it is a network failure.' : ''} CORS headers will not help; make the server reachable first.`,
  };
}

/** How to get the missing data: live capture can reload; a HAR file has to be recorded again. */
function recordAgainAdvice(facts: ExchangeFacts): string {
  if (facts.hops.some((h) => h.request.source === 'har')) {
    return ' Record the HAR again from DevTools → Network (reload the page with DevTools open, then Export HAR) so the preflight and the response headers are in it.';
  }
  return ' Reload the page with the CORS tab open (so the preflight and the response headers are captured) to get an exact reason.';
}

function fallback(c: Ctx): Explanation {
  const { f, facts } = c;
  return {
    summary: f.outcome === 'blocked' ? 'Blocked, but the captured data does not show why.' : 'Not enough data to decide.',
    explanation:
      (f.notes.length > 0 ? f.notes.join(' ') : 'The recording lacks the request or response details needed to replay the browser’s checks.') +
      recordAgainAdvice(facts),
  };
}

/** One explanation per reason; `unknown` (and reasons with no story of their own) get the fallback. */
export const EXPLANATIONS: Readonly<Record<ReasonId, (c: ExplainContext) => Explanation>> = {
  ok: ok,
  'same-origin': sameOrigin,
  navigation: navigation,
  'websocket-no-cors': (c) => explainWebSocketFailure(c) ?? websocketNoCors(),
  'opaque-no-cors-response': opaqueNoCorsResponse,
  'opaque-redirect': opaqueRedirect,
  'acao-missing': acaoMissing,
  'redirect-target-acao-missing': acaoMissing,
  'server-error-without-cors': serverErrorWithoutCors,
  'acao-wildcard-with-credentials': acaoWildcardWithCredentials,
  'preflight-acao-wildcard-with-credentials': acaoWildcardWithCredentials,
  'acao-multiple-values': acaoMultipleValues,
  'preflight-acao-multiple-values': acaoMultipleValues,
  'acao-invalid-value': acaoInvalidValue,
  'preflight-acao-invalid-value': acaoInvalidValue,
  'acao-mismatch': acaoMismatch,
  'preflight-acao-mismatch': acaoMismatch,
  'acac-invalid': acacInvalid,
  'preflight-acac-invalid': acacInvalid,
  'preflight-acao-missing': preflightAcaoMissing,
  'preflight-non-ok-status': preflightNonOkStatus,
  'preflight-redirect': preflightRedirect,
  'preflight-acam-unparsable': preflightAcamUnparsable,
  'preflight-acah-unparsable': preflightAcahUnparsable,
  'preflight-method-not-allowed': preflightMethodNotAllowed,
  'preflight-header-not-allowed': preflightHeaderNotAllowed,
  'preflight-network-failure': preflightNetworkFailure,
  'redirect-hop-cors-check-failed': redirectHopCorsCheckFailed,
  'redirect-tainted-origin': redirectTaintedOrigin,
  'opaque-origin-mismatch': (c) => explainOpaqueMismatch(c.f, c.facts),
  'redirect-contains-credentials': redirectContainsCredentials,
  'redirect-non-http-scheme': redirectNonHttpScheme,
  'mode-same-origin-violated': modeSameOriginViolated,
  'cors-disabled-scheme': corsDisabledScheme,
  'mixed-content': mixedContent,
  'blocked-by-client': blockedByClient,
  'orb-corb': explainOrb,
  'corp-blocked': explainCorp,
  'coep-blocked': explainCoep,
  'mime-type-refused': explainMimeRefused,
  'lna-permission-denied': explainLna,
  'lna-insecure-context': explainLnaInsecure,
  'csp-connect-src': cspConnectSrc,
  'redirect-limit': redirectLimit,
  'request-canceled': requestCanceled,
  'net-error-not-cors': netErrorNotCors,
  'no-cors-redirect-mode-not-follow': fallback,
  unknown: fallback,
};

/** For ids the table does not know (data from outside the core): the same as `unknown`. */
export { fallback as explainUnknown };
