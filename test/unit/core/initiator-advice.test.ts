/**
 * Advice fits the initiator: an element's credentials are its crossorigin attribute (never fetch's
 * `credentials`/`mode`), an <img> without crossorigin taints a canvas, fonts are always CORS, a
 * beacon is always credentialed. fetch/XHR keep the generic advice.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { HeaderList, Observation } from '../../../src/core/model';

const PAGE = 'http://127.0.0.1:45000';
const URL_ = 'http://localhost:45001/r';
const h = (o: Record<string, string>): HeaderList => Object.entries(o).map(([name, value]) => ({ name, value }));

function one(type: string, dest: string, response: Record<string, string>, extra: Partial<Observation> = {}, mode = 'cors') {
  const o: Observation = {
    id: 'a',
    source: 'webrequest',
    url: URL_,
    method: 'GET',
    startTime: 1,
    endTime: 2,
    initiatorOrigin: PAGE,
    resourceType: type,
    status: 200,
    requestHeaders: h({ ...(mode === 'cors' ? { Origin: PAGE } : {}), 'Sec-Fetch-Mode': mode, 'Sec-Fetch-Dest': dest }),
    responseHeaders: h(response),
    ...extra,
  };
  const [a] = analyze([o], { browser: 'chrome' });
  return a!.verdict;
}

describe('initiator advice', () => {
  it("<img crossorigin='use-credentials'> answered '*': the attribute, not fetch's credentials", () => {
    const v = one('image', 'image', { 'Access-Control-Allow-Origin': '*' }, { error: 'net::ERR_FAILED' });
    expect(v.chromiumCorsError).toBe('WildcardOriginNotAllowed');
    expect(v.explanation).toContain('crossorigin="use-credentials"');
    expect(v.explanation).toContain('crossorigin="anonymous"');
    expect(v.explanation).toContain('canvas');
    expect(v.explanation).not.toContain("credentials: 'include'");
    expect(v.inferences.join(' ')).toContain('crossorigin="use-credentials"');
    expect(v.messages.chrome).toMatch(/^Access to image at /);
    expect(v.messages.safari).toContain(`Cannot load image ${URL_} due to access control checks.`);
  });

  it('a font without Allow-Origin: fonts are always CORS', () => {
    const v = one('font', 'font', {}, { error: 'net::ERR_FAILED' });
    expect(v.reason).toBe('acao-missing');
    expect(v.explanation).toMatch(/always load web fonts .* in CORS mode/);
  });

  it('an <img> without crossorigin: no CORS, and the canvas would be tainted — not "remove mode: no-cors"', () => {
    const v = one('image', 'image', {}, {}, 'no-cors');
    expect(v.outcome).toBe('opaque');
    expect(v.summary).toContain('without crossorigin');
    expect(v.explanation).toContain('taints the canvas');
    expect(v.explanation).not.toContain("mode: 'no-cors'");
  });

  it('a beacon is credentialed by nature, not "assumed same-origin"', () => {
    const v = one('ping', 'empty', { 'Access-Control-Allow-Origin': PAGE }, { method: 'POST', error: 'net::ERR_FAILED' });
    expect(v.credentials.mode).toBe('include');
    expect(v.credentials.basis).not.toBe('assumed');
    expect(v.reason).toBe('acac-invalid');
    expect(v.explanation).toContain('sendBeacon always sends credentials');
    expect(v.messages.chrome).toMatch(/^Access to resource at /);
  });

  it('a text beacon goes out in no-cors mode: nothing to fix', () => {
    const v = one('ping', 'empty', {}, { method: 'POST' }, 'no-cors');
    expect(v.outcome).toBe('opaque');
    expect(v.summary).toContain('beacon');
    expect(v.explanation).not.toContain("Remove mode: 'no-cors'");
  });

  it('fetch keeps the generic advice', () => {
    const v = one('xmlhttprequest', 'empty', { 'Access-Control-Allow-Origin': '*' }, { error: 'net::ERR_FAILED' });
    expect(v.explanation).toContain("fetch `credentials: 'include'` / XHR `withCredentials = true`");
    expect(v.explanation).toContain('stop sending credentials');
  });

  it('an EventSource the page closed once it opened (ERR_ABORTED after a passing response): allowed, not a network error', () => {
    const v = one('xmlhttprequest', 'empty', { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }, { error: 'net::ERR_ABORTED' });
    expect(v.outcome).toBe('allowed');
    expect(v.chromiumCorsError).toBeNull();
    expect(v.inferences.join(' ')).toContain('net::ERR_ABORTED after its response arrived');
  });

  it('a request aborted before any response stays a canceled request', () => {
    const v = one('xmlhttprequest', 'empty', {}, { error: 'net::ERR_ABORTED', status: 0, responseHeaders: undefined });
    expect(v.outcome).toBe('network-error');
    expect(v.reason).toBe('request-canceled');
  });
});
