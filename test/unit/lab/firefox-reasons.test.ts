import { describe, expect, it } from 'vitest';
import { firefoxKeyOf, firefoxKeys } from '../../../src/lab/firefox-reasons';

const P = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:1/s/x/main?n=1.';

describe('firefox reason keys', () => {
  it.each([
    [`${P} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`, 'CORSMissingAllowOrigin2'],
    [`${P} (Reason: CORS request did not succeed). Status code: (null).`, 'CORSDidNotSucceed2'],
    [`${P} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://127.0.0.1:1/’).`, 'CORSAllowOriginNotMatchingOrigin'],
    [`${P} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`, 'CORSMultipleAllowOriginNotAllowed'],
    [`${P} (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`, 'CORSNotSupportingCredentials'],
    [`${P} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`, 'CORSMissingAllowCredentials'],
    [`${P} (Reason: CORS preflight response did not succeed). Status code: 404.`, 'CORSPreflightDidNotSucceed3'],
    [`${P} (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`, 'CORSMethodNotFound'],
    [`${P} (Reason: invalid token ‘GET POST’ in CORS header ‘Access-Control-Allow-Methods’).`, 'CORSInvalidAllowMethod'],
    [`${P} (Reason: invalid token ‘Content Type’ in CORS header ‘Access-Control-Allow-Headers’).`, 'CORSInvalidAllowHeader'],
    [`${P} (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`, 'CORSMissingAllowHeaderFromPreflight2'],
    [`${P} (Reason: CORS request external redirect not allowed).`, 'CORSExternalRedirectNotAllowed'],
    [`${P} (Reason: CORS request not http).`, 'CORSRequestNotHttp'],
    ['[error] Security Error: Content at http://127.0.0.1:1/ may not load data from http://localhost:2/s/x/main.', 'CheckSameOriginError'],
  ])('%s → %s', (line, key) => {
    expect(firefoxKeyOf(line)).toBe(key);
  });

  it('ignores unrelated or hostile lines', () => {
    expect(firefoxKeyOf('Cookie “sid” has been rejected because it is in a cross-site context')).toBeNull();
    expect(firefoxKeyOf(`${P} (Reason: <img src=x onerror=alert(1)>).`)).toBeNull();
    expect(firefoxKeyOf('')).toBeNull();
    expect(firefoxKeys(['x', `${P} (Reason: CORS request not http).`, `${P} (Reason: CORS request did not succeed). Status code: (null).`])).toEqual([
      'CORSRequestNotHttp',
      'CORSDidNotSucceed2',
    ]);
  });
});
