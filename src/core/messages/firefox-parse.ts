/**
 * Reading Firefox console lines back: the text → its `security.properties` key, the inverse of
 * what `./firefox` prints. Over WebDriver BiDi (the e2e tests, verify-lab) only the text arrives,
 * never the key. Matching uses the version-stable fragments of taxonomy A9 (typographic quotes
 * normalised first), never the URL or origin parts of the text. Legacy wordings map to the
 * current key. Also the one place where the project's reason ids are tied to Firefox keys. Pure.
 *
 * Line grammar (taxonomy 0.2):
 *   Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource
 *   at {url}. (Reason: {reason}).[ Status code: {status}.]
 */

import type { ReasonId } from '../reasons';

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

/** Keys of whole-line messages (no `(Reason: …)` part) that stop a cross-origin load. */
export type FirefoxLineKey = 'CheckSameOriginError' | 'BlockRedirectToDataURI' | 'BlockMixedActiveContent';

export type FirefoxKey = FirefoxCorsKey | FirefoxLineKey;

/** Fragments are tested in this order against the normalised `(Reason: …)` text. */
const FRAGMENTS: ReadonlyArray<readonly [FirefoxCorsKey, RegExp]> = [
  ['CORSMultipleAllowOriginNotAllowed', /Multiple CORS header 'Access-Control-Allow-Origin' not allowed/],
  ['CORSNotSupportingCredentials', /Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '\*'/],
  ['CORSMissingAllowOrigin2', /CORS header 'Access-Control-Allow-Origin' missing/],
  ['CORSAllowOriginNotMatchingOrigin', /CORS header 'Access-Control-Allow-Origin' does not match '/],
  ['CORSMissingAllowCredentials', /expected 'true' in CORS header 'Access-Control-Allow-Credentials'/],
  // Current text and the legacy (Firefox ≈68) "channel" wording.
  ['CORSPreflightDidNotSucceed3', /CORS preflight (response|channel) did not succeed/],
  ['CORSExternalRedirectNotAllowed', /CORS request external redirect not allowed/],
  ['CORSInvalidAllowMethod', /invalid token '.*' in CORS header 'Access-Control-Allow-Methods'/s],
  ['CORSInvalidAllowHeader', /invalid token '.*' in CORS header 'Access-Control-Allow-Headers'/s],
  ['CORSMethodNotFound', /Did not find method in CORS header 'Access-Control-Allow-Methods'/],
  // Current text and the legacy "missing token" wording.
  [
    'CORSMissingAllowHeaderFromPreflight2',
    /is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response|missing token '.*' in CORS header 'Access-Control-Allow-Headers'/s,
  ],
  ['CORSAllowHeaderFromPreflightDeprecation', /the `Authorization` header is not covered/],
  ['CORSDidNotSucceed2', /^CORS request did not succeed$/],
  ['CORSRequestNotHttp', /^CORS request not http$/],
  ['CORSOriginHeaderNotAdded', /CORS header 'Origin' cannot be added/],
  ['CORSDisabled', /^CORS disabled$/],
];

/** Whole-line messages, matched on the normalised line. */
const WHOLE_LINES: ReadonlyArray<readonly [FirefoxLineKey, RegExp]> = [
  ['CheckSameOriginError', /^Security Error: Content at .* may not load data from /s],
  ['BlockRedirectToDataURI', /^Redirecting to data: URI not allowed/],
  ['BlockMixedActiveContent', /^Blocked loading mixed active content "/],
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
export function normaliseQuotes(s: string): string {
  return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
}

/**
 * Matched on the raw text: the URL may itself contain quotes, so only Firefox's own typographic
 * quotes around it (the credentials line) are taken off; the reason is normalised afterwards.
 */
const CORS_LINE_START =
  '^Cross-Origin Request (?:Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at (?:\u2018(.*?)\u2019|(.*?))(?: soon)?\\. \\(Reason: (.*)\\)\\.';
/** With a status suffix first (the reason is greedy, so it must end where the suffix begins). */
const CORS_LINE_WITH_STATUS = new RegExp(`${CORS_LINE_START} Status code: (\\S+)\\.\\s*$`, 's');
const CORS_LINE = new RegExp(`${CORS_LINE_START}\\s*$`, 's');

/** A console level tag some collectors put in front of the text (`[error] …`). */
const LEVEL_TAG = /^\[[a-z]+\] /;

/** Parses one "Cross-Origin Request Blocked/Warning" line; null for anything else. */
export function parseFirefoxCorsLine(text: string): FirefoxCorsLine | null {
  const line = text.replace(LEVEL_TAG, '');
  const m = CORS_LINE_WITH_STATUS.exec(line) ?? CORS_LINE.exec(line);
  if (!m) return null;
  const [, quotedUrl, plainUrl, rawReason = '', statusText] = m;
  const reason = normaliseQuotes(rawReason);
  const found = FRAGMENTS.find(([, re]) => re.test(reason));
  if (!found) return null;
  const status = statusText && /^\d+$/.test(statusText) ? Number(statusText) : null;
  return { key: found[0], url: quotedUrl ?? plainUrl ?? '', status, reason, text };
}

/** The key of any console line (CORS reason lines and whole-line messages), or null. */
export function firefoxKeyOf(line: string): FirefoxKey | null {
  const cors = parseFirefoxCorsLine(line);
  if (cors) return cors.key;
  const text = normaliseQuotes(line).replace(LEVEL_TAG, '');
  for (const [key, re] of WHOLE_LINES) if (re.test(text)) return key;
  return null;
}

/** Keys of all lines, in order, unknown lines skipped. */
export function firefoxKeysOfLines(lines: readonly string[]): FirefoxKey[] {
  const keys: FirefoxKey[] = [];
  for (const l of lines) {
    const k = firefoxKeyOf(l);
    if (k) keys.push(k);
  }
  return keys;
}

/**
 * Keys that say the request failed without a CORS reason: alone they mean a network error (mixed
 * content is refused before any CORS check: lab scenarios notcors-mixed-content-*).
 */
export const FIREFOX_GENERIC_KEYS: ReadonlySet<string> = new Set(['CORSDidNotSucceed2', 'CheckSameOriginError', 'BlockRedirectToDataURI', 'BlockMixedActiveContent']);

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
 * Reason id (taxonomy Section A, ../reasons.ts) → the key(s) Firefox prints for it. This is the
 * only place the two vocabularies meet. Several reason ids share a key: Firefox has no "invalid
 * value" reason, and preflight variants print the same key as the actual-response check. A
 * reason with several keys names a place (a redirect hop), not a check.
 */
export const FIREFOX_KEYS: Readonly<Record<ReasonId, readonly FirefoxCorsKey[]>> = {
  ok: [],
  'same-origin': [],
  navigation: [],
  'websocket-no-cors': [],
  'opaque-no-cors-response': [],
  'opaque-redirect': [],
  'acao-missing': ['CORSMissingAllowOrigin2'],
  'server-error-without-cors': ['CORSMissingAllowOrigin2'],
  'acao-wildcard-with-credentials': ['CORSNotSupportingCredentials'],
  'acao-multiple-values': ['CORSMultipleAllowOriginNotAllowed'],
  'acao-invalid-value': ['CORSAllowOriginNotMatchingOrigin'],
  'acao-mismatch': ['CORSAllowOriginNotMatchingOrigin'],
  'acac-invalid': ['CORSMissingAllowCredentials'],
  'preflight-acao-missing': ['CORSMissingAllowOrigin2'],
  'preflight-acao-wildcard-with-credentials': ['CORSNotSupportingCredentials'],
  'preflight-acao-multiple-values': ['CORSMultipleAllowOriginNotAllowed'],
  'preflight-acao-invalid-value': ['CORSAllowOriginNotMatchingOrigin'],
  'preflight-acao-mismatch': ['CORSAllowOriginNotMatchingOrigin'],
  'preflight-acac-invalid': ['CORSMissingAllowCredentials'],
  'preflight-non-ok-status': ['CORSPreflightDidNotSucceed3'],
  'preflight-redirect': ['CORSExternalRedirectNotAllowed'],
  'preflight-acam-unparsable': ['CORSInvalidAllowMethod'],
  'preflight-acah-unparsable': ['CORSInvalidAllowHeader'],
  'preflight-method-not-allowed': ['CORSMethodNotFound'],
  'preflight-header-not-allowed': ['CORSMissingAllowHeaderFromPreflight2'],
  'preflight-network-failure': ['CORSDidNotSucceed2'],
  'redirect-hop-cors-check-failed': ACCESS_CHECK_KEYS,
  'redirect-tainted-origin': ['CORSAllowOriginNotMatchingOrigin'],
  'opaque-origin-mismatch': ['CORSAllowOriginNotMatchingOrigin'],
  'redirect-target-acao-missing': ['CORSMissingAllowOrigin2'],
  'redirect-contains-credentials': ['CORSDidNotSucceed2'],
  'redirect-non-http-scheme': ['CORSRequestNotHttp'],
  'redirect-limit': [],
  'mode-same-origin-violated': [],
  'cors-disabled-scheme': ['CORSRequestNotHttp'],
  'no-cors-redirect-mode-not-follow': [],
  'net-error-not-cors': ['CORSDidNotSucceed2'],
  'blocked-by-client': [],
  'mixed-content': [],
  'orb-corb': [],
  'csp-connect-src': [],
  'corp-blocked': [],
  'coep-blocked': [],
  // Firefox adds "CORS request did not succeed" after refusing a module for its MIME type.
  'mime-type-refused': ['CORSDidNotSucceed2'],
  // Firefox 153 reports a denied Local Network Access permission as "CORS request did not succeed".
  'lna-permission-denied': ['CORSDidNotSucceed2'],
  'lna-insecure-context': ['CORSDidNotSucceed2'],
  'request-canceled': [],
  unknown: [],
};

/** Firefox-only lines the core never reports as a reason of its own (CORS disabled by pref, …). */
const FIREFOX_ONLY: Readonly<Record<string, readonly FirefoxCorsKey[]>> = {
  'firefox-cors-disabled': ['CORSDisabled'],
  'firefox-origin-header-not-added': ['CORSOriginHeaderNotAdded'],
};

/** The reasons Firefox has a key for (the non-empty rows), plus the Firefox-only lines. */
export const FIREFOX_KEYS_BY_REASON: Readonly<Record<string, readonly FirefoxCorsKey[]>> = {
  ...Object.fromEntries(Object.entries(FIREFOX_KEYS).filter(([, keys]) => keys.length > 0)),
  ...FIREFOX_ONLY,
};

/** The keys a reason id corresponds to; empty for reasons Firefox has no key for. */
export function firefoxKeysForReason(reason: string): readonly FirefoxCorsKey[] {
  return Object.hasOwn(FIREFOX_KEYS_BY_REASON, reason) ? FIREFOX_KEYS_BY_REASON[reason]! : [];
}

/** Whether Firefox printing `key` agrees with the panel's reason id. */
export function reasonMatchesFirefoxKey(reason: string, key: string): boolean {
  return firefoxKeysForReason(reason).some((k) => k === key);
}
