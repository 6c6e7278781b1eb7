/**
 * Shared by the live-capture benchmarks: the lab with the capture scenarios, Chromium with or
 * without the extension, and the page-side code that fires a mix of cross-origin fetches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  captureScenarios,
  preflightAllowed,
  preflightBlocked,
  simpleAllowed,
  simpleBlocked,
  fetchOf,
  type PageFetch,
} from '../../test/e2e/support/capture-scenarios';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, warmUp, type ChromiumSession } from '../../test/e2e/support/chromium';
import { backgroundReady, backgroundSeen } from '../../test/e2e/support/extension-hooks';
import { nextNonce, startTestLab, waitForLabPage, type Lab } from '../../test/e2e/support/lab';

export type { Lab, PageFetch };

export const startBenchLab = (): Promise<Lab> => startTestLab(captureScenarios);

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/**
 * `n` cross-origin fetches, each on its own URL, cycling through: simple allowed, simple blocked
 * (no ACAO), preflighted allowed, preflighted blocked (preflight 404).
 */
export function mixedFetches(lab: Lab, n: number, tag: string): PageFetch[] {
  const kinds = [simpleAllowed, simpleBlocked, preflightAllowed, preflightBlocked];
  return Array.from({ length: n }, (_, i) => {
    const s = kinds[i % kinds.length]!;
    return fetchOf(s, lab.urlFor(s, 'main', nextNonce(`${tag}-${i}`)));
  });
}

/**
 * Page expression: runs the fetches with at most `concurrency` in flight, and resolves to
 * `{ settled: performance.now() when the last one settled, times: {url: Date.now() at settle} }`.
 */
export function poolExpression(list: PageFetch[], concurrency: number, gapMs = 0): string {
  return `(async () => {
    const list = ${JSON.stringify(list)};
    const times = {};
    let next = 0;
    const one = async (f) => {
      const init = { method: f.method, cache: 'no-store' };
      if (f.headers) init.headers = f.headers;
      try { const r = await fetch(f.url, init); await r.text(); } catch {}
      times[f.url] = Date.now();
    };
    const worker = async () => {
      while (next < list.length) {
        const f = list[next++];
        await one(f);
        if (${gapMs} > 0) await new Promise((r) => setTimeout(r, ${gapMs}));
      }
    };
    await Promise.all(Array.from({ length: ${concurrency} }, worker));
    return { settled: performance.now(), times };
  })()`;
}

export interface LaunchWithExtensionOptions {
  /**
   * The unpacked extension to load. Default: CORS_LENS_BENCH_EXTENSION_DIR, else the e2e default
   * (CORS_LENS_CHROME_DIR, else dist/chrome). Lets a run compare variant builds of the extension.
   */
  extensionDir?: string;
  /**
   * Wait until the background has recorded a warm-up request (default). Variants that record
   * nothing on purpose (listeners that do nothing) set this false: then a few fetches are fired
   * and the listeners get a moment instead.
   */
  awaitRecorded?: boolean;
}

/** Chromium with the extension, its listeners live (warmed up), on the lab page. */
export async function launchWithExtension(lab: Lab, opts: LaunchWithExtensionOptions = {}): Promise<ChromiumSession> {
  const extensionDir = opts.extensionDir ?? process.env.CORS_LENS_BENCH_EXTENSION_DIR;
  const browser = await launchChromium(extensionDir ? { extensionDir } : {});
  try {
    await backgroundReady(browser.sw);
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    const awaitRecorded = opts.awaitRecorded ?? true;
    await warmUp(browser.page, browser.sw, {
      url: `${lab.apiOrigin}/__lab/log?bench-warmup`,
      recorded: async (w) => (awaitRecorded ? (await backgroundSeen(w, 'bench-warmup')) > 0 : true),
    });
    if (!awaitRecorded) await new Promise((r) => setTimeout(r, 500));
    return browser;
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The same Chromium, same flags, no extension: the "B" side of an A/B. */
export async function launchPlain(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_FLAGS],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
