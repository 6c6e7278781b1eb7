/**
 * Firefox's CORS console lines → Firefox `security.properties` keys, and the one place where the
 * project's reason ids are tied to those keys. Matching uses the version-stable fragments of
 * taxonomy A9 (quotes normalised), never the URL or origin parts of the text.
 *
 * Line grammar (taxonomy 0.2):
 *   Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource
 *   at {url}. (Reason: {reason}).[ Status code: {status}.]
 */

export type FirefoxCorsKey =
  | 'CORSDisabled'
  | 'CORSDidNotSucceed2'
  | 'CORSOriginHeaderNotAdded'
  | 'CORSExternalRedirectNotAllowed'
  | 'CORSRequestNotHttp'
  | 'CORSMissingAllowOrigin2'
  | 'CORSMultipleAllowOriginNotAllowed'
  | 'CORSAllowOriginNotMatchingOrigin'
  | 'CORSNotSupportingCredentials'
  | 'CORSMethodNotFound'
  | 'CORSMissingAllowCredentials'
  | 'CORSPreflightDidNotSucceed3'
  | 'CORSInvalidAllowMethod'
  | 'CORSInvalidAllowHeader'
  | 'CORSMissingAllowHeaderFromPreflight2'
  | 'CORSAllowHeaderFromPreflightDeprecation';

/** Fragments are tested in this order against the normalised `(Reason: …)` text. */
const FRAGMENTS: Array<[FirefoxCorsKey, RegExp]> = [
  ['CORSMultipleAllowOriginNotAllowed', /Multiple CORS header 'Access-Control-Allow-Origin' not allowed/],
  ['CORSNotSupportingCredentials', /Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '\*'/],
  ['CORSMissingAllowOrigin2', /CORS header 'Access-Control-Allow-Origin' missing/],
  ['CORSAllowOriginNotMatchingOrigin', /CORS header 'Access-Control-Allow-Origin' does not match '/],
  ['CORSMissingAllowCredentials', /expected 'true' in CORS header 'Access-Control-Allow-Credentials'/],
  // Current text and the legacy (Firefox ≈68) "channel" wording.
  ['CORSPreflightDidNotSucceed3', /CORS preflight (response|channel) did not succeed/],
  ['CORSExternalRedirectNotAllowed', /CORS request external redirect not allowed/],
  ['CORSInvalidAllowMethod', /invalid token '.*' in CORS header 'Access-Control-Allow-Methods'/],
  ['CORSInvalidAllowHeader', /invalid token '.*' in CORS header 'Access-Control-Allow-Headers'/],
  ['CORSMethodNotFound', /Did not find method in CORS header 'Access-Control-Allow-Methods'/],
  // Current text and the legacy "missing token" wording.
  [
    'CORSMissingAllowHeaderFromPreflight2',
    /is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response|missing token '.*' in CORS header 'Access-Control-Allow-Headers'/,
  ],
  ['CORSAllowHeaderFromPreflightDeprecation', /the `Authorization` header is not covered/],
  ['CORSDidNotSucceed2', /CORS request did not succeed/],
  ['CORSRequestNotHttp', /CORS request not http/],
  ['CORSOriginHeaderNotAdded', /CORS header 'Origin' cannot be added/],
  ['CORSDisabled', /^CORS disabled$/],
];

export interface FirefoxCorsLine {
  key: FirefoxCorsKey;
  /** The URL Firefox names (the hop that failed, not necessarily the URL the page asked for). */
  url: string;
  /** The status Firefox printed; null for `(null)` or when it printed none. */
  status: number | null;
  /** The `(Reason: …)` text, quotes normalised. */
  reason: string;
  text: string;
}

/** Firefox prints ‘ ’ and “ ” around names and values; fragments are written with ASCII quotes. */
export const normaliseQuotes = (s: string): string => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');

const LINE =
  /^Cross-Origin Request (?:Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at '?(.*?)'?(?: soon)?\. \(Reason: (.*)\)\.(?: Status code: (\S+)\.)?\s*$/s;

/** Parses one console line; null when it is not a Firefox CORS line. */
export function parseFirefoxCorsLine(text: string): FirefoxCorsLine | null {
  const m = LINE.exec(normaliseQuotes(text));
  if (!m) return null;
  const [, url = '', reason = '', statusText] = m;
  const found = FRAGMENTS.find(([, re]) => re.test(reason));
  if (!found) return null;
  const status = statusText && /^\d+$/.test(statusText) ? Number(statusText) : null;
  return { key: found[0], url, status, reason, text };
}

/**
 * The key that decides a request: Firefox adds `CORSDidNotSucceed2` after the specific reason
 * of a failed preflight or redirect hop; it stands alone only for network failures.
 */
export function decidingKey(keys: readonly FirefoxCorsKey[]): FirefoxCorsKey | null {
  const specific = keys.find((k) => k !== 'CORSDidNotSucceed2' && k !== 'CORSAllowHeaderFromPreflightDeprecation');
  if (specific) return specific;
  return keys.includes('CORSDidNotSucceed2') ? 'CORSDidNotSucceed2' : null;
}

/** The keys of Firefox's access check (ACAO / ACAC), run on every response of a chain. */
const ACCESS_CHECK_KEYS: readonly FirefoxCorsKey[] = [
  'CORSMissingAllowOrigin2',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSNotSupportingCredentials',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSMissingAllowCredentials',
];

/**
 * Reason id (taxonomy Section A, src/core/reasons.ts) → the key(s) Firefox prints for it. This is
 * the only place the two vocabularies meet. Several reason ids share a key: Firefox has no
 * "invalid value" reason, and preflight variants print the same key as the actual-response
 * check. A reason with several keys names a place (a redirect hop), not a check.
 */
export const FIREFOX_KEYS_BY_REASON: Readonly<Record<string, readonly FirefoxCorsKey[]>> = {
  'acao-missing': ['CORSMissingAllowOrigin2'],
  'server-error-without-cors': ['CORSMissingAllowOrigin2'],
  'preflight-acao-missing': ['CORSMissingAllowOrigin2'],
  'redirect-target-acao-missing': ['CORSMissingAllowOrigin2'],
  'acao-wildcard-with-credentials': ['CORSNotSupportingCredentials'],
  'preflight-acao-wildcard-with-credentials': ['CORSNotSupportingCredentials'],
  'acao-multiple-values': ['CORSMultipleAllowOriginNotAllowed'],
  'preflight-acao-multiple-values': ['CORSMultipleAllowOriginNotAllowed'],
  'acao-mismatch': ['CORSAllowOriginNotMatchingOrigin'],
  'preflight-acao-mismatch': ['CORSAllowOriginNotMatchingOrigin'],
  'acao-invalid-value': ['CORSAllowOriginNotMatchingOrigin'],
  'preflight-acao-invalid-value': ['CORSAllowOriginNotMatchingOrigin'],
  'redirect-tainted-origin': ['CORSAllowOriginNotMatchingOrigin'],
  'redirect-hop-cors-check-failed': ACCESS_CHECK_KEYS,
  'acac-invalid': ['CORSMissingAllowCredentials'],
  'preflight-acac-invalid': ['CORSMissingAllowCredentials'],
  'preflight-non-ok-status': ['CORSPreflightDidNotSucceed3'],
  'preflight-redirect': ['CORSExternalRedirectNotAllowed'],
  'preflight-acam-unparsable': ['CORSInvalidAllowMethod'],
  'preflight-acah-unparsable': ['CORSInvalidAllowHeader'],
  'preflight-method-not-allowed': ['CORSMethodNotFound'],
  'preflight-header-not-allowed': ['CORSMissingAllowHeaderFromPreflight2'],
  'preflight-network-failure': ['CORSDidNotSucceed2'],
  'redirect-contains-credentials': ['CORSDidNotSucceed2'],
  'net-error-not-cors': ['CORSDidNotSucceed2'],
  'cors-disabled-scheme': ['CORSRequestNotHttp'],
  'redirect-non-http-scheme': ['CORSRequestNotHttp'],
  'firefox-cors-disabled': ['CORSDisabled'],
  'firefox-origin-header-not-added': ['CORSOriginHeaderNotAdded'],
};

/** The keys a reason id corresponds to; empty for reasons Firefox has no key for. */
export const firefoxKeysForReason = (reason: string): readonly FirefoxCorsKey[] => FIREFOX_KEYS_BY_REASON[reason] ?? [];

/** Whether Firefox printing `key` agrees with the panel's reason id. */
export const reasonMatchesFirefoxKey = (reason: string, key: string): boolean =>
  firefoxKeysForReason(reason).some((k) => k === key);
