/**
 * Reading Firefox console lines back to their keys: the recorded Firefox 153 ESR texts (taxonomy
 * A1–A4, feasibility report §3, curly quotes kept), legacy wordings, hostile lines, and the
 * round trip: every line the core prints parses back to its own key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayUrl } from '../../../../src/core/http/origin';
import { firefoxLine, firefoxMessage } from '../../../../src/core/messages/firefox';
import {
  FIREFOX_KEYS_BY_REASON,
  decidingKey,
  firefoxKeyOf,
  firefoxKeysForReason,
  firefoxKeysOfLines,
  parseFirefoxCorsLine,
  reasonMatchesFirefoxKey,
  type FirefoxCorsKey,
} from '../../../../src/core/messages/firefox-parse';
import { REASON_IDS } from '../../../../src/core/reasons';
import type { Finding, FirefoxLine } from '../../../../src/core/rules/types';

const at = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

const LINES: Array<[string, FirefoxCorsKey, string, number | null]> = [
  [`${at} http://localhost:38472/a-no-acao. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: 200.`, 'CORSMissingAllowOrigin2', 'http://localhost:38472/a-no-acao', 200],
  [`${at} \u2018http://localhost:38472/b-star-cred\u2019. (Reason: Credential is not supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).`, 'CORSNotSupportingCredentials', 'http://localhost:38472/b-star-cred', null],
  [`${at} http://localhost:38472/c-preflight-404. (Reason: CORS request did not succeed). Status code: (null).`, 'CORSDidNotSucceed2', 'http://localhost:38472/c-preflight-404', null],
  [`${at} http://localhost:38472/c2. (Reason: CORS preflight response did not succeed). Status code: 404.`, 'CORSPreflightDidNotSucceed3', 'http://localhost:38472/c2', 404],
  [`${at} http://localhost:38472/d?x=1. (Reason: header \u2018x-custom\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight response).`, 'CORSMissingAllowHeaderFromPreflight2', 'http://localhost:38472/d?x=1', null],
  [`${at} http://a.test/x. (Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).`, 'CORSMultipleAllowOriginNotAllowed', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018http://evil.test\u2019).`, 'CORSAllowOriginNotMatchingOrigin', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019).`, 'CORSMissingAllowCredentials', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: CORS request external redirect not allowed).`, 'CORSExternalRedirectNotAllowed', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: invalid token \u2018GET POST\u2019 in CORS header \u2018Access-Control-Allow-Methods\u2019).`, 'CORSInvalidAllowMethod', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: invalid token \u2018x a\u2019 in CORS header \u2018Access-Control-Allow-Headers\u2019).`, 'CORSInvalidAllowHeader', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019).`, 'CORSMethodNotFound', 'http://a.test/x', null],
  [`${at} file:///x.json. (Reason: CORS request not http).`, 'CORSRequestNotHttp', 'file:///x.json', null],
  [`${at} http://a.test/x. (Reason: CORS disabled).`, 'CORSDisabled', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: CORS header \u2018Origin\u2019 cannot be added).`, 'CORSOriginHeaderNotAdded', 'http://a.test/x', null],
  // Legacy wordings map to the current keys.
  [`${at} http://a.test/x. (Reason: CORS preflight channel did not succeed).`, 'CORSPreflightDidNotSucceed3', 'http://a.test/x', null],
  [`${at} http://a.test/x. (Reason: missing token \u2018x-custom\u2019 in CORS header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight channel).`, 'CORSMissingAllowHeaderFromPreflight2', 'http://a.test/x', null],
  [
    'Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at http://a.test/x soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).',
    'CORSAllowHeaderFromPreflightDeprecation',
    'http://a.test/x',
    null,
  ],
  // A console level tag in front (verify-lab's collector) is not part of the text.
  [`[error] ${at} http://a.test/x. (Reason: CORS request not http).`, 'CORSRequestNotHttp', 'http://a.test/x', null],
];

describe('parseFirefoxCorsLine', () => {
  it.each(LINES)('maps %s', (text, key, url, status) => {
    const parsed = parseFirefoxCorsLine(text);
    expect(parsed).not.toBeNull();
    expect(parsed?.key).toBe(key);
    expect(parsed?.url).toBe(url);
    expect(parsed?.status).toBe(status);
    expect(firefoxKeyOf(text)).toBe(key);
  });

  it('ignores lines that are not CORS reasons, and hostile ones', () => {
    expect(parseFirefoxCorsLine('TypeError: NetworkError when attempting to fetch resource.')).toBeNull();
    expect(firefoxKeyOf('Cookie \u201Csid\u201D has been rejected because it is in a cross-site context and its \u201CSameSite\u201D is \u201CLax\u201D or \u201CStrict\u201D.')).toBeNull();
    expect(firefoxKeyOf(`${at} http://a.test/x. (Reason: something new).`)).toBeNull();
    expect(firefoxKeyOf(`${at} http://a.test/x. (Reason: <img src=x onerror=alert(1)>).`)).toBeNull();
    expect(firefoxKeyOf('')).toBeNull();
  });

  it('does not let a URL that contains a fragment fool the matcher', () => {
    const tricky = `${at} http://a.test/CORS%20request%20did%20not%20succeed. (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: 500.`;
    expect(parseFirefoxCorsLine(tricky)?.key).toBe('CORSMissingAllowOrigin2');
  });

  it('knows the whole-line messages and keeps the order of a list of lines', () => {
    expect(firefoxKeyOf('[error] Security Error: Content at http://127.0.0.1:1/ may not load data from http://localhost:2/s/x/main.')).toBe('CheckSameOriginError');
    expect(firefoxKeyOf('Redirecting to data: URI not allowed')).toBe('BlockRedirectToDataURI');
    expect(firefoxKeyOf('Blocked loading mixed active content \u201Chttp://a.test/x\u201D')).toBe('BlockMixedActiveContent');
    expect(firefoxKeysOfLines(['x', `${at} http://a.test/x. (Reason: CORS request not http).`, `${at} http://a.test/x. (Reason: CORS request did not succeed). Status code: (null).`])).toEqual([
      'CORSRequestNotHttp',
      'CORSDidNotSucceed2',
    ]);
  });
});

/** Every key the core's Firefox renderer prints (messages/firefox.ts `reasonOf`). */
const PRINTED_KEYS = [
  'CORSDidNotSucceed2',
  'CORSMissingAllowOrigin2',
  'CORSNotSupportingCredentials',
  'CORSMultipleAllowOriginNotAllowed',
  'CORSAllowOriginNotMatchingOrigin',
  'CORSMissingAllowCredentials',
  'CORSPreflightDidNotSucceed3',
  'CORSExternalRedirectNotAllowed',
  'CORSInvalidAllowMethod',
  'CORSInvalidAllowHeader',
  'CORSMethodNotFound',
  'CORSMissingAllowHeaderFromPreflight2',
  'CORSRequestNotHttp',
] as const;
const STATUS_KEYS = new Set(['CORSDidNotSucceed2', 'CORSMissingAllowOrigin2', 'CORSPreflightDidNotSucceed3']);

describe('round trip: every line the core prints parses back to its own key', () => {
  it('for every printed key, any URL and any argument (hostile ones included)', () => {
    const arg = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('GET POST', 'x-custom', 'http://evil.test', ' ', "‘x’). (Reason: CORS disabled", '). Status code: 200.'));
    const status = fc.oneof(fc.constant('(null)'), fc.integer({ min: 100, max: 599 }).map(String));
    fc.assert(
      fc.property(fc.constantFrom(...PRINTED_KEYS), fc.webUrl({ withQueryParameters: true }), arg, status, (key, url, value, code) => {
        const line: FirefoxLine = { key, url, arg: STATUS_KEYS.has(key) ? code : value };
        const parsed = parseFirefoxCorsLine(firefoxLine(line));
        expect(parsed?.key).toBe(key);
        expect(parsed?.url).toBe(displayUrl(url));
        expect(parsed?.status).toBe(STATUS_KEYS.has(key) && code !== '(null)' ? Number(code) : null);
      }),
      { seed: 20261122, numRuns: 2000 },
    );
  });

  it('for the whole-line messages', () => {
    const finding = (reason: Finding['reason']): Finding => ({ browser: 'firefox', outcome: 'blocked', reason, phase: 'request', hop: 0, corsError: null, url: 'http://api.test/x?a=1', evidence: [], notes: [] });
    expect(firefoxKeyOf(firefoxMessage(finding('mode-same-origin-violated'), { origin: 'http://page.test' })!)).toBe('CheckSameOriginError');
    expect(firefoxKeyOf(firefoxMessage(finding('mixed-content'), { origin: 'https://page.test' })!)).toBe('BlockMixedActiveContent');
  });
});

describe('decidingKey', () => {
  it('prefers the specific reason over the trailing "did not succeed" line', () => {
    expect(decidingKey(['CORSMissingAllowOrigin2', 'CORSDidNotSucceed2'])).toBe('CORSMissingAllowOrigin2');
    expect(decidingKey(['CORSDidNotSucceed2', 'CORSPreflightDidNotSucceed3'])).toBe('CORSPreflightDidNotSucceed3');
  });
  it('keeps "did not succeed" when it stands alone (a network failure)', () => {
    expect(decidingKey(['CORSDidNotSucceed2'])).toBe('CORSDidNotSucceed2');
  });
  it('ignores the Authorization deprecation warning and returns null for nothing', () => {
    expect(decidingKey(['CORSAllowHeaderFromPreflightDeprecation'])).toBeNull();
    expect(decidingKey([])).toBeNull();
  });
});

describe('FIREFOX_KEYS_BY_REASON', () => {
  it('gives the same keys for a check on the actual response and on the preflight', () => {
    for (const reason of Object.keys(FIREFOX_KEYS_BY_REASON)) {
      if (!reason.startsWith('preflight-')) continue;
      const actual = reason.slice('preflight-'.length);
      if (actual in FIREFOX_KEYS_BY_REASON) expect(firefoxKeysForReason(actual)).toEqual(firefoxKeysForReason(reason));
    }
  });
  it('maps the "invalid value" reasons to mismatch, as Firefox reports them', () => {
    expect(reasonMatchesFirefoxKey('acao-invalid-value', 'CORSAllowOriginNotMatchingOrigin')).toBe(true);
    expect(reasonMatchesFirefoxKey('acao-mismatch', 'CORSAllowOriginNotMatchingOrigin')).toBe(true);
    expect(reasonMatchesFirefoxKey('acao-mismatch', 'CORSMissingAllowOrigin2')).toBe(false);
  });
  it('accepts any access-check key for a failed redirect hop, and nothing else', () => {
    expect(reasonMatchesFirefoxKey('redirect-hop-cors-check-failed', 'CORSMissingAllowOrigin2')).toBe(true);
    expect(reasonMatchesFirefoxKey('redirect-hop-cors-check-failed', 'CORSPreflightDidNotSucceed3')).toBe(false);
  });
  it('has no key for unknown ids; Local Network Access is Firefox\'s "did not succeed"', () => {
    // Firefox ESR 153 denies LNA too and prints CORSDidNotSucceed2 (lab group N-lna).
    expect(firefoxKeysForReason('lna-permission-denied')).toEqual(['CORSDidNotSucceed2']);
    expect(reasonMatchesFirefoxKey('no-such-reason', 'CORSMissingAllowOrigin2')).toBe(false);
  });
  it('only names reason ids the core knows', () => {
    const known = new Set<string>(REASON_IDS);
    expect(Object.keys(FIREFOX_KEYS_BY_REASON).filter((r) => !known.has(r) && !r.startsWith('firefox-'))).toEqual([]);
  });
});
