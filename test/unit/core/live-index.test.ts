/** Incremental re-pairing in the live store: neighbours by order, never cut off by a time margin. */
import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../src/background/tab-store';
import { analyze } from '../../../src/core/analyze';
import type { Observation, PageHint } from '../../../src/core/model';
import { LivePairingIndex } from '../../../src/core/pairing/live-index';
import { actual, API, headers, PAGE, preflight } from '../support/observations';

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
