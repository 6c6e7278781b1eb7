/**
 * The JSON report's fix snippets on a large HAR: `cors-lens analyze --format json` writes 23
 * stacks' fix for every exchange. Times, in the same process, alternately, from a collected heap
 * (median of 3 runs), over the same analysed exchanges of a 20,000-entry Chrome-shaped HAR:
 *   per-exchange: every stack rendered and its snippets serialised for each exchange (what the
 *                 report did while its snippet cache was keyed by the request URL)   (the baseline)
 *   shared:       report-fix.ts + report-snippets-json.ts (shared stacks rendered once per policy
 *                 and URL shape, each snippet serialised once, spliced into each entry)
 * Ratio = shared / per-exchange (lower is better). Standalone: node --import tsx bench/report-json.ts [entries]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/core/analyze';
import { renderAll } from '../src/core/fixes/index';
import { synthesizePolicy } from '../src/core/policy';
import { jsonReportChunks } from '../src/core/report';
import { reportFix, reportFixOf, type ReportFix } from '../src/core/report-fix';
import type { AnalyzedExchange } from '../src/core/model';
import { harToObservations } from '../src/sources/har';
import type { BenchResult } from './run';
import { medianPhases, timed } from './support/measure';
import { syntheticChromeHar } from './support/synthetic-har';

const RUNS = 3;

/** The report's fix with every stack rendered anew for the exchange (the old cost model). */
function perExchangeFix({ exchange, verdict }: AnalyzedExchange): ReportFix | null {
  const policy = synthesizePolicy(exchange, verdict);
  if (policy.kind === 'none' && policy.diff.length === 0) return null;
  const snippets: ReportFix['snippets'] = {};
  for (const [id, r] of Object.entries(renderAll(policy))) snippets[id] = { label: r.label, code: r.code };
  return reportFixOf(policy, snippets);
}

function write(list: AnalyzedExchange[], fix: (a: AnalyzedExchange) => ReportFix | null): number {
  let chars = 0;
  for (const chunk of jsonReportChunks(list, { fix })) chars += chunk.length;
  return chars;
}

export async function bench(entryCount = 20_000): Promise<BenchResult[]> {
  const list = analyze(harToObservations(JSON.parse(syntheticChromeHar(entryCount))).observations);
  let chars = 0;
  const ms = medianPhases(RUNS, () => {
    const before = timed(() => write(list, perExchangeFix));
    const after = timed(() => write(list, reportFix));
    chars = after.value;
    if (after.value !== before.value) throw new Error(`the two reports differ in length (${after.value} vs ${before.value})`);
    return { before: before.ms, after: after.ms };
  });
  return [{
    name: 'JSON report with fixes: shared snippets vs per-exchange rendering',
    ratio: ms.after / ms.before,
    details: `${list.length} exchanges, ${(chars / 1e6).toFixed(0)} M characters of JSON: per-exchange ${ms.before.toFixed(0)} ms, shared ${ms.after.toFixed(0)} ms`,
  }];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const n = Number(process.argv[2] ?? 20_000);
  for (const r of await bench(n)) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} — ${r.details}`);
}
