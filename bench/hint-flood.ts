/**
 * Another tab's rows while a hostile page floods page hints (issue 15): real headless Chromium.
 * A normal tab makes 150 requests, 25 ms apart (simple/preflighted × allowed/blocked), and the
 * time from each fetch settling to its row's final verdict in that tab's CORS panel is measured
 * (panel-latency.ts's probe), first with the hostile tab idle, then while its ten frames flood
 * records (test/e2e/support/hint-flood.ts). Same browser, same run. Reported: p95 with the flood
 * vs without, and what the flood cost in storage. Before the per-tab budgets the flood delayed
 * the other tab's rows to 7–9 s at p95 and filled storage.session.
 * Standalone: node --import tsx bench/hint-flood.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openCorsPanel, type CorsPanel } from '../test/e2e/support/chromium-devtools';
import { floodExpression, openFloodFrames } from '../test/e2e/support/hint-flood';
import { waitForLabPage } from '../test/e2e/support/lab';
import { waitFor } from '../test/e2e/support/wait';
import { PANEL_PROBE } from './panel-latency';
import type { BenchResult } from './run';
import { launchWithExtension, mixedFetches, percentile, poolExpression, startBenchLab, type Lab } from './support/capture-bench';

const FETCHES = 150;
const GAP_MS = 25;
const FRAMES = 10;

/** Row latencies (ms) of one round of fetches in `page`, read from `panel`. */
async function round(page: Page, panel: CorsPanel, lab: Lab, tag: string): Promise<number[]> {
  await page.goto(lab.pageUrl);
  await waitForLabPage(page);
  await panel.waitForRows((rows) => rows.length === 0, 'an empty panel after navigation');
  await panel.evaluate(PANEL_PROBE);
  const list = mixedFetches(lab, FETCHES, tag);
  const { times } = (await page.evaluate(poolExpression(list, 1, GAP_MS))) as { times: Record<string, number> };
  const rowAt = await waitFor(
    async () => {
      const v = await panel.evaluate<Record<string, number>>('window.__rowAt');
      return list.every((f) => f.url in v) ? v : null;
    },
    { message: `final rows for ${FETCHES} requests (${tag})`, timeout: 120_000 },
  );
  return list.map((f) => rowAt[f.url]! - times[f.url]!);
}

export async function bench(): Promise<BenchResult[]> {
  const lab = await startBenchLab();
  const browser = await launchWithExtension(lab);
  try {
    const normal = browser.page;
    const hostile = await browser.context.newPage();
    await hostile.goto(lab.pageUrl);
    await waitForLabPage(hostile);
    const panel = await openCorsPanel(browser, normal);
    const quiet = await round(normal, panel, lab, 'quiet');
    const frames = await openFloodFrames(hostile, lab.pageUrl, FRAMES);
    for (const f of frames) await f.evaluate(floodExpression(lab.apiOrigin));
    await waitFor(async () => ((await frames[0]!.evaluate('window.__calls')) as number) > 2000, { message: 'the flood to be under way', timeout: 60_000 });
    const flooded = await round(normal, panel, lab, 'flooded');
    const calls = ((await Promise.all(frames.map((f) => f.evaluate('window.__calls')))) as number[]).reduce((a, b) => a + b, 0);
    for (const f of frames) await f.evaluate('window.__flood = false');
    const state = (await browser.sw.evaluate(`(async () => ({
      bytes: await chrome.storage.session.getBytesInUse(null),
      hints: self.__corsLens.tabs().map((t) => self.__corsLens.hints(t)),
    }))()`)) as { bytes: number; hints: Array<{ held: number; refused: number }> };
    await panel.close();
    const q95 = percentile(quiet, 95);
    const f95 = percentile(flooded, 95);
    const refused = state.hints.reduce((n, h) => n + h.refused, 0);
    return [
      {
        name: 'another tab’s row latency p95: hostile tab flooding hints vs idle',
        ratio: f95 / Math.max(1, q95),
        details: `${FETCHES} requests ${GAP_MS} ms apart in the normal tab: p50/p95 ${percentile(quiet, 50).toFixed(0)}/${q95.toFixed(0)} ms with the other tab idle, `
          + `${percentile(flooded, 50).toFixed(0)}/${f95.toFixed(0)} ms while ${FRAMES} frames of it made ${calls} failing calls (${refused} hint records refused); `
          + `storage.session ${(state.bytes / 1e6).toFixed(2)} MB afterwards`,
      },
    ];
  } finally {
    await browser.close();
    await lab.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await bench()) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} — ${r.details}`);
}
