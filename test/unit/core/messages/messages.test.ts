/**
 * Console texts. Chrome lines are the exact `Log.entryAdded` texts observed in Chromium 156 on
 * this machine (page http://127.0.0.1:44000, API http://localhost:44001); Firefox lines are the
 * exact texts recorded from Firefox 153 ESR (shared/reference/recipes/firefox/out).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import { encodeHint } from '../../../../src/core/messages/chrome';
import { ex, PAGE } from '../helpers';

const A = 'http://localhost:44001';
const pre = "Access to fetch at 'http://localhost:44001";
const from = "from origin 'http://127.0.0.1:44000' has been blocked by CORS policy: ";

describe('Chrome 156 console lines (verified in Chromium 156)', () => {
  it.each([
    ['acao-slash', { 'Access-Control-Allow-Origin': `${PAGE}/` }, "The 'Access-Control-Allow-Origin' header has a value 'http://127.0.0.1:44000/' that is not equal to the supplied origin. Have the server send the header with a valid value."],
    ['acao-host', { 'Access-Control-Allow-Origin': '127.0.0.1:44000' }, "The 'Access-Control-Allow-Origin' header contains the invalid value '127.0.0.1:44000'. Have the server send the header with a valid value."],
    ['acao-empty', { 'Access-Control-Allow-Origin': '' }, "The 'Access-Control-Allow-Origin' header contains the invalid value ''. Have the server send the header with a valid value."],
    ['acao-two', { 'Access-Control-Allow-Origin': [PAGE, PAGE] }, "The 'Access-Control-Allow-Origin' header contains multiple values 'http://127.0.0.1:44000, http://127.0.0.1:44000', but only one is allowed. Have the server send the header with a valid value."],
    ['acao-null', { 'Access-Control-Allow-Origin': 'null' }, "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value."],
    ['acao-quoted', { 'Access-Control-Allow-Origin': '"*"' }, "The 'Access-Control-Allow-Origin' header contains the invalid value '\"*\"'. Have the server send the header with a valid value."],
    ['no-acao-500', {}, "No 'Access-Control-Allow-Origin' header is present on the requested resource."],
  ])('%s', (path, res, reason) => {
    const v = evaluate(ex({ url: `${A}/${path}`, res, status: path === 'no-acao-500' ? 500 : 200, error: 'net::ERR_FAILED' }));
    expect(v.messages.chrome).toBe(`${pre}/${path}' ${from}${reason}`);
  });

  it('credentialed ACAC (fetch and XHR)', () => {
    const fetchV = evaluate(ex({ url: `${A}/acac-TRUE`, req: { Cookie: 'x=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'TRUE' } }));
    expect(fetchV.messages.chrome).toBe(`${pre}/acac-TRUE' ${from}The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be 'true' when the request's credentials mode is 'include'.`);
    const xhr = evaluate(ex({ url: `${A}/acac-missing-cred`, res: { 'Access-Control-Allow-Origin': PAGE }, error: 'net::ERR_FAILED' }), { initiatorKind: 'XMLHttpRequest' });
    expect(xhr.messages.chrome).toBe(
      "Access to XMLHttpRequest at 'http://localhost:44001/acac-missing-cred' from origin 'http://127.0.0.1:44000' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
    );
    expect(xhr.credentials.basis).toBe('inferred');
  });

  it('XHR kind from HAR _resourceType "xhr"; no "Have the server…" suffix for XHR', () => {
    const v = evaluate(ex({ url: `${A}/no-acao-500`, status: 500, res: {}, resourceType: 'xhr' }));
    expect(v.messages.chrome).toBe(`Access to XMLHttpRequest at 'http://localhost:44001/no-acao-500' ${from}No 'Access-Control-Allow-Origin' header is present on the requested resource.`);
    const mismatch = evaluate(ex({ res: { 'Access-Control-Allow-Origin': 'https://b.example' } }), { initiatorKind: 'XMLHttpRequest' });
    expect(mismatch.messages.chrome).toMatch(/not equal to the supplied origin\.$/);
  });

  it('preflight lines', () => {
    const pf500 = evaluate(ex({ url: `${A}/pre-500-acao`, method: 'PUT', preflight: { status: 500, res: { 'Access-Control-Allow-Origin': PAGE } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(pf500.messages.chrome).toBe(`${pre}/pre-500-acao' ${from}Response to preflight request doesn't pass access control check: It does not have HTTP ok status.`);
    const acam = evaluate(ex({ url: `${A}/acam-space`, method: 'PUT', preflight: { res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'GET PUT' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(acam.messages.chrome).toBe(`${pre}/acam-space' ${from}Cannot parse Access-Control-Allow-Methods response header field in preflight response.`);
    const acah = evaluate(ex({ url: `${A}/acah-space`, req: { 'x-a': '1' }, preflight: { res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Headers': 'x-a x-b' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(acah.messages.chrome).toBe(`${pre}/acah-space' ${from}Cannot parse Access-Control-Allow-Headers response header field in preflight response.`);
  });

  it('EncodeHint prints non-printable and non-ASCII bytes as \\uXXXX', () => {
    expect(encodeHint('a\tb')).toBe('a\\u0009b');
    expect(encodeHint('é')).toBe('\\u00C3\\u00A9');
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': 'https://ü.example' } }));
    expect(v.failedParameter).toBe('https://ü.example');
    expect(v.messages.chrome).toContain("'https://\\u00C3\\u00BC.example'");
  });
});

describe('Firefox 153 lines (recorded)', () => {
  const F = 'http://localhost:38472';
  const P = 'http://127.0.0.1:38471';
  it('missing ACAO with status', () => {
    const v = evaluate(ex({ origin: P, url: `${F}/a-no-acao`, res: { 'Content-Type': 'text/plain' } }));
    expect(v.messages.firefox).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:38472/a-no-acao. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.',
    );
  });
  it('wildcard with credentials quotes the URL', () => {
    const v = evaluate(ex({ origin: P, url: `${F}/b-star-cred`, req: { Cookie: 'sid=1' }, res: { 'Access-Control-Allow-Origin': '*' } }));
    expect(v.messages.firefox).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://localhost:38472/b-star-cred’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).',
    );
  });
  it('failed preflights add "CORS request did not succeed … (null)."', () => {
    const c = evaluate(ex({ origin: P, url: `${F}/c-preflight-404`, method: 'PUT', preflight: { status: 404, res: {} }, actualNeverSent: true, error: 'NS_ERROR_DOM_BAD_URI' }), { browser: 'firefox' });
    expect(c.messages.firefox).toBe(
      [
        'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:38472/c-preflight-404. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.',
        'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:38472/c-preflight-404. (Reason: CORS request did not succeed). Status code: (null).',
      ].join('\n'),
    );
    expect(c.reason).toBe('preflight-acao-missing');
    const c2 = evaluate(ex({ origin: P, url: `${F}/c2-preflight-404-acao`, method: 'PUT', preflight: { status: 404, res: { 'Access-Control-Allow-Origin': P, 'Access-Control-Allow-Methods': 'PUT' } }, actualNeverSent: true, error: 'NS_ERROR_DOM_BAD_URI' }));
    expect(c2.messages.firefox?.split('\n')[0]).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:38472/c2-preflight-404-acao. (Reason: CORS preflight response did not succeed). Status code: 404.',
    );
    const d = evaluate(
      ex({ origin: P, url: `${F}/d-missing-header`, req: { 'X-Custom': '1', 'X-Other': '2' }, preflight: { res: { 'Access-Control-Allow-Origin': P, 'Access-Control-Allow-Methods': 'GET, PUT', 'Access-Control-Allow-Headers': 'X-Other, Content-Type' } }, actualNeverSent: true, error: 'NS_ERROR_DOM_BAD_URI' }),
    );
    expect(d.messages.firefox?.split('\n')[0]).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:38472/d-missing-header. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).',
    );
  });
  it('headline browser = firefox uses the Firefox engine', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': 'a b' } }), { browser: 'firefox' });
    expect(v.reason).toBe('acao-mismatch');
    expect(v.chromiumCorsError).toBe('MultipleAllowOriginValues');
  });
});

describe('hostile values stay inert text', () => {
  it('HTML in a header value is carried verbatim, never interpreted', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '<img src=x onerror=alert(1)>' } }));
    expect(v.messages.chrome).toContain("'<img src=x onerror=alert(1)>'");
    expect(typeof v.explanation).toBe('string');
  });
});
