/**
 * Hostile names and strings: header names that are Object.prototype members, invalid HAR URLs,
 * lone surrogates. None may crash, fool the evaluator or split an exchange.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { isCorsSafelistedRequestHeader } from '../../../src/core/http/safelist';
import { harToObservations } from '../../../src/sources/har';
import { actual, API, headers, PAGE, preflight } from '../support/observations';

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

describe('header names that are Object.prototype members', () => {
  it('are never safelisted (Chrome extras are a Map, not an object literal)', () => {
    for (const name of PROTO_NAMES) {
      expect(isCorsSafelistedRequestHeader(name, '1', { chromeExtras: true })).toBe(false);
      expect(isCorsSafelistedRequestHeader(name.toUpperCase(), '1', { chromeExtras: true })).toBe(false);
    }
  });

  for (const name of PROTO_NAMES) {
    it(`a request Chrome blocked because the preflight did not allow \`${name}\` is blocked, in every browser`, () => {
      const url = `${API}/proto-${name}`;
      const a = actual('GET', url, 100, { [name]: '1' }, { error: 'net::ERR_FAILED', endTime: 130 });
      delete a.requestHeaders;
      const p = preflight(url, 'GET', 101, name.toLowerCase(), {
        status: 204,
        endTime: 120,
        responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Headers': 'x-other' }),
      });
      for (const browser of ['chrome', 'firefox', 'safari'] as const) {
        const list = analyze([a, p], { browser });
        expect(list).toHaveLength(1);
        expect(list[0]!.verdict.outcome).toBe('blocked');
        if (browser === 'chrome') expect(list[0]!.verdict.chromiumCorsError).toBe('HeaderDisallowedByPreflightResponse');
      }
    });

    it(`a simple GET carrying \`${name}\` without a preflight is not treated as safelisted`, () => {
      const a = actual('GET', `${API}/noproto-${name}`, 100, { [name]: '1' }, { status: 200, endTime: 130, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
      const [x] = analyze([a], { browser: 'chrome' });
      // It needed a preflight, so one was served from the cache (or the capture missed it).
      expect(x!.exchange.preflightCacheHit).toBe(true);
    });

    it(`a response header named \`${name}\` does not crash or change the verdict`, () => {
      const a = actual('GET', `${API}/resp-${name}`, 100, {}, {
        status: 200,
        endTime: 130,
        responseHeaders: [{ name, value: 'x' }, { name: 'Access-Control-Allow-Origin', value: PAGE }, { name: 'Access-Control-Expose-Headers', value: name }],
      });
      const [x] = analyze([a], { browser: 'chrome' });
      expect(x!.verdict.outcome).toBe('allowed');
    });
  }
});

describe('invalid URLs and lone surrogates', () => {
  const entry = (url: string, extra: Record<string, unknown> = {}) => ({
    startedDateTime: '2026-12-05T10:00:00.000Z',
    time: 10,
    request: { method: 'GET', url, headers: [{ name: 'Origin', value: PAGE }] },
    response: { status: 200, headers: [{ name: 'Access-Control-Allow-Origin', value: PAGE }] },
    ...extra,
  });

  it('a HAR entry with an invalid URL is an input problem naming the entry, not a CORS verdict', () => {
    const { observations, warnings } = harToObservations({ log: { entries: [entry(`${API}/ok`), entry('ht!tp://\u0000nope'), entry('::::')] } });
    expect(observations.map((o) => o.id)).toEqual(['har:0']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^2 entries were skipped: request\.url is not a valid URL — entry 1 \("ht!tp:\/\/\\u0000nope"\), entry 2/);
    expect(analyze(observations).map((a) => a.verdict.reason)).not.toContain('disabled-scheme');
  });

  it('a lone surrogate in the URL does not split an exchange, even after one side went through UTF-8', () => {
    const raw = `${API}/s\uD800x`;
    const stored = `${API}/s\uFFFDx`;
    const a = actual('PUT', raw, 100, { 'X-Custom': '1' }, { status: 200, endTime: 150, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
    const p = preflight(stored, 'PUT', 101, 'x-custom', {
      status: 204,
      endTime: 120,
      responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom' }),
    });
    const list = analyze([a, p], { browser: 'chrome' });
    expect(list).toHaveLength(1);
    expect(list[0]!.exchange.hops[0]!.preflight).toBe(p);
    expect(list[0]!.verdict.outcome).toBe('allowed');
  });

  it('a lone surrogate in header values neither throws nor splits', () => {
    const url = `${API}/hv`;
    const a = actual('PUT', url, 100, { 'X-Custom': '\uDC00' }, { status: 200, endTime: 150, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'X-Note': '\uD83D' }) });
    const p = preflight(url, 'PUT', 101, 'x-custom', {
      status: 204,
      endTime: 120,
      responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom\uD800' }),
    });
    const list = analyze([a, p], { browser: 'chrome' });
    expect(list).toHaveLength(1);
  });
});
