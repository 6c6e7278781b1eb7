/**
 * Fix rendering against the number of request headers: a 10× bigger exchange must cost about 10×,
 * not 100× (the de-duplication was quadratic: 10,000 headers took seconds, a million never ended).
 * Ratios: time per header at 100,000 headers over time per header at 1,000, same run.
 */
import { analyze } from '../src/core/analyze';
import type { Observation } from '../src/core/model';
import { synthesizePolicy } from '../src/core/policy';
import { renderAll } from '../src/core/fixes';
import type { BenchResult } from './run';

const PAGE = 'http://127.0.0.1:45000';
const API = 'http://localhost:45001';

/** A preflighted GET whose preflight asked for `n` headers and was refused for them. */
export function manyHeaderExchange(n: number): Observation[] {
  const names = Array.from({ length: n }, (_, i) => `x-h${i}`);
  const requestHeaders = [{ name: 'Origin', value: PAGE }, ...names.map((name) => ({ name, value: '1' }))];
  const actual: Observation = { id: 'a', source: 'webrequest', url: `${API}/many`, method: 'GET', startTime: 1, endTime: 9, error: 'net::ERR_FAILED', initiatorOrigin: PAGE, requestHeaders };
  const preflight: Observation = {
    id: 'p',
    source: 'webrequest',
    url: `${API}/many`,
    method: 'OPTIONS',
    startTime: 2,
    endTime: 8,
    status: 204,
    initiatorOrigin: PAGE,
    requestHeaders: [
      { name: 'Origin', value: PAGE },
      { name: 'Access-Control-Request-Method', value: 'GET' },
      { name: 'Access-Control-Request-Headers', value: names.join(',') },
    ],
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }],
  };
  return [actual, preflight];
}

/** Milliseconds to analyse the exchange and render every fix. */
export function renderTime(n: number): number {
  const obs = manyHeaderExchange(n);
  const t0 = performance.now();
  const [a] = analyze(obs, { browser: 'chrome' });
  if (!a) throw new Error('no exchange');
  const fixes = renderAll(synthesizePolicy(a.exchange, a.verdict));
  if (Object.keys(fixes).length === 0) throw new Error('no fixes');
  return performance.now() - t0;
}

export async function bench(): Promise<BenchResult[]> {
  renderTime(100); // warm up
  const small = renderTime(1_000);
  const big = renderTime(100_000);
  const perHeader = (ms: number, n: number) => ms / n;
  const ratio = perHeader(big, 100_000) / perHeader(small, 1_000);
  return [
    {
      name: 'fix rendering, 100,000 vs 1,000 request headers (time per header)',
      ratio,
      target: 3,
      details: `1,000 headers: ${small.toFixed(0)} ms; 100,000: ${big.toFixed(0)} ms`,
    },
  ];
}
