/**
 * HAR throughput: how much analysing a HAR costs on top of parsing it. Generates a Chrome-shaped
 * HAR of 50,000 entries, then times in the same process, alternately, each from a collected heap
 * (median of 5 runs):
 *   parse: read the file → JSON.parse                                   (the baseline)
 *   full:  read the file → JSON.parse → harToObservations → analyze      (import + pairing + evaluation)
 * Target: full ≤ 1.5 × parse. Standalone: node --import tsx bench/har-throughput.ts [entries]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/core/analyze';
import { pairExchanges } from '../src/core/pair';
import { harToObservations } from '../src/sources/har';
import type { BenchResult } from './run';
import { medianPhases, perSecond, timed } from './support/measure';
import { syntheticChromeHar } from './support/synthetic-har';

const RUNS = 5;
const TARGET = 1.5;

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file).toString('utf8'));

export async function bench(entryCount = 50_000): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-bench-'));
  const file = path.join(dir, 'synthetic.har');
  try {
    fs.writeFileSync(file, syntheticChromeHar(entryCount));
    const size = fs.statSync(file).size;
    let exchanges = 0;
    let blocked = 0;
    const ms = medianPhases(RUNS, () => {
      const parse = timed(() => readJson(file)).ms;
      // The full pipeline, timed as one piece, and its parts from the same run.
      let importMs = 0;
      let analyzeMs = 0;
      const full = timed(() => {
        const parsed = readJson(file);
        const t1 = performance.now();
        const { observations } = harToObservations(parsed);
        const t2 = performance.now();
        const analyzed = analyze(observations);
        const t3 = performance.now();
        importMs = t2 - t1;
        analyzeMs = t3 - t2;
        return { observations, analyzed };
      });
      exchanges = full.value.analyzed.length;
      blocked = full.value.analyzed.filter((a) => a.verdict.outcome === 'blocked').length;
      // Pairing alone, to split analyze() into pairing and evaluation.
      const pairing = timed(() => pairExchanges(full.value.observations)).ms;
      return { parse, full: full.ms, import: importMs, analyze: analyzeMs, pairing };
    });
    const evaluation = ms.analyze - ms.pairing;
    const share = (x: number) => `${(x / ms.parse).toFixed(2)}×`;
    return [{
      name: 'HAR analysis vs JSON.parse',
      ratio: ms.full / ms.parse,
      target: TARGET,
      details: `${entryCount} entries, ${(size / 1e6).toFixed(1)} MB: parse ${ms.parse.toFixed(0)} ms, full ${ms.full.toFixed(0)} ms `
        + `= parse + HAR import ${share(ms.import)} + pairing ≈${share(ms.pairing)} + evaluation ≈${share(evaluation)}; `
        + `${exchanges} cross-origin exchanges (${blocked} blocked), ${perSecond(exchanges, ms.analyze)} exchanges analysed/s`,
    }];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const n = Number(process.argv[2] ?? 50_000);
  for (const r of await bench(n)) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} (target ≤ ${r.target}) — ${r.details}`);
}
