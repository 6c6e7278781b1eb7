/**
 * Request flood: one page fires cross-origin fetches as fast as it can (64 in flight, spread over
 * four API origins (four ports) so Chromium's six-connections-per-host limit is not what is measured, for a few
 * seconds) in real headless Chromium, first without the extension, then with it, in one run.
 * Measured:
 *   - the rate the page achieves (requests/s), with ÷ without;
 *   - the page's responsiveness: event-loop lag (a 10 ms interval's overshoot, p95 and max) and
 *     long tasks (PerformanceObserver), with vs without;
 *   - what the extension recorded: exchanges kept + dropped vs the requests the lab server logged,
 *     and how fast it recorded them (until its count stops changing). The per-tab store keeps at
 *     most 5,000 exchanges; the rest must show up in the dropped counter — nothing may vanish.
 * Standalone: node --import tsx bench/request-flood.ts [seconds] [inflight]
 * Needs `npm run build` (dist/chrome, or CORS_LENS_CHROME_DIR). Loopback only: page 127.0.0.1:50040,
 * API 127.0.0.1:50041–50044 (a local development host: the extension has access without a grant).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { CorsLensTestHooks } from '../src/background/test-hooks';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, warmUp } from '../test/e2e/support/chromium';
import { backgroundReady, backgroundSeen } from '../test/e2e/support/extension-hooks';
import { CHROME_EXTENSION_DIR } from '../test/e2e/support/paths';
import type { BenchResult } from './run';

const PAGE_PORT = Number(process.env.FLOOD_PAGE_PORT ?? 50040);
const API_PORT = Number(process.env.FLOOD_API_PORT ?? 50041);
/** Four API origins on the page's host, one port each (a connection group per origin). */
const API_COUNT = 4;

interface FloodResult {
  made: number;
  ok: number;
  failed: number;
  elapsedMs: number;
  lag: number[];
  longTasks: number[];
}

/** Runs in the page: `inflight` workers each fetch, await, fetch again, until `ms` have passed. */
const FLOOD_JS = `
window.flood = async (apis, tag, ms, inflight) => {
  const lag = [];
  let last = performance.now();
  const timer = setInterval(() => { const now = performance.now(); lag.push(Math.max(0, now - last - 10)); last = now; }, 10);
  const longTasks = [];
  const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
  po.observe({ type: 'longtask' });
  let made = 0, ok = 0, failed = 0, i = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  async function worker() {
    while (performance.now() < end) {
      const n = i++;
      made++;
      try { const r = await fetch(apis[n % apis.length] + '/f?t=' + tag + '&i=' + n, { cache: 'no-store' }); await r.arrayBuffer(); ok++; }
      catch { failed++; }
    }
  }
  await Promise.all(Array.from({ length: inflight }, worker));
  const elapsedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100)); // let the last long task entries arrive
  clearInterval(timer);
  po.disconnect();
  return { made, ok, failed, elapsedMs, lag, longTasks };
};`;

interface Servers {
  pageOrigin: string;
  apiOrigins: string[];
  /** Requests the API server received with this tag. */
  logged(tag: string): number;
  close(): Promise<void>;
}

async function startServers(): Promise<Servers> {
  const counts = new Map<string, number>();
  const page = http.createServer((req, res) => {
    if (req.url === '/flood.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(FLOOD_JS);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>flood</title><script src="/flood.js"></script><p>flood</p>');
  });
  const apiHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const tag = new URL(req.url ?? '/', 'http://x').searchParams.get('t') ?? '';
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('ok');
  };
  const listen = (s: http.Server, host: string, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
    });
  const pagePort = await listen(page, '127.0.0.1', PAGE_PORT);
  // Other origins than the page's (other ports): every fetch is cross-origin. Other loopback
  // addresses (127.0.0.2…) would be other sites, which the extension only sees once granted.
  const apis = Array.from({ length: API_COUNT }, () => http.createServer(apiHandler));
  const apiOrigins: string[] = [];
  for (const [i, api] of apis.entries()) {
    api.keepAliveTimeout = 30_000;
    apiOrigins.push(`http://127.0.0.1:${await listen(api, '127.0.0.1', API_PORT === 0 ? 0 : API_PORT + i)}`);
  }
  return {
    pageOrigin: `http://127.0.0.1:${pagePort}`,
    apiOrigins,
    logged: (tag) => counts.get(tag) ?? 0,
    close: async () => {
      for (const s of [page, ...apis]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}

async function flood(page: Page, servers: Servers, tag: string, ms: number, inflight: number): Promise<FloodResult> {
  await page.goto(servers.pageOrigin);
  await page.waitForFunction(() => typeof (window as unknown as { flood?: unknown }).flood === 'function');
  return page.evaluate(
    ([apis, t, d, n]) => (window as unknown as { flood(a: string[], t: string, d: number, n: number): Promise<FloodResult> }).flood(apis, t, d, n),
    [servers.apiOrigins, tag, ms, inflight] as [string[], string, number, number],
  );
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');

type WithHooks = { __corsLens: CorsLensTestHooks };

interface ExtensionRun {
  flood: FloodResult;
  kept: number;
  dropped: number;
  /** Since the flood started, when the recorder's count last changed. */
  recordedAfterMs: number;
  trace: string[];
}

/** The flood in a Chromium with the extension at `extensionDir`, and what its background recorded. */
async function withExtension(extensionDir: string, servers: Servers, tag: string, ms: number, inflight: number): Promise<ExtensionRun> {
  // The page hooks (off by default since issue 13) are turned on for the full build and never
  // registered for the recorder-only copy, which has no content scripts to speak of.
  const session = await launchChromium({ extensionDir, pageHooks: extensionDir === CHROME_EXTENSION_DIR });
  try {
    const { page, sw } = session;
    await backgroundReady(sw);
    await page.goto(servers.pageOrigin);
    await warmUp(page, sw, { url: `${servers.apiOrigins[0]}/f?t=warmup`, recorded: async (w) => (await backgroundSeen(w, 't=warmup')) > 0 });
    await flood(page, servers, `warm-${tag}`, 500, inflight);
    const counts = () =>
      sw.evaluate(() => {
        const h = (self as unknown as WithHooks).__corsLens;
        let size = 0;
        let dropped = 0;
        for (const id of h.tabs()) {
          const c = h.counts(id);
          size += c.size;
          dropped += c.dropped;
        }
        return { size, dropped };
      });
    // flood() navigates first, which clears the tab's list (warm-up traffic gone).
    const t0 = Date.now();
    const running = flood(page, servers, tag, ms, inflight);
    let done = false;
    void running.finally(() => (done = true));
    const trace: string[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 500));
      const c = await counts();
      trace.push(`${((Date.now() - t0) / 1000).toFixed(1)}s:${c.size + c.dropped}`);
    }
    const result = await running;
    // Until the recorder stops counting: its backlog after the page is done.
    let last = -1;
    let stableSince = Date.now();
    let out = { kept: 0, dropped: 0, recordedAfterMs: 0 };
    for (;;) {
      const c = await counts();
      if (c.size + c.dropped !== last) {
        last = c.size + c.dropped;
        stableSince = Date.now();
        out = { kept: c.size, dropped: c.dropped, recordedAfterMs: Date.now() - t0 };
      } else if (Date.now() - stableSince > 2000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    trace.push(`${(out.recordedAfterMs / 1000).toFixed(1)}s:${out.kept + out.dropped} (final)`);
    return { flood: result, ...out, trace };
  } finally {
    await session.close();
  }
}

/** dist/chrome without its content scripts: the webRequest recorder alone, to tell the two costs apart. */
function withoutContentScripts(extensionDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-flood-ext-'));
  fs.cpSync(extensionDir, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete manifest['content_scripts'];
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

export async function bench(seconds = Number(process.env.FLOOD_SECONDS ?? 5), inflight = Number(process.env.FLOOD_INFLIGHT ?? 64)): Promise<BenchResult[]> {
  const ms = seconds * 1000;
  const extensionDir = CHROME_EXTENSION_DIR;
  const servers = await startServers();
  const recorderOnlyDir = withoutContentScripts(extensionDir);
  try {
    // ── without the extension ──
    const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
    let base: FloodResult;
    try {
      const page = await (await plain.newContext()).newPage();
      await page.goto(servers.pageOrigin);
      await flood(page, servers, 'warm-plain', 500, inflight);
      base = await flood(page, servers, 'plain', ms, inflight);
    } finally {
      await plain.close();
    }
    // ── with the extension, then with its webRequest recorder alone ──
    const full = await withExtension(extensionDir, servers, 'ext', ms, inflight);
    const recorderOnly = await withExtension(recorderOnlyDir, servers, 'rec', ms, inflight);

    const rate = (r: FloodResult) => r.made / (r.elapsedMs / 1000);
    const lagLine = (r: FloodResult) =>
      `lag p95 ${pct(r.lag, 95).toFixed(1)} ms, max ${Math.max(0, ...r.lag).toFixed(0)} ms, ${r.longTasks.length} long tasks (${f0(sum(r.longTasks))} ms)`;
    const lagRatio = (r: FloodResult) => (pct(r.lag, 95) + 1) / (pct(base.lag, 95) + 1);
    const accounting = (run: ExtensionRun, tag: string): BenchResult => {
      const logged = servers.logged(tag);
      const recorded = run.kept + run.dropped;
      return {
        name: `flood (${tag === 'ext' ? 'whole extension' : 'recorder only'}): requests logged ÷ exchanges kept + dropped`,
        ratio: logged / Math.max(1, recorded),
        target: 1,
        details:
          `server logged ${f0(logged)}, page made ${f0(run.flood.made)} (${run.flood.failed} failed); extension kept ${f0(run.kept)} + dropped ${f0(run.dropped)} = ${f0(recorded)} ` +
          `(cap 5,000 per tab); recorded ${f0(recorded / (run.recordedAfterMs / 1000))} exchanges/s while the page made ${f0(rate(run.flood))} requests/s; ` +
          `all in ${((run.recordedAfterMs - run.flood.elapsedMs) / 1000).toFixed(1)} s after the page's last response; count over time: ${run.trace.join(' ')}`,
      };
    };
    return [
      {
        name: 'flood: page request rate, without ÷ with the extension',
        ratio: rate(base) / rate(full.flood),
        target: 1.5,
        details:
          `${seconds} s, ${inflight} in flight over ${servers.apiOrigins.length} origins: without ${f0(rate(base))} req/s (${f0(base.made)} made), ` +
          `with ${f0(rate(full.flood))} req/s (${f0(full.flood.made)}), with the recorder alone (no content scripts) ${f0(rate(recorderOnly.flood))} req/s (${f0(recorderOnly.flood.made)})`,
      },
      {
        name: 'flood: page event-loop lag p95, with ÷ without the extension (+1 ms each)',
        ratio: lagRatio(full.flood),
        target: 2,
        details: `without: ${lagLine(base)}; with: ${lagLine(full.flood)}; recorder alone: ${lagLine(recorderOnly.flood)} (ratio ${lagRatio(recorderOnly.flood).toFixed(2)})`,
      },
      accounting(full, 'ext'),
      accounting(recorderOnly, 'rec'),
    ];
  } finally {
    await servers.close();
    fs.rmSync(recorderOnlyDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [seconds, inflight] = process.argv.slice(2).map(Number);
  for (const r of await bench(seconds || undefined, inflight || undefined)) console.log(`${r.name}: ${r.ratio?.toFixed(2)} (target ≤ ${r.target})\n  ${r.details}`);
}
