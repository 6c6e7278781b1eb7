/**
 * Background memory with a full tab, real headless Chromium: the service worker's JS heap (CDP
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage, on the worker's own target) with the
 * empty store (baseline, same run) and after one tab recorded 5,000 exchanges (the per-tab cap):
 * 5,000 cross-origin fetches, simple and preflighted, allowed and blocked.
 * Target: ≤ 30 MB over the empty store (reported as MB / 30).
 * Standalone: node --import tsx bench/background-memory.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CdpClient } from '../test/e2e/support/cdp-client';
import { waitFor } from '../test/e2e/support/wait';
import type { BenchResult } from './run';
import { launchWithExtension, mixedFetches, poolExpression, startBenchLab } from './support/capture-bench';

const EXCHANGES = 5000;
const TARGET_MB = 30;

async function heapMb(cdp: CdpClient, sessionId: string): Promise<number> {
  // Twice: the first pass can leave garbage that only the second frees.
  await cdp.send('HeapProfiler.collectGarbage', {}, sessionId);
  await cdp.send('HeapProfiler.collectGarbage', {}, sessionId);
  const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId);
  return usedSize / 1024 / 1024;
}

export async function bench(): Promise<BenchResult[]> {
  const lab = await startBenchLab();
  const browser = await launchWithExtension(lab);
  try {
    const { cdp, extensionId, sw } = browser;
    const { targetInfos } = await cdp.send<{ targetInfos: Array<{ targetId: string; type: string; url: string }> }>('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    if (!target) throw new Error('no service worker target');
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    await cdp.send('Runtime.enable', {}, sessionId);
    await cdp.send('HeapProfiler.enable', {}, sessionId);

    // Baseline: the same worker with an empty store (a navigation clears the warm-up request).
    await browser.page.goto(lab.pageUrl);
    const tabOf = `self.__corsLens.tabs().map((t) => { const s = self.__corsLens.snapshot(t); return [t, s.exchanges.length, s.dropped]; })`;
    await waitFor(async () => ((await sw.evaluate(tabOf)) as Array<[number, number, number]>).every(([, n]) => n === 0), { message: 'an empty store' });
    const empty = await heapMb(cdp, sessionId);

    const t0 = Date.now();
    await browser.page.evaluate(poolExpression(mixedFetches(lab, EXCHANGES, 'mem'), 50));
    // Until the tab is full, or its count stops moving (then the result says how many it holds).
    let counts: Array<[number, number, number]> = [];
    let last = -1;
    let stableSince = Date.now();
    for (;;) {
      counts = (await sw.evaluate(tabOf)) as Array<[number, number, number]>;
      const n = Math.max(0, ...counts.map(([, c]) => c));
      if (n >= EXCHANGES) break;
      if (n !== last) [last, stableSince] = [n, Date.now()];
      else if (Date.now() - stableSince > 5000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const fillMs = Date.now() - t0;
    const full = await heapMb(cdp, sessionId);
    const delta = full - empty;
    return [
      {
        name: `background heap with ${EXCHANGES} stored exchanges, over the 30 MB target`,
        ratio: delta / TARGET_MB,
        target: 1,
        details: `service-worker JS heap after GC: ${empty.toFixed(1)} MB with an empty store, ${full.toFixed(1)} MB with ${Math.max(...counts.map(([, n]) => n))} exchanges in one tab (${Math.max(...counts.map(([, , d]) => d))} dropped) (+${delta.toFixed(1)} MB, ×${(full / empty).toFixed(2)}); filling took ${(fillMs / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    await browser.close();
    await lab.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await bench()) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} (target ≤ ${r.target}) — ${r.details}`);
}
