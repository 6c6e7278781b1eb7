/**
 * Page-load overhead of having CORS Lens installed, A/B in one run, real headless Chromium.
 * A lab page makes 1,000 cross-origin fetches (simple and preflighted, allowed and blocked, 25 in
 * flight at a time); the time is the page's own clock from navigation start to the last fetch
 * settled. A = with the extension (listeners warmed up), B = the same browser without it; separate
 * launches, alternating A/B/A/B, median of each. Target: A/B ≤ 1.05.
 * Standalone: node --import tsx bench/page-overhead.ts [rounds]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { waitForLabPage } from '../test/e2e/support/lab';
import type { BenchResult } from './run';
import { launchPlain, launchWithExtension, median, mixedFetches, poolExpression, startBenchLab, type Lab } from './support/capture-bench';

const FETCHES = 1000;
const CONCURRENCY = 25;
const TARGET = 1.05;

/** Navigates afresh and returns ms from navigation start to the last of FETCHES settled. */
async function loadOnce(page: Page, lab: Lab, tag: string): Promise<number> {
  await page.goto(lab.pageUrl);
  await waitForLabPage(page);
  const { settled } = (await page.evaluate(poolExpression(mixedFetches(lab, FETCHES, tag), CONCURRENCY))) as { settled: number };
  return settled;
}

export async function bench(rounds = 4): Promise<BenchResult[]> {
  const lab = await startBenchLab();
  const withExt: number[] = [];
  const without: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const side of ['A', 'B'] as const) {
        if (side === 'A') {
          const b = await launchWithExtension(lab);
          try {
            await loadOnce(b.page, lab, `po-warm-a${round}`); // JIT and connection warm-up, not timed
            withExt.push(await loadOnce(b.page, lab, `po-a${round}`));
          } finally {
            await b.close();
          }
        } else {
          const b = await launchPlain();
          try {
            await loadOnce(b.page, lab, `po-warm-b${round}`);
            without.push(await loadOnce(b.page, lab, `po-b${round}`));
          } finally {
            await b.close();
          }
        }
      }
    }
  } finally {
    await lab.close();
  }
  const a = median(withExt);
  const b = median(without);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join('/');
  return [
    {
      name: `page load + ${FETCHES} cross-origin fetches, with vs without the extension`,
      ratio: a / b,
      target: TARGET,
      details: `median ${a.toFixed(0)} ms with, ${b.toFixed(0)} ms without (${rounds} alternating rounds: with ${fmt(withExt)}, without ${fmt(without)}; ${CONCURRENCY} in flight; mix of simple/preflighted × allowed/blocked)`,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await bench(Number(process.argv[2] ?? 4))) console.log(`${r.name}: ratio ${r.ratio?.toFixed(3)} (target ≤ ${r.target}) — ${r.details}`);
}
