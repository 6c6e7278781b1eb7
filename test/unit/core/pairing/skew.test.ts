/**
 * Pairing on a loaded machine: time orders, it never excludes. Preflights that start long after
 * their request (330–750 ms in DevTools' HAR of a loaded e2e run), large gaps, interleaved identical
 * requests, preflights dated before their request, and answers with repeated header lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze';
import type { Exchange, Observation } from '../../../../src/core/model';
import { pairExchanges } from '../../../../src/core/pair';
import { actual, API, headers, PAGE, preflight, rng, shuffle } from '../../support/observations';

const har = { source: 'har' as const, tabId: undefined, frameId: undefined, documentId: 'har-page:page_1' };
const preflightOf = (xs: Exchange[], requestId: string): string | undefined => xs.find((x) => x.hops[0]!.request.id === requestId)?.hops[0]!.preflight?.id;
const PASS = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Custom' };

/** A Chrome-HAR actual request its failed preflight stopped: status 0, provisional headers, short "time". */
function stopped(url: string, start: number, end = start + 3): Observation {
  const a = actual('PUT', url, start, { 'X-Custom': '1' }, { ...har, status: 0, error: 'net::ERR_FAILED', requestHeadersProvisional: true, endTime: end });
  a.requestHeaders = headers({ 'X-Custom': '1', Accept: '*/*' });
  delete a.initiatorOrigin;
  return a;
}

describe('pairing with skewed timings', () => {
  for (const lag of [330, 750, 10_000]) {
    it(`pairs a failed preflight that started ${lag} ms after its request ended`, () => {
      const url = `${API}/late-fail-${lag}`;
      const a = stopped(url, 100);
      const p = preflight(url, 'PUT', 100 + lag, 'x-custom', { ...har, status: 404, endTime: 120 + lag, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
      const xs = pairExchanges([a, p]);
      expect(xs).toHaveLength(1);
      expect(xs[0]!.hops[0]!.preflight).toBe(p);
      expect(xs[0]!.actualNeverSent).toBe(true);
      const [v] = analyze([a, p], { browser: 'chrome' });
      expect(v!.verdict.chromiumCorsError).toBe('PreflightInvalidStatus');
    });

    it(`pairs a passing preflight that started ${lag} ms after its request (whose HAR "end" came first)`, () => {
      const url = `${API}/late-pass-${lag}`;
      const a = actual('PUT', url, 100, { 'X-Custom': '1' }, { ...har, status: 200, endTime: 140, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
      const p = preflight(url, 'PUT', 100 + lag, 'x-custom', { ...har, status: 204, endTime: 130 + lag, responseHeaders: headers(PASS) });
      const [x, ...rest] = pairExchanges([p, a]);
      expect(rest).toHaveLength(0);
      expect(x!.hops[0]!.preflight).toBe(p);
      const [v] = analyze([a, p], { browser: 'chrome' });
      expect(v!.verdict.outcome).toBe('allowed');
    });
  }

  it('pairs a preflight dated before its request (HAR rounding, clock steps)', () => {
    const url = `${API}/early`;
    const p = preflight(url, 'PUT', 40, 'x-custom', { ...har, status: 204, endTime: 60, responseHeaders: headers(PASS) });
    const a = actual('PUT', url, 100, { 'X-Custom': '1' }, { ...har, status: 200, endTime: 130 });
    expect(preflightOf(pairExchanges([a, p]), a.id)).toBe(p.id);
  });

  it('interleaved identical requests keep first-with-first however late the preflights come', () => {
    const url = `${API}/burst`;
    const requests = [0, 1, 2, 3, 4].map((i) => stopped(url, 100 + i));
    // Preflights 400–900 ms late, in request order, with different (out-of-order) ends.
    const preflights = [0, 1, 2, 3, 4].map((i) => preflight(url, 'PUT', 500 + 100 * i, 'x-custom', { ...har, status: 500 + i, endTime: 900 - 50 * i }));
    const xs = pairExchanges([...preflights].reverse().concat(requests));
    for (let i = 0; i < 5; i++) expect(preflightOf(xs, requests[i]!.id)).toBe(preflights[i]!.id);
  });

  it('Chrome HAR `_initiator.requestId` orders the preflights when their timestamps are crossed', () => {
    const url = `${API}/crossed`;
    const a0 = actual('PUT', url, 100, { 'X-Custom': '1' }, { ...har, status: 200, endTime: 300 });
    const a1 = actual('PUT', url, 101, { 'X-Custom': '1' }, { ...har, status: 200, endTime: 300 });
    const p1 = preflight(url, 'PUT', 600, 'x-custom', { ...har, status: 204, endTime: 650, preflightHint: true, preflightForHint: '4242.18' });
    const p0 = preflight(url, 'PUT', 700, 'x-custom', { ...har, status: 204, endTime: 750, preflightHint: true, preflightForHint: '4242.17' });
    const xs = pairExchanges([p1, a1, p0, a0]);
    expect(preflightOf(xs, a0.id)).toBe(p0.id);
    expect(preflightOf(xs, a1.id)).toBe(p1.id);
  });

  it('a request 10 s older that used the preflight cache does not take a fresh preflight', () => {
    const url = `${API}/poll`;
    const old = actual('PUT', url, 100, { 'X-Custom': '1' }, { status: 200, endTime: 20_000 });
    const fresh = actual('PUT', url, 10_000, { 'X-Custom': '1' }, { status: 200, endTime: 10_900 });
    const p = preflight(url, 'PUT', 10_700, 'x-custom', { status: 204, endTime: 10_800 });
    expect(preflightOf(pairExchanges([p, old, fresh]), fresh.id)).toBe(p.id);
  });
});

describe('mis-pairings that split one exchange', () => {
  it('a preflight answered with repeated Allow-Methods and Allow-Headers lines is one allowed exchange', () => {
    const url = `${API}/repeated`;
    const a = actual('PUT', url, 100, { 'X-Custom': '1', 'X-Other': '2' }, { status: 200, endTime: 200, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
    const p = preflight(url, 'PUT', 600, 'x-custom,x-other', {
      status: 204,
      endTime: 650,
      responseHeaders: [
        { name: 'Access-Control-Allow-Origin', value: PAGE },
        { name: 'Access-Control-Allow-Methods', value: 'GET' },
        { name: 'Access-Control-Allow-Methods', value: 'PUT' },
        { name: 'Access-Control-Allow-Headers', value: 'x-custom' },
        { name: 'Access-Control-Allow-Headers', value: 'x-other' },
      ],
    });
    for (const browser of ['chrome', 'firefox'] as const) {
      const list = analyze([a, p], { browser });
      expect(list).toHaveLength(1);
      expect(list[0]!.verdict.outcome).toBe('allowed');
    }
  });

  it('a 307 to a third origin that preflights again is one exchange, late preflights and all', () => {
    const third = 'http://third.test:9/next';
    const h0 = actual('PUT', `${API}/r307`, 100, { 'X-Custom': '1' }, { ...har, status: 307, redirectUrl: third, endTime: 130 });
    const p0 = preflight(`${API}/r307`, 'PUT', 480, 'x-custom', { ...har, status: 204, endTime: 500, responseHeaders: headers(PASS), preflightHint: true, preflightForHint: '9.3' });
    const h1 = actual('PUT', third, 131, { 'X-Custom': '1', Origin: 'null' }, { ...har, status: 200, endTime: 160, responseHeaders: headers({ 'Access-Control-Allow-Origin': '*' }) });
    const p1 = preflight(third, 'PUT', 900, 'x-custom', {
      ...har,
      status: 204,
      endTime: 950,
      responseHeaders: headers({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-custom' }),
      preflightHint: true,
      preflightForHint: '9.3',
    });
    const xs = pairExchanges([p1, h1, p0, h0]);
    expect(xs).toHaveLength(1);
    expect(xs[0]!.hops).toEqual([{ request: h0, preflight: p0 }, { request: h1, preflight: p1 }]);
  });

  it('an unpaired preflight that succeeded is never by itself "blocked"', () => {
    for (const acao of [PAGE, '*']) {
      const p = preflight(`${API}/alone`, 'PUT', 100, 'x-custom', {
        status: 204,
        endTime: 110,
        responseHeaders: headers({ ...PASS, 'Access-Control-Allow-Origin': acao }),
      });
      const [x] = pairExchanges([p]);
      expect(x!.actualNeverSent).toBeUndefined();
      for (const browser of ['chrome', 'firefox'] as const) {
        const [v] = analyze([p], { browser });
        expect(v!.verdict.outcome).not.toBe('blocked');
        expect(v!.verdict.credentials.basis).not.toBe('inferred');
      }
    }
  });
});

describe('order independence under skew (property)', () => {
  it('a skewed burst pairs first-with-first in every input order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 0, max: 2_000 }), fc.integer(), fc.integer(), (n, maxLag, seed, shuffleSeed) => {
        const random = rng(seed);
        const url = `${API}/skew`;
        const requests: Observation[] = [];
        const preflights: Observation[] = [];
        let lastStart = 0;
        let start = 1_000;
        for (let i = 0; i < n; i++) {
          // Requests in index order (ties on the same ms go by arrival order, `seq`).
          start += Math.floor(random() * 3);
          const pass = random() < 0.5;
          // Preflights keep their requests' order but start any time later (monotone lag).
          lastStart = Math.max(lastStart, start + Math.floor(random() * maxLag));
          const p = preflight(url, 'PUT', lastStart, 'x-custom', pass
            ? { status: 204, endTime: lastStart + 10, responseHeaders: headers(PASS) }
            : { status: 404, endTime: lastStart + 10, responseHeaders: headers({}) });
          const a = pass
            ? actual('PUT', url, start, { 'X-Custom': '1' }, { status: 200, endTime: start + 5 + Math.floor(random() * 50) })
            : actual('PUT', url, start, {}, { error: 'net::ERR_FAILED', endTime: start + Math.floor(random() * 50) });
          if (!pass) delete a.requestHeaders;
          requests.push(a);
          preflights.push(p);
        }
        const all = [...requests, ...preflights];
        all.forEach((o, i) => (o.seq = i));
        const expected = pairExchanges(all);
        expect(pairExchanges(shuffle(all, rng(shuffleSeed)))).toEqual(expected);
        expect(expected).toHaveLength(n);
        for (let i = 0; i < n; i++) expect(preflightOf(expected, requests[i]!.id)).toBe(preflights[i]!.id);
      }),
      { numRuns: 200, seed: 20261205 },
    );
  });
});
