/**
 * HAR throughput: how much analysing a HAR costs on top of parsing it. Generates a Chrome-shaped
 * HAR of 50,000 entries, then times in the same process (median of 5 runs each):
 *   parse: read the file → JSON.parse
 *   full:  read → JSON.parse → harToObservations → analyze
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
import { syntheticChromeHar } from './support/synthetic-har';

const RUNS = 5;
const TARGET = 1.5;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function bench(entryCount = 50_000): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-bench-'));
  const file = path.join(dir, 'synthetic.har');
  try {
    fs.writeFileSync(file, syntheticChromeHar(entryCount));
    const size = fs.statSync(file).size;
    const parseTimes: number[] = [];
    const fullTimes: number[] = [];
    const importTimes: number[] = [];
    const analyzeTimes: number[] = [];
    const pairTimes: number[] = [];
    let exchanges = 0;
    let blocked = 0;
    // Alternate the two so both see the same machine state; the first round warms up the JIT.
    for (let run = 0; run <= RUNS; run++) {
      let t0 = performance.now();
      let parsed: unknown = JSON.parse(fs.readFileSync(file).toString('utf8'));
      if (run > 0) parseTimes.push(performance.now() - t0);
      parsed = undefined;

      t0 = performance.now();
      parsed = JSON.parse(fs.readFileSync(file).toString('utf8'));
      const t1 = performance.now();
      const { observations } = harToObservations(parsed);
      parsed = undefined;
      const t2 = performance.now();
      const analyzed = analyze(observations);
      const t3 = performance.now();
      if (run > 0) {
        fullTimes.push(t3 - t0);
        importTimes.push(t2 - t1);
        analyzeTimes.push(t3 - t2);
      }
      exchanges = analyzed.length;
      blocked = analyzed.filter((a) => a.verdict.outcome === 'blocked').length;
      // Pairing alone, to split analyze() into pairing and evaluation.
      const t4 = performance.now();
      pairExchanges(observations);
      if (run > 0) pairTimes.push(performance.now() - t4);
    }
    const parse = median(parseTimes);
    const full = median(fullTimes);
    const analyzeMs = median(analyzeTimes);
    const pairMs = median(pairTimes);
    return [{
      name: 'HAR analysis vs JSON.parse',
      ratio: full / parse,
      target: TARGET,
      details: `${entryCount} entries, ${(size / 1e6).toFixed(1)} MB: parse ${parse.toFixed(0)} ms, full ${full.toFixed(0)} ms `
        + `(HAR import ${median(importTimes).toFixed(0)} ms, analyze ${analyzeMs.toFixed(0)} ms of which pairing ≈${pairMs.toFixed(0)} ms); `
        + `${exchanges} cross-origin exchanges (${blocked} blocked), `
        + `${Math.round(exchanges / (analyzeMs / 1000)).toLocaleString('en-US')} exchanges analysed/s`,
    }];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const n = Number(process.argv[2] ?? 50_000);
  for (const r of await bench(n)) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} (target ≤ ${r.target}) — ${r.details}`);
}
