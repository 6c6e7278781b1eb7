/** "Fixed ✓" across a session: failures followed by a pass, regressions, and what does not count. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate';
import type { AnalyzedExchange } from '../../../src/core/model';
import { fixHistory } from '../../../src/core/fix-history';
import { API, PAGE, exchange, type ExchangeSpec } from './fixes/build';

let clock = 0;
function at(spec: ExchangeSpec, id: string): AnalyzedExchange {
  clock += 1000;
  const e = { ...exchange(spec), id, startTime: clock };
  return { exchange: e, verdict: evaluate(e) };
}
const FAIL: ExchangeSpec = { url: `${API}/api/items?n=1`, actual: { status: 200 } };
const PASS: ExchangeSpec = { url: `${API}/api/items?n=2`, actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Vary', 'Origin']] } };

describe('fixHistory', () => {
  it('marks every earlier failure fixed by the first later pass, and links the pass back', () => {
    const list = [at(FAIL, 'a'), at(FAIL, 'b'), at(PASS, 'c'), at(PASS, 'd')];
    const marks = fixHistory(list);
    expect(marks.get('a')).toEqual({ kind: 'fixed', by: 'c', at: list[2]!.exchange.startTime });
    expect(marks.get('b')).toEqual({ kind: 'fixed', by: 'c', at: list[2]!.exchange.startTime });
    expect(marks.get('c')).toEqual({ kind: 'now-passes', was: 'b' });
    expect(marks.has('d')).toBe(false);
  });

  it('flags a regression once, and the list order does not matter (time does)', () => {
    const list = [at(PASS, 'p'), at(FAIL, 'f1'), at(FAIL, 'f2')];
    const marks = fixHistory([...list].reverse());
    expect(marks.get('f1')).toEqual({ kind: 'regression', was: 'p' });
    expect(marks.has('f2')).toBe(false);
  });

  it('keeps endpoints apart: another path, method or page origin is another endpoint', () => {
    const marks = fixHistory([
      at(FAIL, 'x'),
      at({ ...PASS, url: `${API}/api/other` }, 'y'),
      at({ ...PASS, method: 'PUT', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']] } }, 'z'),
      at({ ...PASS, origin: 'http://127.0.0.1:5173' }, 'w'),
    ]);
    expect(marks.size).toBe(0);
  });
});
