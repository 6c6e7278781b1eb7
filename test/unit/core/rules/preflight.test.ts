/**
 * Preflight response checks in each engine's order (WPT cors-preflight*.any.js,
 * preflight-failure.htm). "verified in Chromium 156" = observed via CDP on this machine.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import { ex, PAGE } from '../helpers';

const OK = { 'Access-Control-Allow-Origin': PAGE };
const put = (pre: { status?: number; res?: Record<string, string | string[]> }, extra: Parameters<typeof ex>[0] = {}) =>
  evaluate(ex({ method: 'PUT', preflight: pre, actualNeverSent: true, error: 'net::ERR_FAILED', ...extra }));

describe('status vs CORS headers: per-engine order', () => {
  it('404 without ACAO: Chrome PreflightMissingAllowOriginHeader (verified in Chromium 156), Firefox ACAO missing + status, Safari status first', () => {
    const v = put({ status: 404, res: {} });
    expect(v.outcome).toBe('blocked');
    expect(v.phase).toBe('preflight');
    expect(v.chromiumCorsError).toBe('PreflightMissingAllowOriginHeader');
    expect(v.failedParameter).toBe('');
    expect(v.reason).toBe('preflight-acao-missing');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMissingAllowOrigin2', 'CORSDidNotSucceed2']);
    expect(v.messages.firefox).toContain('Status code: 404.');
    expect(v.engines.safari.reason).toBe('preflight-non-ok-status');
    expect(v.messages.safari).toMatch(/^Preflight response is not successful\. Status code: 404\n/);
    expect(v.explanation).toContain('404');
  });

  it.each([403, 404, 405, 500])('%i with valid CORS headers: PreflightInvalidStatus (verified in Chromium 156 for 404/500)', (status) => {
    const v = put({ status, res: { ...OK, 'Access-Control-Allow-Methods': 'PUT' } });
    expect(v.chromiumCorsError).toBe('PreflightInvalidStatus');
    expect(v.reason).toBe('preflight-non-ok-status');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSPreflightDidNotSucceed3', 'CORSDidNotSucceed2']);
  });

  it.each([200, 202, 204, 206, 299])('%i is an ok status', (status) => {
    const v = evaluate(ex({ method: 'PUT', preflight: { status, res: { ...OK, 'Access-Control-Allow-Methods': 'PUT' } }, res: OK }));
    expect(v.outcome).toBe('allowed');
  });

  it.each([199, 300, 304, 400, 501, 680, 790])('%i is not ok (WPT preflight-failure.htm)', (status) => {
    expect(put({ status, res: { ...OK, 'Access-Control-Allow-Methods': 'PUT' } }).chromiumCorsError).toBe('PreflightInvalidStatus');
  });

  it('a redirect (3xx + Location) fails before any header is read: PreflightDisallowedRedirect (verified in Chromium 156)', () => {
    const v = put({ status: 302, res: { Location: 'https://elsewhere.example/' } });
    expect(v.chromiumCorsError).toBe('PreflightDisallowedRedirect');
    expect(v.reason).toBe('preflight-redirect');
    expect(v.messages.chrome).toContain("Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.");
    // Firefox checks the 3xx's own CORS headers first; three lines in all (verified in Firefox 153).
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMissingAllowOrigin2', 'CORSDidNotSucceed2', 'CORSDidNotSucceed2']);
    expect(v.messages.firefox?.split('\n')[0]).toContain('missing). Status code: 302.');
    const withAcao = put({ status: 307, res: { ...OK, Location: '/other' } });
    // verified in Firefox 153: external redirect, then "preflight response did not succeed … 307."
    expect(withAcao.engines.firefox.firefoxKeys).toEqual(['CORSExternalRedirectNotAllowed', 'CORSPreflightDidNotSucceed3', 'CORSDidNotSucceed2']);
    expect(withAcao.messages.firefox?.split('\n')[1]).toContain('(Reason: CORS preflight response did not succeed). Status code: 307.');
  });

  it('the preflight row failing with net::ERR_INVALID_REDIRECT is read as a redirect', () => {
    const v = put({ status: 302, res: {} }, { preflight: { status: 302, res: {}, error: 'net::ERR_INVALID_REDIRECT' } });
    expect(v.chromiumCorsError).toBe('PreflightDisallowedRedirect');
  });

  it('ACAC checked on the preflight with the actual request’s credentials mode (verified in Chromium 156)', () => {
    const v = put({ res: { ...OK, 'Access-Control-Allow-Methods': 'PUT' } });
    expect(v.outcome).toBe('blocked'); // reported failure + only credentials explain it
    expect(v.chromiumCorsError).toBe('PreflightInvalidAllowCredentials');
    expect(v.failedParameter).toBe('');
    expect(v.credentials).toEqual({ mode: 'include', basis: 'inferred' });
    expect(v.messages.chrome).toContain("Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is ''");
  });
});

/** A preflight whose status the capture lost (Firefox's getHAR: status 0 with the response headers). */
function unrecorded(e: ReturnType<typeof ex>): ReturnType<typeof ex> {
  const p = e.hops[0]!.preflight!;
  delete p.status;
  p.statusUnrecorded = true;
  return e;
}

describe('a preflight whose status the capture did not record', () => {
  const headers = { ...OK, 'Access-Control-Allow-Methods': 'PUT' };
  it('the request went out: the preflight passed, and the verdict says its status is unknown', () => {
    const v = evaluate(unrecorded(ex({ method: 'PUT', preflight: { res: headers }, res: OK })), { browser: 'firefox' });
    expect(v.outcome).toBe('allowed');
    expect(v.explanation).toMatch(/not its status/);
  });
  it('the request never went out and every header passes: the status failed (Firefox: CORSPreflightDidNotSucceed3)', () => {
    const v = evaluate(unrecorded(ex({ method: 'PUT', preflight: { res: headers }, actualNeverSent: true })), { browser: 'firefox' });
    expect([v.outcome, v.reason]).toEqual(['blocked', 'preflight-non-ok-status']);
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSPreflightDidNotSucceed3', 'CORSDidNotSucceed2']);
    expect(v.summary).toMatch(/did not record it/);
  });
  it('the request never went out and a header fails: that header is the reason, not the unknown status', () => {
    const v = evaluate(unrecorded(ex({ method: 'PUT', preflight: { res: { ...OK, 'Access-Control-Allow-Methods': 'GET' } }, actualNeverSent: true })), { browser: 'firefox' });
    expect(v.reason).toBe('preflight-method-not-allowed');
  });
  it('with a Location header it was a redirect (Firefox: CORSExternalRedirectNotAllowed)', () => {
    const v = evaluate(unrecorded(ex({ method: 'PUT', preflight: { res: { ...headers, Location: 'http://localhost:44001/y' } }, actualNeverSent: true })), { browser: 'firefox' });
    expect(v.reason).toBe('preflight-redirect');
  });
});

describe('Allow-Methods / Allow-Headers parsing and matching', () => {
  it('unparsable ACAM ("GET PUT"): InvalidAllowMethodsPreflightResponse, failedParameter "" (verified in Chromium 156)', () => {
    const v = put({ res: { ...OK, 'Access-Control-Allow-Methods': 'GET PUT' } });
    expect(v.chromiumCorsError).toBe('InvalidAllowMethodsPreflightResponse');
    expect(v.failedParameter).toBe('');
    expect(v.reason).toBe('preflight-acam-unparsable');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSInvalidAllowMethod', 'CORSDidNotSucceed2']);
    expect(v.messages.firefox).toContain('invalid token ‘GET PUT’');
  });

  it('unparsable ACAH ("x-a x-b"): InvalidAllowHeadersPreflightResponse (verified in Chromium 156)', () => {
    const v = evaluate(ex({ req: { 'x-a': '1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Headers': 'x-a x-b' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('InvalidAllowHeadersPreflightResponse');
    expect(v.reason).toBe('preflight-acah-unparsable');
  });

  it('WPT "Bad value" in either list fails', () => {
    expect(put({ res: { ...OK, 'Access-Control-Allow-Methods': 'Bad value' } }).reason).toBe('preflight-acam-unparsable');
  });

  it('Chrome parses ACAH before matching the method; Firefox matches the method first', () => {
    const v = put({ res: { ...OK, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': 'a b' } });
    expect(v.engines.chrome.reason).toBe('preflight-acah-unparsable');
    expect(v.engines.firefox.reason).toBe('preflight-method-not-allowed');
  });

  it('empty list elements are ignored', () => {
    const v = evaluate(ex({ method: 'PUT', preflight: { res: { ...OK, 'Access-Control-Allow-Methods': ', PUT, ,' } }, res: OK }));
    expect(v.outcome).toBe('allowed');
  });

  it("fetch sends 'patch' as written: ACAM PATCH does not match (verified in Chromium 156: failedParameter 'patch')", () => {
    const v = evaluate(ex({ method: 'patch', preflight: { res: { ...OK, 'Access-Control-Allow-Methods': 'PATCH' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('MethodDisallowedByPreflightResponse');
    expect(v.failedParameter).toBe('patch');
    expect(v.messages.chrome).toContain('Method patch is not allowed by Access-Control-Allow-Methods in preflight response.');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMethodNotFound', 'CORSDidNotSucceed2']);
    expect(v.warnings.map((w) => w.id)).toContain('warn-lowercase-method');
    expect(v.explanation).toContain("method: 'PATCH'");
  });

  it.each([
    ['patch', 'patch', 'allowed'],
    ['patch', '*', 'allowed'],
    ['PATCH', 'PATCH', 'allowed'],
    ['PATCH', 'patch', 'blocked'],
    ['DELETE', 'GET, POST', 'blocked'],
    ['GET', '', 'allowed'],
  ])('method %s vs ACAM %j → %s', (method, acam, outcome) => {
    const v = evaluate(ex({ method, req: method === 'GET' ? { 'X-A': '1' } : {}, preflight: { res: { ...OK, 'Access-Control-Allow-Methods': acam, 'Access-Control-Allow-Headers': 'x-a' } }, res: OK }));
    expect(v.outcome).toBe(outcome);
  });

  it("'*' in ACAM is literal with credentials (verified in Chromium 156: failedParameter 'PUT')", () => {
    const v = evaluate(ex({ method: 'PUT', req: { Cookie: 's=1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': '*' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('MethodDisallowedByPreflightResponse');
    expect(v.failedParameter).toBe('PUT');
    expect(v.warnings.map((w) => w.id)).toContain('warn-wildcard-methods-headers-with-credentials');
  });

  it("'*' in ACAH is literal with credentials (verified in Chromium 156: x-q)", () => {
    const v = evaluate(ex({ req: { 'x-q': '1', Cookie: 's=1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Headers': '*' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('HeaderDisallowedByPreflightResponse');
    expect(v.failedParameter).toBe('x-q');
  });

  it('names the first missing header in sorted order (verified in Chromium 156: X-Zed + X-Alpha ⇒ x-alpha, fetch and XHR)', () => {
    const v = evaluate(ex({ req: { 'X-Zed': '1', 'X-Alpha': '1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Headers': 'X-Other' } }, actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.failedParameter).toBe('x-alpha');
    expect(v.messages.firefox).toContain('header ‘x-alpha’ is not allowed');
    // WebKit walks the headers in the order the page set them, in the page's spelling (WebKitGTK 2.50).
    expect(v.messages.safari).toContain('Request header field X-Zed is not allowed by Access-Control-Allow-Headers.');
  });

  it("Safari: headers WebKit knows first, in its spelling; then the page's own headers as spelled (WebKitGTK 2.50)", () => {
    const line = (req: Record<string, string>) =>
      evaluate(ex({ req, preflight: { res: { ...OK, 'Access-Control-Allow-Headers': 'X-Other' } }, actualNeverSent: true }), { browser: 'safari' }).messages.safari?.split('\n')[0];
    expect(line({ 'X-Request-ID': '1' })).toBe('Request header field X-Request-ID is not allowed by Access-Control-Allow-Headers.');
    expect(line({ 'X-Custom': '1', 'authoriZATION': 'x' })).toBe('Request header field Authorization is not allowed by Access-Control-Allow-Headers.');
    expect(line({ 'x-b': '1', 'pragma': 'no-cache', 'cache-control': 'no-cache' })).toBe('Request header field Pragma is not allowed by Access-Control-Allow-Headers.');
  });

  it('authorization sorts first (verified in Chromium 156: ACRH authorization,content-type,x-zed ⇒ authorization)', () => {
    const v = evaluate(
      ex({
        method: 'POST',
        req: { 'X-Zed': '1', Authorization: 'B x', 'Content-Type': 'application/json' },
        preflight: { req: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-zed', Origin: PAGE }, res: { ...OK, 'Access-Control-Allow-Headers': 'x-zed' } },
        actualNeverSent: true,
        error: 'net::ERR_FAILED',
      }),
    );
    expect(v.failedParameter).toBe('authorization');
  });

  it('header names match case-insensitively (WPT request-headers.htm)', () => {
    const v = evaluate(ex({ req: { 'X-Custom': '1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Headers': ',X-CUSTOM,' } }, res: OK }));
    expect(v.outcome).toBe('allowed');
  });

  it('Authorization under ACAH * passes in all three browsers, with a warning (taxonomy F)', () => {
    const v = evaluate(ex({ req: { Authorization: 'Bearer x' }, preflight: { res: { ...OK, 'Access-Control-Allow-Headers': '*' } }, res: OK }));
    expect(v.outcome).toBe('allowed');
    expect(v.engines.firefox.outcome).toBe('allowed');
    expect(v.engines.safari.outcome).toBe('allowed');
    expect(v.warnings.map((w) => w.id)).toContain('warn-authorization-wildcard');
  });

  it('a safelisted method passes even when not listed', () => {
    const v = evaluate(ex({ method: 'POST', req: { 'X-A': '1' }, preflight: { res: { ...OK, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-a' } }, res: OK }));
    expect(v.outcome).toBe('allowed');
  });

  it('the preflight’s own Access-Control-Request-Headers is what gets matched', () => {
    // Request headers captured with extras the browser added: only the ACRH list counts.
    const v = evaluate(
      ex({
        req: { 'X-A': '1', 'Cache-Control': 'no-cache', Pragma: 'no-cache' },
        preflight: { req: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-a', Origin: PAGE }, res: { ...OK, 'Access-Control-Allow-Headers': 'x-a' } },
        res: OK,
      }),
    );
    expect(v.outcome).toBe('allowed');
  });
});

describe('preflight from cache, or not captured', () => {
  it('cached preflight: evaluate the actual response only and say so', () => {
    const v = evaluate(ex({ method: 'PUT', req: { 'X-A': '1' }, res: OK, preflightCacheHit: true }));
    expect(v.outcome).toBe('allowed');
    expect(v.inferences.join(' ')).toMatch(/cached preflight/);
  });

  it('preflight needed, never captured, actual never sent: blocked with an honest unknown reason', () => {
    const v = evaluate(ex({ method: 'PUT', actualNeverSent: true, error: 'net::ERR_FAILED' }));
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('unknown');
    expect(v.chromiumCorsError).toBeNull();
    expect(v.explanation).toMatch(/preflight/);
  });

  it('preflight network failure is not a CORS problem', () => {
    const v = put({ status: 0, res: {} }, { preflight: { status: 0, error: 'net::ERR_CONNECTION_REFUSED' } });
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe('preflight-network-failure');
    expect(v.chromiumCorsError).toBeNull();
  });
});
