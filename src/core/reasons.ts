/**
 * THE table of reason ids (taxonomy ids plus `ok`, `same-origin`, …). `ReasonId` is derived from
 * its keys, and every other per-reason table (explanations in ./explain-table.ts, fix plans in
 * policy/reason-plans.ts, Firefox keys in messages/firefox-parse.ts) is a `Record<ReasonId, …>`:
 * adding a row here makes the compiler list every table that still needs one (see README.md).
 *
 * Per row: a short title for a list column, the Chrome DevTools Issues-panel title, the Fetch
 * Standard anchor, the MDN guide page (Firefox key slugs under developer.mozilla.org/…/CORS/Errors/)
 * and engine facts about the check (`taintable`).
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

interface ReasonRow {
  readonly title: string;
  readonly issue: string | null;
  /** Fetch Standard anchor. */
  readonly spec: string;
  /** MDN CORS error slug, or null for the general CORS guide. */
  readonly mdn: string | null;
  /**
   * A preflight check that compares the Origin: after a tainting redirect (Origin `null`) the
   * engine reports it as `redirect-tainted-origin`. Checks that fail whatever the origin (`*` with
   * credentials, a missing header) are not taintable.
   */
  readonly taintable?: true;
}

const ROWS = {
  ok: { title: 'Allowed', issue: null, spec: '#http-cors-protocol', mdn: null },
  'same-origin': { title: 'Same origin', issue: null, spec: '#concept-main-fetch', mdn: null },
  navigation: { title: 'Navigation (no CORS)', issue: null, spec: '#concept-main-fetch', mdn: null },
  'websocket-no-cors': { title: 'WebSocket (no CORS)', issue: null, spec: '#websocket-protocol', mdn: null },
  'opaque-no-cors-response': { title: 'Opaque (no-cors)', issue: null, spec: '#concept-filtered-response-opaque', mdn: null },
  'opaque-redirect': { title: "Opaque redirect (redirect: 'manual')", issue: null, spec: '#concept-filtered-response-opaque-redirect', mdn: null },
  'acao-missing': { title: 'Allow-Origin missing', issue: ISSUE.invalidHeaders, spec: '#concept-cors-check', mdn: 'CORSMissingAllowOrigin' },
  'server-error-without-cors': { title: 'Server error, no CORS headers', issue: ISSUE.invalidHeaders, spec: '#concept-cors-check', mdn: 'CORSMissingAllowOrigin' },
  'acao-wildcard-with-credentials': { title: 'Wildcard with credentials', issue: ISSUE.wildcard, spec: '#cors-protocol-and-credentials', mdn: 'CORSNotSupportingCredentials' },
  'acao-multiple-values': { title: 'Multiple Allow-Origin values', issue: ISSUE.invalidHeaders, spec: '#http-access-control-allow-origin', mdn: 'CORSMultipleAllowOriginNotAllowed' },
  'acao-invalid-value': { title: 'Invalid Allow-Origin', issue: ISSUE.invalidHeaders, spec: '#http-access-control-allow-origin', mdn: 'CORSAllowOriginNotMatchingOrigin' },
  'acao-mismatch': { title: 'Allow-Origin mismatch', issue: ISSUE.originMismatch, spec: '#concept-cors-check', mdn: 'CORSAllowOriginNotMatchingOrigin' },
  'acac-invalid': { title: 'Allow-Credentials not true', issue: ISSUE.credentials, spec: '#http-access-control-allow-credentials', mdn: 'CORSMissingAllowCredentials' },
  'preflight-acao-missing': { title: 'Preflight: Allow-Origin missing', issue: ISSUE.invalidHeaders, spec: '#cors-preflight-fetch-0', mdn: 'CORSMissingAllowOrigin' },
  'preflight-acao-wildcard-with-credentials': { title: 'Preflight: wildcard with credentials', issue: ISSUE.wildcard, spec: '#cors-preflight-fetch-0', mdn: 'CORSNotSupportingCredentials' },
  'preflight-acao-multiple-values': { title: 'Preflight: multiple Allow-Origin', issue: ISSUE.invalidHeaders, spec: '#cors-preflight-fetch-0', mdn: 'CORSMultipleAllowOriginNotAllowed' },
  'preflight-acao-invalid-value': { title: 'Preflight: invalid Allow-Origin', issue: ISSUE.invalidHeaders, spec: '#cors-preflight-fetch-0', mdn: 'CORSAllowOriginNotMatchingOrigin' },
  'preflight-acao-mismatch': { title: 'Preflight: Allow-Origin mismatch', issue: ISSUE.originMismatch, spec: '#cors-preflight-fetch-0', mdn: 'CORSAllowOriginNotMatchingOrigin', taintable: true },
  'preflight-acac-invalid': { title: 'Preflight: Allow-Credentials not true', issue: ISSUE.credentials, spec: '#cors-preflight-fetch-0', mdn: 'CORSMissingAllowCredentials', taintable: true },
  'preflight-non-ok-status': { title: 'Preflight: not 2xx', issue: ISSUE.preflightInvalid, spec: '#ok-status', mdn: 'CORSPreflightDidNotSucceed' },
  'preflight-redirect': { title: 'Preflight redirected', issue: ISSUE.preflightInvalid, spec: '#cors-preflight-fetch-0', mdn: 'CORSExternalRedirectNotAllowed' },
  'preflight-acam-unparsable': { title: 'Preflight: bad Allow-Methods', issue: ISSUE.invalidHeaders, spec: '#http-new-header-syntax', mdn: 'CORSInvalidAllowMethod' },
  'preflight-acah-unparsable': { title: 'Preflight: bad Allow-Headers', issue: ISSUE.invalidHeaders, spec: '#http-new-header-syntax', mdn: 'CORSInvalidAllowHeader' },
  'preflight-method-not-allowed': { title: 'Method not allowed', issue: ISSUE.method, spec: '#cors-preflight-fetch-0', mdn: 'CORSMethodNotFound' },
  'preflight-header-not-allowed': { title: 'Header not allowed', issue: ISSUE.header, spec: '#cors-preflight-fetch-0', mdn: 'CORSMissingAllowHeaderFromPreflight' },
  'preflight-network-failure': { title: 'Preflight failed to load', issue: null, spec: '#cors-preflight-fetch-0', mdn: 'CORSDidNotSucceed' },
  'redirect-hop-cors-check-failed': { title: 'Redirect lacks CORS', issue: ISSUE.invalidHeaders, spec: '#http-fetch', mdn: 'CORSMissingAllowOrigin' },
  'redirect-tainted-origin': { title: 'Origin null after redirect', issue: ISSUE.originMismatch, spec: '#concept-request-tainted-origin', mdn: 'CORSAllowOriginNotMatchingOrigin' },
  'opaque-origin-mismatch': { title: 'Origin null (opaque origin)', issue: ISSUE.originMismatch, spec: '#serializing-a-request-origin', mdn: 'CORSAllowOriginNotMatchingOrigin' },
  'redirect-target-acao-missing': { title: 'Redirect target lacks CORS', issue: ISSUE.invalidHeaders, spec: '#http-fetch', mdn: 'CORSMissingAllowOrigin' },
  'redirect-contains-credentials': { title: 'Redirect URL has user:pass', issue: ISSUE.redirectCredentials, spec: '#http-redirect-fetch', mdn: 'CORSDidNotSucceed' },
  'redirect-non-http-scheme': { title: 'Redirect to non-HTTP scheme', issue: null, spec: '#http-redirect-fetch', mdn: 'CORSRequestNotHttp' },
  'redirect-limit': { title: 'Too many redirects', issue: null, spec: '#http-redirect-fetch', mdn: 'CORSDidNotSucceed' },
  'mode-same-origin-violated': { title: 'same-origin mode, other origin', issue: ISSUE.mode, spec: '#concept-main-fetch', mdn: null },
  'cors-disabled-scheme': { title: 'Scheme not supported', issue: ISSUE.scheme, spec: '#concept-main-fetch', mdn: 'CORSRequestNotHttp' },
  'no-cors-redirect-mode-not-follow': { title: 'no-cors needs redirect follow', issue: ISSUE.noCorsRedirect, spec: '#concept-main-fetch', mdn: null },
  'net-error-not-cors': { title: 'Network error (not CORS)', issue: null, spec: '#concept-network-error', mdn: 'CORSDidNotSucceed' },
  'blocked-by-client': { title: 'Blocked by an extension', issue: null, spec: '#concept-network-error', mdn: null },
  'mixed-content': { title: 'Mixed content', issue: null, spec: '#concept-main-fetch', mdn: null },
  'orb-corb': { title: 'Blocked by ORB', issue: null, spec: '#concept-main-fetch', mdn: null },
  'csp-connect-src': { title: 'Blocked by page CSP', issue: null, spec: '#concept-main-fetch', mdn: null },
  'corp-blocked': { title: 'Blocked by CORP', issue: null, spec: '#cross-origin-resource-policy-header', mdn: null },
  'coep-blocked': { title: 'Blocked by the page’s COEP', issue: null, spec: '#cross-origin-resource-policy-header', mdn: null },
  'mime-type-refused': { title: 'Refused for its MIME type', issue: null, spec: '#concept-main-fetch', mdn: null },
  // Specified by the WICG, not in Fetch: an absolute spec link.
  'lna-permission-denied': { title: 'Local Network Access denied', issue: 'Ensure that local network requests are compatible with restrictions', spec: 'https://wicg.github.io/local-network-access/', mdn: null },
  'lna-insecure-context': { title: 'Local network from an insecure page', issue: 'Ensure that local network requests are compatible with restrictions', spec: 'https://wicg.github.io/local-network-access/', mdn: null },
  'request-canceled': { title: 'Canceled', issue: null, spec: '#concept-fetch', mdn: null },
  unknown: { title: 'Unknown', issue: null, spec: '#http-cors-protocol', mdn: null },
} as const satisfies Record<string, ReasonRow>;

/** Every reason the core can report. Add one by adding a row to `ROWS` (src/core/README.md). */
export type ReasonId = keyof typeof ROWS;

function info(id: ReasonId): ReasonInfo {
  const row: ReasonRow = ROWS[id];
  const spec = row.spec.startsWith('https://') ? row.spec : FETCH + row.spec;
  return { id, title: row.title, issueTitle: row.issue, spec, mdn: row.mdn ? MDN_ERRORS + row.mdn : MDN_CORS };
}

export const REASON_IDS: readonly ReasonId[] = Object.keys(ROWS) as ReasonId[];

export const REASONS: Readonly<Record<ReasonId, ReasonInfo>> = Object.freeze(
  Object.fromEntries(REASON_IDS.map((id) => [id, info(id)])) as Record<ReasonId, ReasonInfo>,
);

const KNOWN: ReadonlySet<string> = new Set(REASON_IDS);

/** Narrow a string read from outside (storage, a HAR, a message) to a reason id. */
export function isReasonId(id: unknown): id is ReasonId {
  return typeof id === 'string' && KNOWN.has(id);
}

/** Whether a failed preflight check with this reason is reported as a tainted-origin failure. */
export function isTaintable(id: ReasonId): boolean {
  const row: ReasonRow = ROWS[id];
  return row.taintable === true;
}

/** Catalogue entry for an id; unknown ids get a neutral entry (never undefined). */
export function reasonInfo(id: string): ReasonInfo {
  return isReasonId(id) ? REASONS[id] : { id, title: id, issueTitle: null, spec: FETCH + '#http-cors-protocol', mdn: MDN_CORS };
}
