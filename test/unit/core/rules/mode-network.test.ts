/** Request-mode rules and non-CORS failures. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import { classifyError } from '../../../../src/core/rules/network';
import { chain, ex, obs, PAGE } from '../helpers';

describe('mode', () => {
  it('same-origin requests are not CORS', () => {
    const v = evaluate(ex({ url: `${PAGE}/api`, res: {} }));
    expect(v.outcome).toBe('not-cors');
    expect(v.reason).toBe('same-origin');
    expect(v.messages).toEqual({ chrome: null, firefox: null, safari: null });
  });

  it('Sec-Fetch-Mode: no-cors ⇒ opaque, whatever the headers', () => {
    const v = evaluate(ex({ req: { 'Sec-Fetch-Mode': 'no-cors', Origin: undefined as never }, res: {} }));
    expect(v.outcome).toBe('opaque');
    expect(v.reason).toBe('opaque-no-cors-response');
    expect(v.requestMode).toBe('no-cors');
    expect(v.explanation).toMatch(/no-cors/);
  });

  it('Sec-Fetch-Mode: navigate ⇒ not CORS', () => {
    expect(evaluate(ex({ req: { 'Sec-Fetch-Mode': 'navigate' } })).reason).toBe('navigation');
  });

  it('websocket URLs ⇒ not CORS', () => {
    const v = evaluate(ex({ url: 'wss://api.example/socket', res: {} }));
    expect(v.outcome).toBe('not-cors');
    expect(v.reason).toBe('websocket-no-cors');
  });

  it('a classic <img>/<script> without Origin is a no-cors request', () => {
    const e = ex({ resourceType: 'image', res: {} });
    e.hops[0]!.request.requestHeaders = [{ name: 'Accept', value: 'image/*' }];
    expect(evaluate(e).outcome).toBe('opaque');
  });

  it("mode 'same-origin' to another origin (Chromium 156 console text, no network event)", () => {
    const v = evaluate(ex({ url: 'http://localhost:44001/acao-spaces', status: 0, res: undefined }), { mode: 'same-origin' });
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('mode-same-origin-violated');
    expect(v.messages.chrome).toBe(
      'Fetch API cannot load http://localhost:44001/acao-spaces. Request mode is "same-origin" but the URL\'s origin is not same as the request origin http://127.0.0.1:44000.',
    );
    expect(v.messages.firefox).toBe('Security Error: Content at http://127.0.0.1:44000/ may not load data from http://localhost:44001/acao-spaces.');
  });

  it('file: page fetching a file: URL ⇒ cors-disabled-scheme', () => {
    const v = evaluate(ex({ origin: null, url: 'file:///tmp/data.json', status: 0, res: undefined, error: 'net::ERR_FAILED' }), { initiatorKind: 'XMLHttpRequest' });
    expect(v.reason).toBe('cors-disabled-scheme');
    expect(v.chromiumCorsError).toBe('CorsDisabledScheme');
    expect(v.messages.chrome).toContain('Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSRequestNotHttp']);
    // fetch() from the file:// page prints the same CORS line (Chromium 156), not "URL scheme … is not supported".
    const f = evaluate(ex({ origin: null, url: 'file:///tmp/data.json', status: 0, res: undefined, error: 'net::ERR_FAILED' }), { initiatorKind: 'fetch' });
    expect(f.messages.chrome).toBe(
      "Access to fetch at 'file:///tmp/data.json' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.",
    );
  });

  it('unknown page origin ⇒ unknown, not a guess', () => {
    const e = ex({ res: {} });
    delete e.initiatorOrigin;
    delete e.hops[0]!.request.initiatorOrigin;
    e.hops[0]!.request.requestHeaders = [];
    const v = evaluate(e);
    expect(v.outcome).toBe('unknown');
  });
});

describe('network errors are not CORS errors', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'net-error-not-cors'],
    ['net::ERR_NAME_NOT_RESOLVED', 'net-error-not-cors'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'net-error-not-cors'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'blocked-by-client'],
    ['net::ERR_BLOCKED_BY_ORB', 'orb-corb'],
    ['net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin', 'corp-blocked'],
    ['net::ERR_TOO_MANY_REDIRECTS', 'redirect-limit'],
    ['net::ERR_ABORTED', 'request-canceled'],
    ['NS_ERROR_CONNECTION_REFUSED', 'net-error-not-cors'],
    ['NS_ERROR_UNKNOWN_HOST', 'net-error-not-cors'],
  ])('%s ⇒ %s, no CORS advice', (error, reason) => {
    const v = evaluate(ex({ status: 0, res: undefined, error }));
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe(reason);
    expect(v.chromiumCorsError).toBeNull();
    expect(v.explanation).not.toMatch(/Access-Control-Allow-Origin:/);
  });

  it('Chromium prints "Failed to load resource" (verified in Chromium 156), Firefox "CORS request did not succeed"', () => {
    const v = evaluate(ex({ url: 'http://localhost:44099/x', status: 0, res: undefined, error: 'net::ERR_CONNECTION_REFUSED' }));
    expect(v.messages.chrome).toBe('Failed to load resource: net::ERR_CONNECTION_REFUSED');
    expect(v.messages.firefox).toBe(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:44099/x. (Reason: CORS request did not succeed). Status code: (null).',
    );
  });

  it('the CORS-surfacing errors are classified as such', () => {
    expect(classifyError('net::ERR_FAILED').kind).toBe('cors');
    expect(classifyError('NS_ERROR_DOM_BAD_URI').kind).toBe('cors');
    expect(classifyError('net::ERR_INVALID_REDIRECT').kind).toBe('cors');
    expect(classifyError(undefined).kind).toBe('none');
  });

  it('a network error wins over no-cors opaqueness', () => {
    const v = evaluate(ex({ req: { 'Sec-Fetch-Mode': 'no-cors' }, status: 0, res: undefined, error: 'net::ERR_NAME_NOT_RESOLVED' }));
    expect(v.outcome).toBe('network-error');
  });

  it('mixed content: https page → http API', () => {
    const v = evaluate(ex({ origin: 'https://app.example', url: 'http://api.example/x', status: 0, res: undefined, error: 'net::ERR_FAILED' }));
    expect(v.reason).toBe('mixed-content');
    expect(v.outcome).toBe('network-error');
    expect(v.messages.chrome).toMatch(/^Mixed Content: The page at 'https:\/\/app\.example\/' was loaded over HTTPS/);
  });

  it('a hop error on a same-origin chain still counts', () => {
    const v = evaluate(chain(PAGE, [{ request: obs({ url: `${PAGE}/x`, error: 'net::ERR_CONNECTION_RESET' }) }]));
    expect(v.outcome).toBe('network-error');
  });
});

describe('page origin fallbacks', () => {
  it('uses the preflight’s Origin when the never-sent actual request has provisional headers only', () => {
    const e = ex({ method: 'PUT', preflight: { status: 404, res: {} }, actualNeverSent: true, error: 'net::ERR_FAILED' });
    delete e.initiatorOrigin;
    delete e.hops[0]!.request.initiatorOrigin;
    const v = evaluate(e);
    expect(v.chromiumCorsError).toBe('PreflightMissingAllowOriginHeader');
  });
  it('normalizes an initiator with a trailing slash (CDP style)', () => {
    const e = ex({ res: { 'Access-Control-Allow-Origin': PAGE } });
    e.initiatorOrigin = `${PAGE}/`;
    expect(evaluate(e).outcome).toBe('allowed');
  });
});
