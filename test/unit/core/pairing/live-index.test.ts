/** Incremental re-pairing in the live store: neighbours by order, never cut off by a time margin. */
import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../../src/background/tab-store';
import { analyze } from '../../../../src/core/analyze';
import type { Observation, PageHint } from '../../../../src/core/model';
import { LivePairingIndex } from '../../../../src/core/pairing/live-index';
import { actual, API, headers, PAGE, preflight } from '../../support/observations';

const chrome = (obs: Observation[], hints: readonly PageHint[]) => analyze(obs, { hints, browser: 'chrome' });
const PASS = headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Custom' });

describe('LivePairingIndex / TabStore re-pairing', () => {
  for (const lag of [750, 45_000, 600_000]) {
    it(`a preflight arriving ${lag} ms after its request joins its exchange, in either arrival order`, () => {
      const url = `${API}/late-${lag}`;
      const a = actual('PUT', url, 1_000, { 'X-Custom': '1' }, { status: 200, endTime: 1_050, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
      const p = preflight(url, 'PUT', 1_000 + lag, 'x-custom', { status: 204, endTime: 1_010 + lag, responseHeaders: PASS });
      for (const order of [[a, p], [p, a]]) {
        const store = new TabStore(chrome);
        for (const o of order) store.apply([o]);
        expect(store.list().map((x) => [x.exchange.hops[0]!.preflight?.id, x.verdict.outcome])).toEqual([[p.id, 'allowed']]);
      }
    });
  }

  it('bounds the neighbours by count: a polled URL re-pairs a few, not its whole history', () => {
    const index = new LivePairingIndex({ maxGroup: 1_000, neighbours: 8 });
    const url = `${API}/poll`;
    for (let i = 0; i < 500; i++) index.put(preflight(url, 'PUT', i * 1_000, undefined, { id: `p${i}` } as Partial<Observation>));
    const group = index.related(['p250'], () => []);
    expect(group.size).toBeLessThanOrEqual(17);
    expect(group.has('p249') && group.has('p251')).toBe(true);
  });
});

describe('the live store re-pairs a burst like pairing does all at once', () => {
  it('50 identical preflighted requests arriving one event at a time, preflights up to 2 s late', () => {
    const url = `${API}/burst-live`;
    const all: Observation[] = [];
    let pStart = 0;
    for (let i = 0; i < 50; i++) {
      const start = 1_000 + Math.floor(i / 5);
      pStart = Math.max(pStart, start + 1 + ((i * 37) % 2_000));
      const pass = i % 3 !== 0;
      const p = preflight(url, 'PUT', pStart, 'x-custom', pass ? { status: 204, endTime: pStart + 20, responseHeaders: PASS } : { status: 500, endTime: pStart + 20, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
      const a = pass
        ? actual('PUT', url, start, { 'X-Custom': '1' }, { status: 200, endTime: pStart + 40, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) })
        : actual('PUT', url, start, {}, { error: 'net::ERR_FAILED', endTime: pStart + 21 });
      if (!pass) delete a.requestHeaders;
      all.push(a, p);
    }
    all.forEach((o, i) => (o.seq = i));
    const key = (xs: { exchange: { hops: Array<{ request: Observation; preflight?: Observation }> }; verdict: { outcome: string } }[]) =>
      xs.map((x) => `${x.exchange.hops[0]!.request.id}<${x.exchange.hops[0]!.preflight?.id ?? '-'} ${x.verdict.outcome}`).sort();
    const whole = key(chrome(all, []));
    const store = new TabStore(chrome);
    for (const o of [...all].sort((x, y) => x.startTime - y.startTime || x.seq! - y.seq!)) store.apply([o]);
    expect(key(store.list())).toEqual(whole);
    expect(whole.filter((k) => k.includes('<-'))).toEqual([]);
  });
});
