/**
 * A page may mislead its own panel, never harm another tab (issue 15). Real Chromium, the real
 * extension build, the lab. One tab plays the hostile page: ten frames flood page-hint records
 * (cross-origin `fetch` calls that fail before any network, as fast as the frames can make them)
 * after swapping `window.CustomEvent` / `MouseEvent` for their own. A normal tab next to it makes
 * 108 ordinary requests. Proved here:
 * - the normal tab's rows all arrive, with Chromium's verdicts (counts and verdicts, not latencies:
 *   those are in bench/);
 * - after a forced service-worker stop (ServiceWorker.stopAllWorkers) its panel still lists every
 *   exchange;
 * - the flooding tab's panel says how many of its hints were ignored;
 * - a hint never contradicts Chromium: a request Chromium completed is not shown blocked because
 *   the page claimed `credentials: 'include'` for it.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACAO, answer } from '../../src/lab/scenarios/build';
import type { Scenario } from '../../src/lab/scenario-types';
import {
  captureScenarios,
  fetchOf,
  fireAllExpression,
  preflightAllowed,
  preflightBlocked,
  simpleAllowed,
  simpleBlocked,
  type FetchResult,
  type PageFetch,
} from './support/capture-scenarios';
import { launchChromium, type ChromiumSession, stopExtensionWorker } from './support/chromium';
import { openCorsPanel } from './support/chromium-devtools';
import { backgroundReady } from './support/extension-hooks';
import { nextNonce, startTestLab, waitForLabPage, type Lab } from './support/lab';
import type { PanelRow } from './support/panel-rows';
import { storedExchangesExpression, type StoredState } from './support/store-pairs';
import { floodExpression, openFloodFrames } from './support/hint-flood';
import { waitFor } from './support/wait';

/** A simple GET answered `Access-Control-Allow-Origin: *`: allowed without credentials. */
const wildcard: Scenario = {
  id: 'e2e-wildcard-allowed',
  title: 'Simple GET, ACAO *',
  group: 'healthy',
  description: 'A simple request answered with a wildcard.',
  request: { target: 'api', method: 'GET' },
  server: { main: { actual: answer(200, [[ACAO, '*']]) } },
  expect: { outcome: 'allowed', corsError: null },
};

const FRAMES = 10;
const NORMAL_PER_SCENARIO = 27; // × 4 scenarios = 108 requests, as in the report

describe('Chromium: a flooding page next to a normal tab', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let hostile: Page;
  let normal: Page;

  /** The extension's current worker (a stopped one is replaced by a new object). */
  const worker = (): Promise<Worker> =>
    waitFor(
      async () => {
        for (const w of browser.context.serviceWorkers()) {
          if (!w.url().startsWith(`chrome-extension://${browser.extensionId}/`)) continue;
          if ((await w.evaluate('typeof self.__corsLens').catch(() => '')) === 'object') return w;
        }
        return null;
      },
      { message: 'the extension worker', timeout: 60_000 },
    );
  const stored = async (urlPart: string): Promise<StoredState> => (await worker()).evaluate(storedExchangesExpression(urlPart)) as Promise<StoredState>;

  beforeAll(async () => {
    lab = await startTestLab([...captureScenarios, wildcard]);
    browser = await launchChromium();
    expect((await backgroundReady(browser.sw)).listenerErrors).toEqual([]);
    hostile = browser.page;
    normal = await browser.context.newPage();
    for (const p of [hostile, normal]) {
      await p.goto(lab.pageUrl);
      await waitForLabPage(p);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  test('a page claiming credentials: include cannot turn a request Chromium completed into a blocked one', async () => {
    const url = lab.urlFor(wildcard, 'main', nextNonce('claim'));
    // The claim (a record saying credentials: 'include', rejected), then the real call without credentials.
    const results = (await hostile.evaluate(`(async () => {
      await fetch(${JSON.stringify(url)}, { mode: 'same-origin', credentials: 'include' }).catch(() => 0);
      const r = await fetch(${JSON.stringify(url)});
      return [r.ok, await r.text().then(() => true)];
    })()`)) as boolean[];
    expect(results).toEqual([true, true]);
    const state = await waitFor(
      async () => {
        const s = await stored(url);
        return s.exchanges.length === 1 && s.exchanges[0]!.done ? s : null;
      },
      { message: 'the wildcard request to be stored, finished' },
    );
    expect(state.exchanges.map((x) => [x.outcome, x.corsError])).toEqual([['allowed', null]]);
  });

  // Four phases that each wait for events (flood under way, rows, a worker stop, rows again, the
  // hostile panel's note): the file's 120 s hang guard was too short for all of them at load 23.
  test('the normal tab gets every row with Chromium’s verdict, also after a worker stop; the flooding tab only loses its own hints', { timeout: 600_000 }, async () => {
    // The flood: ten frames of the hostile tab.
    const floodFrames = await openFloodFrames(hostile, lab.pageUrl, FRAMES);
    expect(floodFrames).toHaveLength(FRAMES);
    for (const f of floodFrames) await f.evaluate(floodExpression(lab.apiOrigin));
    // The flood is under way before the normal tab starts (the page has made thousands of calls).
    await waitFor(async () => ((await floodFrames[0]!.evaluate('window.__calls')) as number) > 2000, { message: 'the flood to be under way', timeout: 60_000 });

    const fetches: PageFetch[] = [];
    for (let i = 0; i < NORMAL_PER_SCENARIO; i++) {
      for (const s of [simpleBlocked, simpleAllowed, preflightAllowed, preflightBlocked]) fetches.push(fetchOf(s, lab.urlFor(s, 'main', nextNonce(`calm-${s.id}`))));
    }
    const results = (await normal.evaluate(fireAllExpression(fetches))) as FetchResult[];
    const expected = new Map(results.map((r) => [r.url, r.ok ? 'allowed' : 'blocked']));
    expect(expected.size).toBe(fetches.length);

    const compare = (rows: PanelRow[]): string[] => {
      const problems: string[] = [];
      for (const [url, outcome] of expected) {
        const got = rows.filter((r) => r.url === url).map((r) => r.outcome);
        if (got.length !== 1 || got[0] !== outcome) problems.push(`${url}: page ${outcome}, panel [${got.join(', ')}]`);
      }
      return problems;
    };
    const allListed = (rows: PanelRow[]) => [...expected.keys()].every((u) => rows.some((r) => r.url === u && r.outcome !== 'pending'));

    let panel = await openCorsPanel(browser, normal);
    try {
      const rows = await panel.waitForRows(allListed, `the normal tab's ${expected.size} rows during the flood`, 90_000);
      expect(compare(rows)).toEqual([]);
      expect(rows.filter((r) => r.url.includes('/forged/'))).toEqual([]);
    } finally {
      await panel.close();
    }

    // A forced stop while the flood goes on (it wakes the worker again at once).
    await stopExtensionWorker(browser, normal);
    panel = await openCorsPanel(browser, normal);
    try {
      const rows = await panel.waitForRows(allListed, `the normal tab's ${expected.size} rows after a worker stop`, 90_000);
      expect(compare(rows)).toEqual([]);
      expect(rows.length).toBe(expected.size);
    } finally {
      await panel.close();
    }

    // The flooding tab's panel says its hints were cut. How fast the page can flood depends on the
    // machine (at load 23 it stayed under the default 800 records/s): this worker instance gets a
    // small allowance, so the flood exceeds it whatever the load.
    await (await worker()).evaluate('self.__corsLens.setHintBudget({ tabPerSecond: 20, tabBurst: 50, framePerSecond: 10, frameBurst: 25 })');
    const hostilePanel = await openCorsPanel(browser, hostile);
    let note: string;
    try {
      note = await hostilePanel.textOf('[data-count="dropped-hints"]', 120_000);
    } finally {
      await hostilePanel.close();
    }
    const calls = (await Promise.all(floodFrames.map((f) => f.evaluate('window.__calls')))) as number[];
    const stolen = (await Promise.all(floodFrames.map((f) => f.evaluate('window.__stolen + (window.__port ? 1000000 : 0)')))) as number[];
    for (const f of floodFrames) await f.evaluate('window.__flood = false');
    const perTab = await (await worker()).evaluate('self.__corsLens.tabs().map((t) => [t, self.__corsLens.hints(t)])');
    const bytes = (await (await worker()).evaluate('chrome.storage.session.getBytesInUse(null)')) as number;
    console.log(
      `flood: ${FRAMES} frames made ${calls.reduce((a, b) => a + b, 0)} failing calls; hostile panel: "${note}"; hints per tab [id, held/refused]: ${JSON.stringify(perTab)}; ` +
        `storage.session ${(bytes / 1e6).toFixed(2)} MB in use; normal tab: ${expected.size} rows, verdicts as the page saw them, before and after a worker stop`,
    );
    expect(Number(/^(\d+)/.exec(note)?.[1] ?? 0)).toBeGreaterThan(0);
    // The swapped constructors never saw the channel (no record event made with them, no port).
    expect(stolen.every((n) => n === 0)).toBe(true);
    // Nothing of the normal tab was refused; storage did not fill up (Chrome: 10 MB).
    expect((perTab as Array<[number, { refused: number }]>).filter(([, h]) => h.refused > 0)).toHaveLength(1);
    expect(bytes).toBeLessThan(5e6);
  });
});
