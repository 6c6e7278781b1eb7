/**
 * Evaluator throughput: exchanges evaluated per second, as a ratio to JSON.parse of the same
 * exchanges' JSON (what merely reading them costs), both measured in the same process,
 * alternately, from a collected heap (median of 5 runs). The exchanges are the cross-origin ones
 * of a synthetic Chrome HAR (the ones `analyze` evaluates), each a separate JSON string.
 * Standalone: node --import tsx bench/evaluate.ts [entries]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/core/evaluate';
import { isSameOrigin } from '../src/core/http/origin';
import type { Exchange } from '../src/core/model';
import { pairExchanges } from '../src/core/pair';
import { harToObservations } from '../src/sources/har';
import type { BenchResult } from './run';
import { medianPhases, perSecond, timed } from './support/measure';
import { syntheticChromeHar } from './support/synthetic-har';

const RUNS = 5;
/** Evaluating an exchange may cost at most this many times parsing its JSON. */
const TARGET = 2.5;

function crossOrigin(x: Exchange): boolean {
  const origin = x.initiatorOrigin;
  return typeof origin !== 'string' || x.hops.some((h) => !isSameOrigin(h.request.url, origin));
}

export async function bench(entryCount = 20_000): Promise<BenchResult[]> {
  const { observations } = harToObservations(JSON.parse(syntheticChromeHar(entryCount, 7)));
  const texts = pairExchanges(observations).filter(crossOrigin).map((x) => JSON.stringify(x));
  let blocked = 0;
  const ms = medianPhases(RUNS, () => {
    const parse = timed(() => texts.map((t) => JSON.parse(t) as Exchange));
    const exchanges = parse.value;
    const evaluation = timed(() => exchanges.map((x) => evaluate(x)));
    blocked = evaluation.value.filter((v) => v.outcome === 'blocked').length;
    return { parse: parse.ms, evaluate: evaluation.ms };
  });
  return [{
    name: 'evaluate() vs JSON.parse of the exchange',
    ratio: ms.evaluate / ms.parse,
    target: TARGET,
    details: `${texts.length} exchanges (${blocked} blocked): ${perSecond(texts.length, ms.evaluate)} evaluations/s, `
      + `${perSecond(texts.length, ms.parse)} exchange parses/s`,
  }];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const n = Number(process.argv[2] ?? 20_000);
  for (const r of await bench(n)) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} (target ≤ ${r.target}) — ${r.details}`);
}
