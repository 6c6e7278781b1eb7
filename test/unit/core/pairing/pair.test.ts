import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange, Observation } from '../../../../src/core/model';
import { pairExchanges } from '../../../../src/core/pair';
import { harToObservations } from '../../../../src/sources/har';
import { actual, API, headers, obs, PAGE, preflight, rng, shuffle } from '../../support/observations';

/** exchange id → preflight id of hop 0 (or null). */
function preflightMap(exchanges: Exchange[]): Map<string, string | null> {
  return new Map(exchanges.map((x) => [x.hops[0]!.request.id, x.hops[0]!.preflight?.id ?? null]));
}

type Kind = 'ok' | 'fail404' | 'corsfail' | 'reset';

/**
 * `n` identical preflighted PUTs fired at once, as a browser reports them: requests start within a
 * few ms (many on the same ms), each preflight just after its request and in the same order, and
 * preflights take different times (so they end out of order). Durations are spaced so that the
 * true pairing is decidable from the data.
 */
function burst(n: number, seed: number, browser: 'chrome' | 'firefox') {
  const random = rng(seed);
  const kinds: Kind[] = ['ok', 'fail404', 'corsfail', 'reset'];
  const durations = shuffle(Array.from({ length: n }, (_, i) => 5 + 15 * i), random);
  const url = `${API}/burst`;
  const requests: Observation[] = [];
  const preflights: Observation[] = [];
  const truth = new Map<string, string>();
  let lastPreflightStart = 0;
  for (let i = 0; i < n; i++) {
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    const start = 1_000 + Math.floor(i / 8);
    const pStart = Math.max(lastPreflightStart, start + 1 + Math.floor(random() * 3));
    lastPreflightStart = pStart;
    const pEnd = pStart + durations[i]!;
    const pFields: Partial<Observation> = { endTime: pEnd };
    if (kind === 'reset') pFields.error = browser === 'chrome' ? 'net::ERR_CONNECTION_RESET' : 'NS_ERROR_NET_RESET';
    else {
      pFields.status = kind === 'fail404' ? 404 : 204;
      pFields.responseHeaders = kind === 'ok'
        ? headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Custom' })
        : kind === 'corsfail' ? headers({ 'Access-Control-Allow-Origin': PAGE }) : headers({});
      // Firefox ends every failed preflight with an error event.
      if (browser === 'firefox' && kind !== 'ok') pFields.error = 'NS_ERROR_DOM_BAD_URI';
    }
    const p = preflight(url, 'PUT', pStart, 'x-custom', pFields);
    const aFields: Partial<Observation> = {};
    if (kind === 'ok') {
      Object.assign(aFields, { status: 200, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }), endTime: pEnd + 1 + Math.floor(random() * 50) });
    } else {
      Object.assign(aFields, { error: browser === 'chrome' ? 'net::ERR_FAILED' : 'NS_ERROR_DOM_BAD_URI', endTime: pEnd + random() * 2 });
    }
    const a = actual('PUT', url, start, { 'X-Custom': '1', 'Content-Type': 'text/plain;charset=UTF-8' }, aFields);
    // Chrome never reports send-headers for a request its preflight stopped.
    if (browser === 'chrome' && kind !== 'ok') delete a.requestHeaders;
    requests.push(a);
    preflights.push(p);
    truth.set(a.id, p.id);
  }
  // Arrival order: Chrome interleaves by time; Firefox after an event-page wake-up delivers all
  // onBeforeRequest events first, then the rest, grouped by event type.
  const all = browser === 'chrome'
    ? [...requests, ...preflights].sort((x, y) => x.startTime - y.startTime || (x.method === 'OPTIONS' ? 1 : 0) - (y.method === 'OPTIONS' ? 1 : 0))
    : [...requests, ...preflights];
  all.forEach((o, i) => (o.seq = i));
  return { observations: all, truth };
}

describe('pairExchanges: preflight ↔ request', () => {
  it('pairs a preflight with its request and keeps a simple request alone', () => {
    const a = actual('PUT', `${API}/good`, 100, { 'X-Custom': '1' }, { status: 200, endTime: 130 });
    const p = preflight(`${API}/good`, 'PUT', 102, 'x-custom', { status: 204, endTime: 110 });
    const g = actual('GET', `${API}/simple`, 105, {}, { status: 200, endTime: 120 });
    const result = pairExchanges([g, p, a]);
    expect(result.map((x) => x.id)).toEqual([a.id, g.id]);
    expect(result[0]!.hops).toEqual([{ request: a, preflight: p }]);
    expect(result[0]!.actualNeverSent).toBeUndefined();
    expect(result[1]!.hops).toEqual([{ request: g }]);
  });

  it('requires the requested method to match exactly (case-sensitive)', () => {
    const a = actual('patch', `${API}/x`, 100, {}, { status: 200, endTime: 130 });
    const p = preflight(`${API}/x`, 'PATCH', 102, undefined, { status: 204, endTime: 110 });
    const result = pairExchanges([a, p]);
    expect(result).toHaveLength(2);
    expect(result.find((x) => x.id === a.id)!.hops[0]!.preflight).toBeUndefined();
    expect(result.find((x) => x.hops[0]!.preflight === p)!.method).toBe('PATCH');
  });

  it('tells concurrent requests apart by the headers their preflights ask for', () => {
    const a1 = actual('GET', `${API}/h`, 100, { 'X-A': '1' }, { status: 200, endTime: 200 });
    const a2 = actual('GET', `${API}/h`, 100, { 'X-A': '1', 'X-B': '2' }, { status: 200, endTime: 200 });
    // The second request's preflight starts first.
    const p2 = preflight(`${API}/h`, 'GET', 101, 'x-a,x-b', { status: 204, endTime: 150 });
    const p1 = preflight(`${API}/h`, 'GET', 102, 'x-a', { status: 204, endTime: 150 });
    const map = preflightMap(pairExchanges([a1, a2, p1, p2]));
    expect(map.get(a1.id)).toBe(p1.id);
    expect(map.get(a2.id)).toBe(p2.id);
  });

  it('marks a request stopped by its failed preflight as never sent (Chrome HAR shape)', () => {
    const a = actual('PUT', `${API}/p404`, 100, { 'X-Custom': '1' }, { source: 'har', error: 'net::ERR_FAILED', status: 0, requestHeadersProvisional: true, endTime: 112 });
    delete a.initiatorOrigin;
    const p = preflight(`${API}/p404`, 'PUT', 103, 'x-custom', { source: 'har', status: 404, endTime: 110 });
    const [x] = pairExchanges([a, p]);
    expect(x!.hops[0]!.preflight).toBe(p);
    expect(x!.actualNeverSent).toBe(true);
    // The provisional headers had no Origin: the preflight's Origin names the page.
    expect(x!.initiatorOrigin).toBe(PAGE);
  });

  it('does not give a failed preflight to a request that got a response, even when it started first', () => {
    // Request 1 was stopped by its 404 preflight; request 2 went through. Preflight 2 started first.
    const a1 = actual('PUT', `${API}/inv`, 100, {}, { error: 'net::ERR_FAILED', endTime: 161 });
    delete a1.requestHeaders;
    const a2 = actual('PUT', `${API}/inv`, 101, {}, { status: 200, endTime: 190 });
    const p2 = preflight(`${API}/inv`, 'PUT', 102, undefined, { status: 204, endTime: 140 });
    const p1 = preflight(`${API}/inv`, 'PUT', 103, undefined, { status: 404, endTime: 160 });
    const map = preflightMap(pairExchanges([a1, a2, p1, p2]));
    expect(map.get(a1.id)).toBe(p1.id);
    expect(map.get(a2.id)).toBe(p2.id);
  });

  it('builds an exchange from a preflight whose request was never seen (method = ACRM)', () => {
    const p = preflight(`${API}/orphan`, 'DELETE', 100, undefined, { status: 404, endTime: 110 });
    const [x] = pairExchanges([p]);
    expect(x!.method).toBe('DELETE');
    expect(x!.url).toBe(`${API}/orphan`);
    expect(x!.hops[0]!.preflight).toBe(p);
    expect(x!.hops[0]!.request.method).toBe('DELETE');
    expect(x!.actualNeverSent).toBe(true);
    expect(x!.initiatorOrigin).toBe(PAGE);
  });

  it('flags a preflight-cache hit: a non-simple cross-origin request sent without a preflight', () => {
    const first = actual('PUT', `${API}/cached`, 100, { 'X-Custom': '1' }, { status: 200, endTime: 130 });
    const p = preflight(`${API}/cached`, 'PUT', 101, 'x-custom', { status: 204, endTime: 110 });
    const again = actual('PUT', `${API}/cached`, 5_000, { 'X-Custom': '1' }, { status: 200, endTime: 5_010 });
    const simple = actual('GET', `${API}/simple`, 6_000, {}, { status: 200, endTime: 6_010 });
    const same = actual('PUT', `${PAGE}/same`, 7_000, {}, { status: 200, endTime: 7_010 });
    const result = pairExchanges([first, p, again, simple, same]);
    const byId = new Map(result.map((x) => [x.id, x]));
    expect(byId.get(first.id)!.preflightCacheHit).toBeUndefined();
    expect(byId.get(again.id)!.preflightCacheHit).toBe(true);
    expect(byId.get(simple.id)!.preflightCacheHit).toBeUndefined();
    expect(byId.get(same.id)!.preflightCacheHit).toBeUndefined(); // same-origin: no CORS at all
    expect(byId.get(same.id)!.hops).toHaveLength(1); // but still an exchange
  });

  it('does not hand a new preflight to an older in-flight request that used the preflight cache', () => {
    const old = actual('PUT', `${API}/poll`, 100, { 'X-Custom': '1' }, { status: 200, endTime: 9_000 });
    const fresh = actual('PUT', `${API}/poll`, 5_000, { 'X-Custom': '1' }, { status: 200, endTime: 5_100 });
    const p = preflight(`${API}/poll`, 'PUT', 5_002, 'x-custom', { status: 204, endTime: 5_050 });
    const map = preflightMap(pairExchanges([old, fresh, p]));
    expect(map.get(fresh.id)).toBe(p.id);
    expect(map.get(old.id)).toBeNull();
  });

  it('does not let a field one side lacks (a HAR entry without pageref) rule a match out', () => {
    const a = actual('PUT', `${API}/t`, 100, {}, { source: 'har', status: 200, endTime: 130, tabId: undefined, frameId: undefined, documentId: 'har-page:page_1' });
    const p = preflight(`${API}/t`, 'PUT', 101, undefined, { source: 'har', status: 204, endTime: 110, tabId: undefined, frameId: undefined, documentId: undefined });
    expect(pairExchanges([a, p])).toHaveLength(1);
  });

  it('keeps requests of other tabs and documents apart', () => {
    const a = actual('PUT', `${API}/t`, 100, {}, { status: 200, endTime: 130, tabId: 2 });
    const p = preflight(`${API}/t`, 'PUT', 101, undefined, { status: 204, endTime: 110, tabId: 1 });
    const result = pairExchanges([a, p]);
    expect(result).toHaveLength(2);
  });
});

describe('pairExchanges: redirect chains', () => {
  it('groups webRequest hops by chain id and hop index', () => {
    const h0 = actual('GET', `${API}/r`, 100, {}, { chainId: '7', hopIndex: 0, status: 302, redirectUrl: `${API}/ok`, endTime: 105 });
    const h1 = actual('GET', `${API}/ok`, 106, {}, { chainId: '7', hopIndex: 1, status: 200, endTime: 110 });
    const [x, ...rest] = pairExchanges([h1, h0]);
    expect(rest).toHaveLength(0);
    expect(x!.hops.map((h) => h.request)).toEqual([h0, h1]);
    expect(x!.url).toBe(`${API}/r`);
  });

  it('links HAR hops by redirect target, with the 303 method change, and not a failed redirect', () => {
    const har = { source: 'har' as const, tabId: undefined, frameId: undefined, documentId: undefined };
    const post = actual('POST', `${API}/see-other`, 100, {}, { ...har, status: 303, redirectUrl: `${API}/ok?from=303`, endTime: 106 });
    const get = actual('GET', `${API}/ok?from=303`, 106, {}, { ...har, status: 200, endTime: 112 });
    const blocked = actual('GET', `${API}/noacao`, 200, {}, { ...har, status: 302, redirectUrl: `${API}/ok`, error: 'net::ERR_FAILED', endTime: 210 });
    const later = actual('GET', `${API}/ok`, 211, {}, { ...har, status: 200, endTime: 220 });
    const result = pairExchanges([later, get, blocked, post]);
    expect(result.map((x) => x.hops.map((h) => h.request.id))).toEqual([[post.id, get.id], [blocked.id], [later.id]]);
  });

  it('follows a redirect to the first later request to its target however late, never to an earlier one', () => {
    // A loaded machine may start the next hop seconds after the redirect: time orders, never excludes.
    const har = { source: 'har' as const };
    const earlier = actual('GET', `${API}/ok`, 50, {}, { ...har, status: 200, endTime: 60 });
    const r = actual('GET', `${API}/r`, 100, {}, { ...har, status: 302, redirectUrl: `${API}/ok`, endTime: 105 });
    const late = actual('GET', `${API}/ok`, 5_000, {}, { ...har, status: 200, endTime: 5_010 });
    const result = pairExchanges([late, r, earlier]);
    expect(result.map((x) => x.hops.map((h) => h.request.id))).toEqual([[earlier.id], [r.id, late.id]]);
  });

  it('pairs a preflight sent for a redirect hop with that hop', () => {
    const h0 = actual('PUT', `${API}/r307`, 100, { 'X-Custom': '1' }, { source: 'har', status: 307, redirectUrl: 'http://other.test/target', endTime: 120 });
    const p0 = preflight(`${API}/r307`, 'PUT', 101, 'x-custom', { source: 'har', status: 204, endTime: 110 });
    const h1 = actual('PUT', 'http://other.test/target', 121, { 'X-Custom': '1', Origin: 'null' }, { source: 'har', status: 200, endTime: 160 });
    const p1 = preflight('http://other.test/target', 'PUT', 122, 'x-custom', { source: 'har', status: 204, endTime: 140 });
    const [x, ...rest] = pairExchanges([p1, h1, p0, h0]);
    expect(rest).toHaveLength(0);
    expect(x!.hops).toEqual([{ request: h0, preflight: p0 }, { request: h1, preflight: p1 }]);
  });
});

describe('pairExchanges: concurrency and order', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`pairs 50 concurrent identical preflighted requests with mixed outcomes (${browser})`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { observations, truth } = burst(50, seed, browser);
        const result = pairExchanges(observations);
        expect(result).toHaveLength(50);
        const map = preflightMap(result);
        for (const [a, p] of truth) expect(map.get(a), `seed ${seed}, request ${a}`).toBe(p);
        for (const x of result) {
          const neverSent = x.hops[0]!.request.status === undefined;
          expect(x.actualNeverSent === true).toBe(neverSent);
        }
      }
    });
  }

  it('Firefox grouped-by-type delivery with coarse timestamps still pairs FIFO', () => {
    const { observations, truth } = burst(20, 9, 'firefox');
    // Event-page wake-up: every timestamp collapsed onto the same ms; only arrival order is left.
    for (const o of observations) {
      const shift = o.startTime - 1_000;
      o.startTime = 1_000;
      if (o.endTime !== undefined) o.endTime -= shift;
    }
    const map = preflightMap(pairExchanges(observations));
    for (const [a, p] of truth) expect(map.get(a)).toBe(p);
  });

  it('shuffling the observations never changes the result (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.integer(), (seed, n, chrome, shuffleSeed) => {
        const { observations, truth } = burst(n, seed, chrome ? 'chrome' : 'firefox');
        const extra = [
          actual('GET', `${API}/simple`, 1_003, {}, { status: 200, endTime: 1_010 }),
          actual('GET', `${API}/r`, 1_004, {}, { source: 'har', status: 302, redirectUrl: `${API}/ok`, endTime: 1_008 }),
          actual('GET', `${API}/ok`, 1_008, {}, { source: 'har', status: 200, endTime: 1_012 }),
          preflight(`${API}/orphan`, 'DELETE', 1_005, undefined, { status: 404, endTime: 1_009 }),
        ];
        const all = [...observations, ...extra];
        const expected = pairExchanges(all);
        const shuffled = pairExchanges(shuffle(all, rng(shuffleSeed)));
        expect(shuffled).toEqual(expected);
        const map = preflightMap(expected);
        for (const [a, p] of truth) expect(map.get(a)).toBe(p);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });
});

describe('pairExchanges on a real Chrome HAR', () => {
  it('reproduces the preflight links Chromium recorded (chrome-basic.har, incl. a concurrent burst)', () => {
    const har = JSON.parse(fs.readFileSync(new URL('../../../fixtures/har/chrome-basic.har', import.meta.url), 'utf8'));
    const truth: { pairs: { preflight: number; actual: number }[] } = JSON.parse(
      fs.readFileSync(new URL('../../../fixtures/har/chrome-basic.truth.json', import.meta.url), 'utf8'),
    );
    const { observations } = harToObservations(har);
    const map = preflightMap(pairExchanges(observations));
    expect(truth.pairs.length).toBeGreaterThanOrEqual(10);
    for (const { preflight: p, actual: a } of truth.pairs) expect(map.get(`har:${a}`)).toBe(`har:${p}`);
    // Redirect hops became one exchange each: 11→12 and 14→15 (303 turns POST into GET).
    const chains = pairExchanges(observations).map((x) => x.hops.map((h) => h.request.id));
    expect(chains).toContainEqual(['har:11', 'har:12']);
    expect(chains).toContainEqual(['har:14', 'har:15']);
    expect(chains).toContainEqual(['har:13']);
  });
});

describe('pairExchanges edge cases', () => {
  it('returns nothing for nothing, and never mutates its input', () => {
    expect(pairExchanges([])).toEqual([]);
    const list = [actual('GET', `${API}/a`, 2), actual('GET', `${API}/b`, 1)];
    const copy = structuredClone(list);
    pairExchanges(list);
    expect(list).toEqual(copy);
  });

  it('handles a preflight without captured headers (source hint only)', () => {
    const p = obs({ method: 'OPTIONS', url: `${API}/x`, startTime: 10, preflightHint: true, status: 204, endTime: 20 });
    const a = actual('PUT', `${API}/x`, 9, {}, { status: 200, endTime: 40 });
    const [x] = pairExchanges([p, a]);
    expect(x!.hops[0]!.preflight).toBe(p);
  });
});
