/**
 * Background memory with a full tab, real headless Chromium: the service worker's JS heap (CDP
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage, on the worker's own target) with the
 * empty store (baseline, same run) and after one tab recorded 5,000 exchanges (the per-tab cap):
 * 5,000 cross-origin fetches, simple and preflighted, allowed and blocked.
 * Target: ≤ 30 MB over the empty store (reported as MB / 30).
 * Also reported: how many of those exchanges storage.session holds (what a restarted worker
 * would restore; Chrome's quota is 10 MB) and how big it is.
 * Standalone: node --import tsx bench/background-memory.ts
 * (against a private build: CORS_LENS_CHROME_DIR=/tmp/<name>-build/chrome, see test/e2e/support/paths.ts)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/core/analyze';
import type { Observation } from '../src/core/model';
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

/** What storage.session holds of each tab, in exchanges (either stored form: compact, or plain observations). */
function storedExchanges(session: Record<string, unknown>): { exchanges: number; omitted: number | undefined } {
  let exchanges = 0;
  let omitted: number | undefined;
  for (const [key, value] of Object.entries(session)) {
    if (!key.startsWith('cl:tab:') || !value || typeof value !== 'object') continue;
    const t = value as { stored?: number; omitted?: number; observations?: Observation[] };
    if (typeof t.stored === 'number') {
      exchanges += t.stored;
      omitted = (omitted ?? 0) + (t.omitted ?? 0);
    } else if (Array.isArray(t.observations)) {
      exchanges += analyze(t.observations, { browser: 'chrome' }).length;
    }
  }
  return { exchanges, omitted };
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
    // What a restarted worker would restore: the stored tabs, once the last save is written.
    const stored = (await sw.evaluate(`(async () => {
      await self.__corsLens.flush().catch(() => undefined);
      const all = await chrome.storage.session.get(null);
      const bytes = chrome.storage.session.getBytesInUse ? await chrome.storage.session.getBytesInUse(null).catch(() => -1) : -1;
      const tabKeys = Object.keys(all).filter((k) => k.startsWith('cl:tab:'));
      const bytesOf = async (keys) => (chrome.storage.session.getBytesInUse && keys.length > 0 ? await chrome.storage.session.getBytesInUse(keys).catch(() => -1) : -1);
      return { all, bytes, json: JSON.stringify(all).length, tabBytes: await bytesOf(tabKeys), collectorBytes: await bytesOf(['cl:collector']) };
    })()`)) as { all: Record<string, unknown>; bytes: number; json: number; tabBytes: number; collectorBytes: number };
    const inStorage = storedExchanges(stored.all);
    const inMemory = Math.max(...counts.map(([, n]) => n));
    return [
      {
        name: `background heap with ${EXCHANGES} stored exchanges, over the 30 MB target`,
        ratio: delta / TARGET_MB,
        target: 1,
        details: `service-worker JS heap after GC: ${empty.toFixed(1)} MB with an empty store, ${full.toFixed(1)} MB with ${inMemory} exchanges in one tab (${Math.max(...counts.map(([, , d]) => d))} dropped) (+${delta.toFixed(1)} MB, ×${(full / empty).toFixed(2)}); filling took ${(fillMs / 1000).toFixed(1)} s`,
      },
      {
        name: `exchanges of the full tab that storage.session holds (a restarted worker restores them)`,
        details: `${inStorage.exchanges} of ${inMemory} in memory${inStorage.omitted !== undefined ? ` (${inStorage.omitted} older ones left out, counted as dropped on restore)` : ''}; storage.session: ${(stored.json / 1024 / 1024).toFixed(2)} MB as JSON${stored.bytes >= 0 ? `, ${(stored.bytes / 1024 / 1024).toFixed(2)} MB by the browser's count (quota 10 MB: tabs ${(stored.tabBytes / 1024 / 1024).toFixed(2)} MB, in-flight collector ${(stored.collectorBytes / 1024 / 1024).toFixed(2)} MB)` : ''}`,
      },
    ];
  } finally {
    await browser.close();
    await lab.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await bench()) console.log(r.ratio === undefined ? `${r.name}: ${r.details}` : `${r.name}: ratio ${r.ratio.toFixed(2)} (target ≤ ${r.target}) — ${r.details}`);
}
