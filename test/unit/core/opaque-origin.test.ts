import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { Observation } from '../../../src/core/model';

const API = 'http://localhost:9000/data';
const PAGE = 'http://127.0.0.1:8000';

function fromOpaque(headers: Array<[string, string]>, extra: Partial<Observation> = {}): Observation {
  return {
    id: 'wr:1#0',
    chainId: '1',
    source: 'webrequest',
    tabId: 1,
    url: API,
    method: 'GET',
    startTime: 1,
    initiatorOrigin: null,
    requestHeaders: [
      { name: 'Origin', value: 'null' },
      { name: 'Sec-Fetch-Mode', value: 'cors' },
    ],
    status: 200,
    responseHeaders: headers.map(([name, value]) => ({ name, value })),
    error: 'net::ERR_FAILED',
    ...extra,
  };
}

describe('Origin null from an opaque origin (sandboxed iframe, file:, data:), no redirect', () => {
  it('an ACAO naming the page is opaque-origin-mismatch, explained as the sandbox/file/data cause, never a redirect taint', () => {
    const [a] = analyze([fromOpaque([['Access-Control-Allow-Origin', PAGE]])], { browser: 'chrome' });
    const v = a!.verdict;
    expect(v.reason).toBe('opaque-origin-mismatch');
    expect(v.chromiumCorsError).toBe('AllowOriginMismatch');
    expect(v.messages.chrome).toContain("from origin 'null'");
    expect(v.explanation).toMatch(/sandbox/);
    expect(v.explanation).toMatch(/serve/);
    expect(`${v.summary} ${v.explanation}`).not.toMatch(/redirect(ed)? to another|after a cross-origin redirect/i);
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSAllowOriginNotMatchingOrigin']);
  });

  it('a missing ACAO keeps its reason, but the advice is the page-side fix, not "allow null"', () => {
    const [a] = analyze([fromOpaque([])], { browser: 'chrome' });
    expect(a!.verdict.reason).toBe('acao-missing');
    expect(a!.verdict.explanation).toMatch(/Origin: null because/);
    expect(a!.verdict.explanation).not.toMatch(/send Access-Control-Allow-Origin: null/);
  });

  it('names file:// when the recording knows the document (Firefox documentUrl)', () => {
    const [a] = analyze([fromOpaque([['Access-Control-Allow-Origin', PAGE]], { documentUrl: 'file:///home/me/index.html', error: 'NS_ERROR_DOM_BAD_URI' })], { browser: 'firefox' });
    expect(a!.verdict.explanation).toMatch(/opened from a file/);
  });

  it('after a real cross-origin redirect, Origin null is still the redirect taint', () => {
    const hop0: Observation = {
      id: 'wr:2#0', chainId: '2', hopIndex: 0, source: 'webrequest', tabId: 1, url: API, method: 'GET', startTime: 1, initiatorOrigin: PAGE,
      requestHeaders: [{ name: 'Origin', value: PAGE }], status: 302,
      responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }, { name: 'Location', value: 'http://third.test/x' }], redirectUrl: 'http://third.test/x',
    };
    const hop1: Observation = {
      id: 'wr:2#1', chainId: '2', hopIndex: 1, source: 'webrequest', tabId: 1, url: 'http://third.test/x', method: 'GET', startTime: 2, initiatorOrigin: PAGE,
      requestHeaders: [{ name: 'Origin', value: 'null' }], status: 200, responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }], error: 'net::ERR_FAILED',
    };
    const [a] = analyze([hop0, hop1], { browser: 'chrome' });
    expect(a!.verdict.reason).toBe('redirect-tainted-origin');
  });

  it('a file:// page fetching file:// is CorsDisabledScheme: serve it over http', () => {
    const o: Observation = { id: 'har:0', source: 'har', url: 'file:///home/me/data.json', method: 'GET', startTime: 1, initiatorOrigin: null, error: 'net::ERR_FAILED', resourceType: 'fetch' };
    const [a] = analyze([o], { browser: 'chrome', includeSameOrigin: true });
    expect(a!.verdict.chromiumCorsError).toBe('CorsDisabledScheme');
    expect(a!.verdict.explanation).toContain('npx serve');
    expect(a!.verdict.explanation).toContain('python3 -m http.server');
  });
});
