/**
 * Maps Firefox console texts to their `security.properties` / `caps.properties` keys. Over
 * WebDriver BiDi only the text arrives, not the key, so verify-lab recovers keys from the
 * `(Reason: …)` part (typographic quotes ‘ ’ are normalised first). Pure.
 */

interface ReasonPattern {
  key: string;
  re: RegExp;
}

// Reason texts after quote normalisation, current keys (taxonomy 0.2 / A1–A3).
const REASONS: ReasonPattern[] = [
  { key: 'CORSDisabled', re: /^CORS disabled$/ },
  { key: 'CORSDidNotSucceed2', re: /^CORS request did not succeed$/ },
  { key: 'CORSOriginHeaderNotAdded', re: /^CORS header 'Origin' cannot be added$/ },
  { key: 'CORSExternalRedirectNotAllowed', re: /^CORS request external redirect not allowed$/ },
  { key: 'CORSRequestNotHttp', re: /^CORS request not http$/ },
  { key: 'CORSMissingAllowOrigin2', re: /^CORS header 'Access-Control-Allow-Origin' missing$/ },
  { key: 'CORSMultipleAllowOriginNotAllowed', re: /^Multiple CORS header 'Access-Control-Allow-Origin' not allowed$/ },
  { key: 'CORSAllowOriginNotMatchingOrigin', re: /^CORS header 'Access-Control-Allow-Origin' does not match '.*'$/s },
  { key: 'CORSNotSupportingCredentials', re: /^Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '\*'$/ },
  { key: 'CORSMethodNotFound', re: /^Did not find method in CORS header 'Access-Control-Allow-Methods'$/ },
  { key: 'CORSMissingAllowCredentials', re: /^expected 'true' in CORS header 'Access-Control-Allow-Credentials'$/ },
  { key: 'CORSPreflightDidNotSucceed3', re: /^CORS preflight response did not succeed$/ },
  { key: 'CORSPreflightDidNotSucceed', re: /^CORS preflight channel did not succeed$/ },
  { key: 'CORSInvalidAllowMethod', re: /^invalid token '.*' in CORS header 'Access-Control-Allow-Methods'$/s },
  { key: 'CORSInvalidAllowHeader', re: /^invalid token '.*' in CORS header 'Access-Control-Allow-Headers'$/s },
  {
    key: 'CORSMissingAllowHeaderFromPreflight2',
    re: /^header '.*' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response$/s,
  },
  { key: 'CORSMissingAllowHeaderFromPreflight', re: /^missing token '.*' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel$/s },
  { key: 'CORSAllowHeaderFromPreflightDeprecation', re: /the `Authorization` header is not covered/ },
];

// Whole-line messages that are not "(Reason: …)" lines.
const LINES: ReasonPattern[] = [
  { key: 'CheckSameOriginError', re: /^Security Error: Content at .* may not load data from /s },
  { key: 'BlockRedirectToDataURI', re: /^Redirecting to data: URI not allowed/ },
];

export function normalizeQuotes(s: string): string {
  return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** The key of one console line, or null when it is not a known CORS/security message. */
export function firefoxKeyOf(line: string): string | null {
  // verify-lab prefixes lines with their level ("[error] …"); the key is in the message itself.
  const text = normalizeQuotes(line).replace(/^\[[a-z]+\] /, '');
  const m = /\(Reason: (.*?)\)\.?(?: Status code: [^.]*\.)?\s*$/s.exec(text);
  if (m && m[1] !== undefined) {
    const reason = m[1];
    for (const p of REASONS) if (p.re.test(reason)) return p.key;
    return null;
  }
  for (const p of LINES) if (p.re.test(text)) return p.key;
  return null;
}

/** Keys of all lines, in order, unknown lines skipped. */
export function firefoxKeys(lines: readonly string[]): string[] {
  const keys: string[] = [];
  for (const l of lines) {
    const k = firefoxKeyOf(l);
    if (k) keys.push(k);
  }
  return keys;
}

/** Keys that only say "the request failed", not why: alone they mean a network error. */
export const FIREFOX_GENERIC_KEYS: ReadonlySet<string> = new Set(['CORSDidNotSucceed2', 'CheckSameOriginError', 'BlockRedirectToDataURI']);
