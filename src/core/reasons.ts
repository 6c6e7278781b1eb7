/**
 * The catalogue of reason ids (taxonomy ids plus `ok`, `same-origin`, …): a short title for a
 * list column, the Chrome DevTools Issues-panel title, the Fetch Standard anchor and the MDN
 * guide page (Firefox key slugs under developer.mozilla.org/…/CORS/Errors/).
 */

const FETCH = 'https://fetch.spec.whatwg.org/';
const MDN_ERRORS = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/';
const MDN_CORS = 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS';

export interface ReasonInfo {
  id: string;
  /** A few words for a list column. */
  title: string;
  /** Chrome DevTools Issues panel title, when Chrome raises a CORS issue for it. */
  issueTitle: string | null;
  /** Fetch Standard link. */
  spec: string;
  /** MDN guide page. */
  mdn: string;
}

const ISSUE = {
  invalidHeaders: 'Ensure CORS response header values are valid',
  wildcard: 'Ensure credentialed requests aren’t sent to CORS resources with origin wildcards',
  preflightInvalid: 'Ensure preflight responses are valid',
  originMismatch: 'Ensure CORS requesting origin matches resource’s allowed origin',
  credentials: 'Ensure CORS requests include credentials only when allowed',
  method: 'Ensure CORS request uses allowed method',
  header: 'Ensure CORS request includes only allowed headers',
  redirectCredentials: 'Ensure CORS requests aren’t redirected to URLs containing credentials',
  mode: 'Ensure only same-origin resources are fetched with same-origin request mode',
  scheme: 'Ensure CORS requests are made on supported schemes',
  noCorsRedirect: 'Ensure no-cors requests configure redirect mode follow',
} as const;

function r(id: string, title: string, issueTitle: string | null, specAnchor: string, mdnSlug: string | null): ReasonInfo {
  return { id, title, issueTitle, spec: FETCH + specAnchor, mdn: mdnSlug ? MDN_ERRORS + mdnSlug : MDN_CORS };
}

const LIST: ReasonInfo[] = [
  r('ok', 'Allowed', null, '#http-cors-protocol', null),
  r('same-origin', 'Same origin', null, '#concept-main-fetch', null),
  r('navigation', 'Navigation (no CORS)', null, '#concept-main-fetch', null),
  r('websocket-no-cors', 'WebSocket (no CORS)', null, '#websocket-protocol', null),
  r('opaque-no-cors-response', 'Opaque (no-cors)', null, '#concept-filtered-response-opaque', null),
  r('opaque-redirect', "Opaque redirect (redirect: 'manual')", null, '#concept-filtered-response-opaque-redirect', null),

  r('acao-missing', 'Allow-Origin missing', ISSUE.invalidHeaders, '#concept-cors-check', 'CORSMissingAllowOrigin'),
  r('server-error-without-cors', 'Server error, no CORS headers', ISSUE.invalidHeaders, '#concept-cors-check', 'CORSMissingAllowOrigin'),
  r('acao-wildcard-with-credentials', 'Wildcard with credentials', ISSUE.wildcard, '#cors-protocol-and-credentials', 'CORSNotSupportingCredentials'),
  r('acao-multiple-values', 'Multiple Allow-Origin values', ISSUE.invalidHeaders, '#http-access-control-allow-origin', 'CORSMultipleAllowOriginNotAllowed'),
  r('acao-invalid-value', 'Invalid Allow-Origin', ISSUE.invalidHeaders, '#http-access-control-allow-origin', 'CORSAllowOriginNotMatchingOrigin'),
  r('acao-mismatch', 'Allow-Origin mismatch', ISSUE.originMismatch, '#concept-cors-check', 'CORSAllowOriginNotMatchingOrigin'),
  r('acac-invalid', 'Allow-Credentials not true', ISSUE.credentials, '#http-access-control-allow-credentials', 'CORSMissingAllowCredentials'),

  r('preflight-acao-missing', 'Preflight: Allow-Origin missing', ISSUE.invalidHeaders, '#cors-preflight-fetch-0', 'CORSMissingAllowOrigin'),
  r('preflight-acao-wildcard-with-credentials', 'Preflight: wildcard with credentials', ISSUE.wildcard, '#cors-preflight-fetch-0', 'CORSNotSupportingCredentials'),
  r('preflight-acao-multiple-values', 'Preflight: multiple Allow-Origin', ISSUE.invalidHeaders, '#cors-preflight-fetch-0', 'CORSMultipleAllowOriginNotAllowed'),
  r('preflight-acao-invalid-value', 'Preflight: invalid Allow-Origin', ISSUE.invalidHeaders, '#cors-preflight-fetch-0', 'CORSAllowOriginNotMatchingOrigin'),
  r('preflight-acao-mismatch', 'Preflight: Allow-Origin mismatch', ISSUE.originMismatch, '#cors-preflight-fetch-0', 'CORSAllowOriginNotMatchingOrigin'),
  r('preflight-acac-invalid', 'Preflight: Allow-Credentials not true', ISSUE.credentials, '#cors-preflight-fetch-0', 'CORSMissingAllowCredentials'),
  r('preflight-non-ok-status', 'Preflight: not 2xx', ISSUE.preflightInvalid, '#ok-status', 'CORSPreflightDidNotSucceed'),
  r('preflight-redirect', 'Preflight redirected', ISSUE.preflightInvalid, '#cors-preflight-fetch-0', 'CORSExternalRedirectNotAllowed'),
  r('preflight-acam-unparsable', 'Preflight: bad Allow-Methods', ISSUE.invalidHeaders, '#http-new-header-syntax', 'CORSInvalidAllowMethod'),
  r('preflight-acah-unparsable', 'Preflight: bad Allow-Headers', ISSUE.invalidHeaders, '#http-new-header-syntax', 'CORSInvalidAllowHeader'),
  r('preflight-method-not-allowed', 'Method not allowed', ISSUE.method, '#cors-preflight-fetch-0', 'CORSMethodNotFound'),
  r('preflight-header-not-allowed', 'Header not allowed', ISSUE.header, '#cors-preflight-fetch-0', 'CORSMissingAllowHeaderFromPreflight'),
  r('preflight-network-failure', 'Preflight failed to load', null, '#cors-preflight-fetch-0', 'CORSDidNotSucceed'),

  r('redirect-hop-cors-check-failed', 'Redirect lacks CORS', ISSUE.invalidHeaders, '#http-fetch', 'CORSMissingAllowOrigin'),
  r('redirect-tainted-origin', 'Origin null after redirect', ISSUE.originMismatch, '#concept-request-tainted-origin', 'CORSAllowOriginNotMatchingOrigin'),
  r('redirect-target-acao-missing', 'Redirect target lacks CORS', ISSUE.invalidHeaders, '#http-fetch', 'CORSMissingAllowOrigin'),
  r('redirect-contains-credentials', 'Redirect URL has user:pass', ISSUE.redirectCredentials, '#http-redirect-fetch', 'CORSDidNotSucceed'),
  r('redirect-non-http-scheme', 'Redirect to non-HTTP scheme', null, '#http-redirect-fetch', 'CORSRequestNotHttp'),
  r('redirect-limit', 'Too many redirects', null, '#http-redirect-fetch', 'CORSDidNotSucceed'),

  r('mode-same-origin-violated', 'same-origin mode, other origin', ISSUE.mode, '#concept-main-fetch', null),
  r('cors-disabled-scheme', 'Scheme not supported', ISSUE.scheme, '#concept-main-fetch', 'CORSRequestNotHttp'),
  r('no-cors-redirect-mode-not-follow', 'no-cors needs redirect follow', ISSUE.noCorsRedirect, '#concept-main-fetch', null),

  r('net-error-not-cors', 'Network error (not CORS)', null, '#concept-network-error', 'CORSDidNotSucceed'),
  r('blocked-by-client', 'Blocked by an extension', null, '#concept-network-error', null),
  r('mixed-content', 'Mixed content', null, '#concept-main-fetch', null),
  r('orb-corb', 'Blocked by ORB', null, '#concept-main-fetch', null),
  r('csp-connect-src', 'Blocked by page CSP', null, '#concept-main-fetch', null),
  r('corp-blocked', 'Blocked by CORP/COEP', null, '#cross-origin-resource-policy-header', null),
  r('request-canceled', 'Canceled', null, '#concept-fetch', null),

  r('unknown', 'Unknown', null, '#http-cors-protocol', null),
];

export const REASONS: Readonly<Record<string, ReasonInfo>> = Object.freeze(
  Object.fromEntries(LIST.map((info) => [info.id, info])),
);

export const REASON_IDS: readonly string[] = LIST.map((info) => info.id);

/** Catalogue entry for an id; unknown ids get a neutral entry (never undefined). */
export function reasonInfo(id: string): ReasonInfo {
  return REASONS[id] ?? { id, title: id, issueTitle: null, spec: FETCH + '#http-cors-protocol', mdn: MDN_CORS };
}
