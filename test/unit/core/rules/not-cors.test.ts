/**
 * Local Network Access and the not-CORS look-alikes, in the shapes the sources really produce
 * (recorded from Chromium 156 / Firefox ESR 153 in lab groups N-lna and N-notcors).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import type { Exchange } from '../../../../src/core/model';
import { addressSpaceOfHost } from '../../../../src/core/rules/local-network';
import { chain, ex, obs, PAGE } from '../helpers';

const PUBLIC_PAGE = 'https://app.example.com';
const LOCAL_API = 'http://localhost:8080/api';
const LNA_LINE = (kind: string, url: string, origin: string, space: string) =>
  `Access to ${kind} at '${url}' from origin '${origin}' has been blocked by CORS policy: Permission was denied for this request to access the \`${space}\` address space.`;

/** A request the browser refused before sending: no response, only an error. */
function unsent(url: string, error: string, extra: Partial<Parameters<typeof obs>[0]> = {}) {
  return obs({ url, method: 'GET', initiatorOrigin: PUBLIC_PAGE, error, requestHeaders: { 'Sec-Fetch-Mode': 'cors', Origin: PUBLIC_PAGE }, ...extra });
}

describe('address spaces', () => {
  it('names loopback, private and public addresses the way Chrome does', () => {
    expect(addressSpaceOfHost('localhost')).toBe('loopback');
    expect(addressSpaceOfHost('127.0.0.1')).toBe('loopback');
    expect(addressSpaceOfHost('[::1]')).toBe('loopback');
    expect(addressSpaceOfHost('192.168.1.20')).toBe('local');
    expect(addressSpaceOfHost('10.0.0.5')).toBe('local');
    expect(addressSpaceOfHost('172.20.0.1')).toBe('local');
    expect(addressSpaceOfHost('172.32.0.1')).toBe('public');
    expect(addressSpaceOfHost('printer.local')).toBe('local');
    expect(addressSpaceOfHost('fd12:3456::1')).toBe('local');
    expect(addressSpaceOfHost('8.8.8.8')).toBe('public');
    expect(addressSpaceOfHost('api.example.com')).toBe('unknown');
  });
});

describe('Local Network Access', () => {
  it('webRequest names it: a CORS error in Chrome, a network error in Firefox, no CORS fix', () => {
    const v = evaluate(chain(PUBLIC_PAGE, [{ request: unsent(LOCAL_API, 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS') }]));
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('lna-permission-denied');
    expect(v.chromiumCorsError).toBe('LocalNetworkAccessPermissionDenied');
    expect(v.messages.chrome).toBe(LNA_LINE('fetch', LOCAL_API, PUBLIC_PAGE, 'loopback'));
    expect(v.engines.firefox.outcome).toBe('network-error');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSDidNotSucceed2']);
    expect(v.explanation).toMatch(/permission/);
    expect(v.explanation).toMatch(/allow="local-network"/);
    expect(v.explanation).toMatch(/Headless and automated browsers/);
    expect(v.explanation).toMatch(/will not help/);
  });

  it('a private address is the `local` space', () => {
    const v = evaluate(chain(PUBLIC_PAGE, [{ request: unsent('http://192.168.1.20/status', 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS') }]));
    expect(v.messages.chrome).toBe(LNA_LINE('fetch', 'http://192.168.1.20/status', PUBLIC_PAGE, 'local'));
  });

  it('a preflighted request (webRequest: ERR_FAILED on both, no response) is inferred, and says so', () => {
    const request = unsent(LOCAL_API, 'net::ERR_FAILED', { method: 'PUT' });
    const preflight = unsent(LOCAL_API, 'net::ERR_FAILED', { method: 'OPTIONS', requestHeaders: { 'Access-Control-Request-Method': 'PUT', Origin: PUBLIC_PAGE } });
    const v = evaluate(chain(PUBLIC_PAGE, [{ request, preflight }]));
    expect(v.reason).toBe('lna-permission-denied');
    expect(v.chromiumCorsError).toBe('LocalNetworkAccessPermissionDenied');
    expect(v.phase).toBe('preflight');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSDidNotSucceed2', 'CORSDidNotSucceed2']);
    expect(v.inferences.join(' ')).toMatch(/Inferred/);
  });

  it('DevTools HAR of a simple request (status 0, net::ERR_FAILED) to localhost is inferred', () => {
    const request = unsent(LOCAL_API, 'net::ERR_FAILED', { source: 'har', status: 0, requestHeaders: {} });
    expect(evaluate(chain(PUBLIC_PAGE, [{ request }])).reason).toBe('lna-permission-denied');
  });

  it('a worker’s HAR entry (no response even when CORS failed) is LNA only when the addresses show the crossing', () => {
    // DevTools' HAR of a dedicated worker's request that failed a CORS check: status 0, ERR_FAILED,
    // outside every page. A loopback page calling loopback crosses nothing: blocked, reason unknown.
    const loopbackPage = 'http://localhost:5173';
    const fromWorker = (page: string) =>
      unsent('http://127.0.0.1:8080/api', 'net::ERR_FAILED', { source: 'har', status: 0, requestHeaders: {}, initiatorOrigin: page, initiatorContext: 'worker' });
    const sameSpace = evaluate(chain(loopbackPage, [{ request: fromWorker(loopbackPage) }]));
    expect(sameSpace.outcome).toBe('blocked');
    expect(sameSpace.reason).toBe('unknown');
    // A DNS name says nothing about its address either.
    expect(evaluate(chain(PUBLIC_PAGE, [{ request: fromWorker(PUBLIC_PAGE) }])).reason).toBe('unknown');
    // A public IP page calling loopback does cross: inferred, as for the page's own requests.
    const publicIp = 'https://203.0.113.7';
    const crossing = evaluate(chain(publicIp, [{ request: fromWorker(publicIp) }]));
    expect(crossing.reason).toBe('lna-permission-denied');
    expect(crossing.inferences.join(' ')).toMatch(/Inferred/);
    // The browser's own LNA error needs no inference, from a worker too.
    expect(evaluate(chain(loopbackPage, [{ request: { ...fromWorker(loopbackPage), error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' } }])).reason).toBe('lna-permission-denied');
  });

  it('is not inferred where it cannot be: webRequest without a preflight, a public target, a response', () => {
    const webRequest = unsent(LOCAL_API, 'net::ERR_FAILED');
    expect(evaluate(chain(PUBLIC_PAGE, [{ request: webRequest }])).reason).toBe('unknown');
    const publicTarget = unsent('https://api.example.net/x', 'net::ERR_FAILED', { source: 'har', status: 0 });
    expect(evaluate(chain(PUBLIC_PAGE, [{ request: publicTarget }])).reason).not.toBe('lna-permission-denied');
    const answered = unsent(LOCAL_API, 'net::ERR_FAILED', { source: 'har', status: 200, responseHeaders: { 'Content-Type': 'text/plain' } });
    expect(evaluate(chain(PUBLIC_PAGE, [{ request: answered }])).reason).toBe('acao-missing');
  });

  it('an image is refused the same way (Chrome still reports a CorsError), WebSockets without one', () => {
    const img = evaluate(chain(PUBLIC_PAGE, [{ request: unsent(LOCAL_API, 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS', { resourceType: 'image', requestHeaders: { 'Sec-Fetch-Mode': 'no-cors' } }) }]));
    expect(img.chromiumCorsError).toBe('LocalNetworkAccessPermissionDenied');
    expect(img.engines.firefox.firefoxKeys).toEqual([]);
    const ws = evaluate(chain(PUBLIC_PAGE, [{ request: unsent('ws://127.0.0.1:9000/socket', 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS', { resourceType: 'websocket' }) }]));
    expect(ws.outcome).toBe('network-error');
    expect(ws.chromiumCorsError).toBeNull();
    expect(ws.messages.chrome).toBe("WebSocket connection to 'ws://127.0.0.1:9000/socket' failed: Error in connection establishment: net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS");
  });

  it('an http:// page on a public host is refused outright: InsecureLocalNetwork (Chromium 156)', () => {
    const page = 'http://app.example.com';
    const v = evaluate(chain(page, [{ request: unsent(LOCAL_API, 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS', { initiatorOrigin: page }) }]));
    expect(v.reason).toBe('lna-insecure-context');
    expect(v.chromiumCorsError).toBe('InsecureLocalNetwork');
    expect(v.messages.chrome).toBe(`Access to fetch at '${LOCAL_API}' from origin '${page}' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space \`loopback\`.`);
    expect(v.explanation).toMatch(/https/);
  });

  it('Firefox’s own error names it too', () => {
    const v = evaluate(chain(PUBLIC_PAGE, [{ request: unsent(LOCAL_API, 'NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED') }]), { browser: 'firefox' });
    expect(v.reason).toBe('lna-permission-denied');
    expect(v.outcome).toBe('network-error');
    expect(v.messages.firefox).toBe(`Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${LOCAL_API}. (Reason: CORS request did not succeed). Status code: (null).`);
  });
});

describe('CORP and COEP', () => {
  const noCors = (headers: Record<string, string>, error: string): Exchange =>
    ex({ req: { 'Sec-Fetch-Mode': 'no-cors', Origin: undefined as never }, res: headers, error });

  it('the resource’s own CORP header: corp-blocked, with the console lines of both browsers', () => {
    const v = evaluate(noCors({ 'Cross-Origin-Resource-Policy': 'same-site' }, 'net::ERR_BLOCKED_BY_RESPONSE'));
    expect(v.reason).toBe('corp-blocked');
    expect(v.outcome).toBe('network-error');
    expect(v.messages.chrome).toBe('Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameSite');
    expect(v.messages.firefox).toMatch(/^The resource at “http:\/\/localhost:44001\/x” was blocked due to its Cross-Origin-Resource-Policy header \(or lack thereof\)\./);
    expect(v.explanation).not.toMatch(/Access-Control-Allow-Origin:/);
  });

  it('no CORP header at all: the page’s COEP', () => {
    const v = evaluate(noCors({ 'Content-Type': 'image/png' }, 'net::ERR_BLOCKED_BY_RESPONSE'));
    expect(v.reason).toBe('coep-blocked');
    expect(v.messages.chrome).toBe('Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameOriginAfterDefaultedToSameOriginByCoep');
    expect(v.explanation).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
  });

  it('DevTools HAR names the cause in the error suffix', () => {
    const v = evaluate(noCors({ 'Cross-Origin-Resource-Policy': 'same-origin' }, 'net::ERR_BLOCKED_BY_RESPONSE.NotSameOriginAfterDefaultedToSameOriginByCoep'));
    expect(v.reason).toBe('coep-blocked');
  });
});

describe('ORB', () => {
  it('prints no console line in either browser, and gives no CORS advice', () => {
    const v = evaluate(ex({ req: { 'Sec-Fetch-Mode': 'no-cors', Origin: undefined as never }, res: { 'Content-Type': 'application/json' }, error: 'net::ERR_BLOCKED_BY_ORB', resourceType: 'image' }));
    expect(v.reason).toBe('orb-corb');
    expect(v.messages).toEqual({ chrome: null, firefox: null, safari: null });
    expect(v.explanation).not.toMatch(/mode 'cors'/);
  });

  it('a no-cors fetch whose JSON ORB emptied (HAR: 200, no headers, ERR_ABORTED) is still opaque', () => {
    const request = obs({ url: 'http://localhost:44001/data.json', source: 'har', initiatorOrigin: PAGE, status: 200, responseHeaders: [], error: 'net::ERR_ABORTED', requestHeaders: { 'User-Agent': 'x' } });
    expect(evaluate(chain(PAGE, [{ request }])).outcome).toBe('opaque');
  });
});

describe('refused for the MIME type after CORS passed', () => {
  it('EventSource (Accept: text/event-stream) answered text/plain', () => {
    const v = evaluate(ex({ req: { Accept: 'text/event-stream' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'text/plain' } }));
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe('mime-type-refused');
    expect(v.messages.chrome).toBe('EventSource\'s response has a MIME type ("text/plain") that is not "text/event-stream". Aborting the connection.');
    expect(v.messages.firefox).toBe('Firefox can’t establish a connection to the server at http://localhost:44001/x.');
  });

  it("Firefox's HAR of a loaded machine: the refused EventSource kept with its headers but no status", () => {
    const e = ex({ req: { Accept: 'text/event-stream' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'application/json' } });
    const request = e.hops[0]!.request;
    delete request.status;
    request.statusUnrecorded = true;
    const v = evaluate(e);
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe('mime-type-refused');
    // Status 0 without any response header stays what it was: nothing says what came back.
    expect(evaluate(ex({ status: 0, req: { Accept: 'text/event-stream' }, res: {} })).reason).not.toBe('mime-type-refused');
  });

  it('a module script served as text/plain; a JavaScript type passes', () => {
    const v = evaluate(ex({ resourceType: 'script', req: { 'Sec-Fetch-Mode': 'cors' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'text/plain; charset=utf-8' } }));
    expect(v.reason).toBe('mime-type-refused');
    expect(v.messages.chrome).toBe('Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of "text/plain". Strict MIME type checking is enforced for module scripts per HTML spec.');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSDidNotSucceed2']);
    const js = evaluate(ex({ resourceType: 'script', req: { 'Sec-Fetch-Mode': 'cors' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'text/javascript' } }));
    expect(js.outcome).toBe('allowed');
  });

  it('a JavaScript module (Sec-Fetch-Dest: script) served as JSON is refused; a JSON module import is not', () => {
    const json = { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'application/json' };
    const v = evaluate(ex({ resourceType: 'script', req: { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'script' }, res: json }));
    expect(v.reason).toBe('mime-type-refused');
    expect(v.messages.firefox).toBe('Loading module from “http://localhost:44001/x” was blocked because of a disallowed MIME type (“application/json”).\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:44001/x. (Reason: CORS request did not succeed). Status code: (null).');
    const jsonModule = evaluate(ex({ resourceType: 'script', req: { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'json' }, res: json }));
    expect(jsonModule.outcome).toBe('allowed');
  });

  it("Firefox's webRequest: the refused module ends NS_ERROR_CORRUPTED_CONTENT after its response", () => {
    const res = { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'text/plain; charset=utf-8' };
    const v = evaluate(ex({ resourceType: 'script', req: { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'script' }, res, error: 'NS_ERROR_CORRUPTED_CONTENT' }), { browser: 'firefox' });
    expect([v.outcome, v.reason]).toEqual(['network-error', 'mime-type-refused']);
    expect(v.messages.firefox).toMatch(/^Loading module from “http:\/\/localhost:44001\/x” was blocked because of a disallowed MIME type \(“text\/plain”\)\.\n/);
  });
});

describe('WebSockets are listed, never CORS', () => {
  it('a handshake refused by the server (webRequest: ERR_FAILED, no status) is a network error', () => {
    const v = evaluate(ex({ url: 'ws://localhost:44001/socket', status: 0, res: undefined, error: 'net::ERR_FAILED', resourceType: 'websocket' }));
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe('websocket-no-cors');
    expect(v.messages.chrome).toBe("WebSocket connection to 'ws://localhost:44001/socket' failed: ");
    expect(v.messages.firefox).toBe('Firefox can’t establish a connection to the server at ws://localhost:44001/socket.');
    expect(v.explanation).toMatch(/Origin check/);
  });

  it('an accepted handshake is not CORS', () => {
    const v = evaluate(ex({ url: 'ws://localhost:44001/socket', status: 101, res: { Upgrade: 'websocket' }, resourceType: 'websocket' }));
    expect(v.outcome).toBe('not-cors');
    expect(v.messages.chrome).toBeNull();
  });
});
