/**
 * Issue 13 in real Chromium, with the product's defaults (no background recording, no page
 * hooks): while DevTools is open on a tab its service worker serves, the worker's requests are
 * recorded in that tab's panel, with Chromium's own verdicts.
 *
 * What Chromium's webRequest reports for them (measured first, Chromium 156): `tabId` -1,
 * `frameId` -1, no `documentId`, `initiator` = the worker's origin — for the worker's own fetches,
 * for a page fetch it answers with `respondWith(fetch(event.request))` (the page's side of which
 * webRequest never reports) and for its script fetch. A `tabId: -1` filter means every tab, so the
 * background adds an unfiltered set only once it knows an inspected tab is served by a service
 * worker (background/service-worker-origins.ts, capture-scope.ts), and keeps only the events of
 * inspected tabs and of workers of their origins.
 *
 * - DevTools open, nothing known yet: only the tab's own set.
 * - The lab's service-worker frame is claimed by its worker: the watch registered on the inspected
 *   tab's site (sw-watch.ts) tells the background, and the tab becomes served. (A failing fetch of
 *   the worker, heard by the errors-only listener outside tabs, is the other way.)
 * - Run again: every service-worker request is in the panel, with Chromium's corsError (CDP on
 *   every target) and outcome.
 * - The extension's worker stopped: the restarted background finds the served tab in
 *   storage.session and the worker's next requests are recorded again.
 * - Another tab's traffic meanwhile reaches the background (the cost) but is never recorded.
 * - Closing DevTools removes the unfiltered set; opened again, the watch injected into the loaded
 *   frame finds its controller at once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureView } from '../../src/background/test-hooks';
import { launchChromium, type ChromiumSession, stopExtensionWorker } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { attachOracleAllTargets, type ChromiumOracle, type OracleRequest } from './support/chromium-oracle';
import { runScenarios, scenarios, startTestLab, waitForLabPage, waitForRunsInPanel, type Lab, type LabRun } from './support/lab';
import { waitFor } from './support/wait';

const SERVICE_WORKER = scenarios.filter((s) => s.group === 'service-worker');

/** What the panel must say about a request, given what Chromium did with it. */
function expectedOutcome(truth: OracleRequest): string {
  if (truth.corsError) return 'blocked';
  if (truth.state === 'finished') return 'allowed';
  return 'network-error';
}

describe('Chromium: a served tab’s service-worker requests, DevTools open, no background recording (issue 13)', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let oracle: ChromiumOracle;
  let panel: CorsPanel | undefined;
  let tabId = -1;

  const hook = <T>(expression: string): Promise<T> => browser.sw.evaluate(`self.__corsLens.ready.then(() => ${expression})`) as Promise<T>;
  const capture = () => hook<CaptureView>('self.__corsLens.capture()');
  /** Where the service-worker watch is registered. */
  const registeredWatch = () => hook<string[]>(`chrome.scripting.getRegisteredContentScripts().then((all) => all.filter((s) => s.id.endsWith('sw-watch')).flatMap((s) => s.matches))`);
  /** URLs of everything the background stored, per tab. */
  const storedUrls = () => hook<Record<string, string[]>>('Object.fromEntries(self.__corsLens.tabs().map((t) => [t, self.__corsLens.observations(t).map((o) => o.url)]))');

  /** Runs `list`, waits for Chromium and the panel, and returns the runs whose rows disagree with Chromium. */
  async function disagreements(list: typeof SERVICE_WORKER, tag: string): Promise<{ runs: LabRun[]; mismatches: string[] }> {
    const runs = await runScenarios(browser.page, lab, list, { tag });
    await waitFor(() => runs.every((r) => oracle.byUrl(r.url).length > 0 && oracle.byUrl(r.url).every((t) => t.state !== 'pending')), {
      message: 'Chromium to finish every request',
    });
    const p = panel!;
    await waitForRunsInPanel(p, runs);
    const urls = new Set(runs.map((r) => r.url));
    const rows = await p
      .waitForRows((rs) => !rs.some((r) => urls.has(r.url) && (r.outcome === 'pending' || r.outcome === 'unknown')), 'every row to have its verdict')
      .catch(() => p.rows());
    const mismatches: string[] = [];
    for (const run of runs) {
      const want = oracle.byUrl(run.url).map((t) => `${t.corsError ?? ''}/${expectedOutcome(t)}`).sort();
      const got = rows.filter((r) => r.url === run.url).map((m) => `${m.corsError}/${m.outcome}`).sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${run.scenario.id}: Chromium [${want.join(', ')}] panel [${got.join(', ')}]`);
    }
    return { runs, mismatches };
  }

  beforeAll(async () => {
    expect(SERVICE_WORKER.length).toBeGreaterThanOrEqual(12);
    lab = await startTestLab();
    browser = await launchChromium({ backgroundRecording: false, pageHooks: false });
    await waitFor(async () => !(await capture()).all, { message: 'the start-up bridge to go' });
    oracle = await attachOracleAllTargets(browser.cdp);
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    panel = await openCorsPanel(browser, browser.page);
    const inspected = await waitFor(async () => {
      const c = await capture();
      return c.inspected.length === 1 && c.tabs.length === 1 ? c : null;
    }, { message: 'the tab’s listener set' });
    tabId = inspected.inspected[0] ?? -1;
  });

  afterAll(async () => {
    await panel?.close();
    await oracle?.detach();
    await browser?.close();
    await lab?.close();
  });

  test('an inspected tab is served once its frame is controlled by a service worker', async () => {
    expect(await capture()).toMatchObject({ all: false, workers: false, served: [], tabs: [tabId], controlledTabs: [] });
    // The lab's service-worker frame registers its worker, which claims it; the worker then answers
    // a page fetch with its own (successful) fetch, outside tabs: nothing but the watch in the frame
    // (sw-watch.ts, registered on the inspected tab's site) can tell the background.
    const passThrough = SERVICE_WORKER.filter((s) => s.id === 'sw-passthrough-ok');
    expect(passThrough).toHaveLength(1);
    await runScenarios(browser.page, lab, passThrough, { tag: 'learn' });
    const c = await waitFor(async () => {
      const v = await capture();
      return v.served.includes(tabId) && v.workers && v.all ? v : null;
    }, { message: 'the tab to be known as served by its service worker' });
    expect(c).toMatchObject({ background: false, tabs: [tabId], inspected: [tabId], served: [tabId], controlledTabs: [tabId] });
    // The watch is registered on the inspected tab's site only.
    const page = new URL(lab.pageUrl);
    expect(await registeredWatch()).toEqual([`${page.protocol}//${page.hostname}/*`]);
  });

  test('every service-worker request is in the tab’s panel with Chromium’s verdict', async () => {
    const { runs, mismatches } = await disagreements(SERVICE_WORKER, 'served');
    // The worker made them: Chromium's request comes from the service-worker target.
    for (const run of runs) expect(oracle.byUrl(run.url).every((t) => t.targetType === 'service_worker'), run.scenario.id).toBe(true);
    const blocked = runs.filter((r) => oracle.byUrl(r.url).some((t) => t.corsError)).length;
    console.log(`service-worker requests: ${runs.length - mismatches.length}/${runs.length} agree with Chromium (${blocked} blocked)`);
    expect(mismatches).toEqual([]);
    expect(blocked).toBeGreaterThanOrEqual(8);
    const context = await panel!.evaluate<string[]>(
      `[...document.querySelectorAll('[data-exchange-url]')].filter((e) => e.dataset.exchangeUrl.includes('n=served-')).map((e) => e.dataset.initiatorContext ?? '')`,
    );
    expect(new Set(context)).toEqual(new Set(['service-worker']));
  });

  test('the extension’s worker stopped and woken again keeps the tab served', async () => {
    await stopExtensionWorker(browser);
    // The DevTools page reconnects at once, which starts the background again; it finds the served
    // tab in storage.session and keeps the unfiltered set. (Requests a service worker makes while
    // the background is stopped are not all delivered to the new instance: see README.)
    await waitFor(async () => {
      const c = await capture();
      return c.served.includes(tabId) && c.inspected.includes(tabId) && c.all;
    }, { message: 'the restarted background to serve the tab again' });
    const { runs, mismatches } = await disagreements(SERVICE_WORKER.filter((s) => ['sw-acao-mismatch', 'sw-passthrough-preflight-no-route', 'sw-ok'].includes(s.id)), 'after-stop');
    expect(runs).toHaveLength(3);
    expect(mismatches).toEqual([]);
    expect(await capture()).toMatchObject({ all: true, workers: true, served: [tabId], inspected: [tabId] });
  });

  test('another tab’s traffic reaches the background while the tab is served, and is never recorded', async () => {
    const other = await browser.context.newPage();
    try {
      await other.goto(`${lab.apiOrigin}/__lab/log?other-tab-page`);
      const otherUrl = `${lab.pageOrigin}/__lab/log?other-tab-fetch`;
      await other.evaluate((u) => fetch(u).then((r) => r.status, () => 0), otherUrl);
      // Something of the inspected tab after it, to have an event to wait for.
      const [after] = await runScenarios(browser.page, lab, SERVICE_WORKER.slice(0, 1), { tag: 'after-other' });
      await waitForRunsInPanel(panel!, [after!]);
      const c = await capture();
      const otherTab = Object.keys(c.delivered).map(Number).find((t) => t !== tabId && t !== -1);
      // The cost: the unfiltered set hands the other tab's events to the background…
      expect(otherTab, 'the other tab’s events reached the background').toBeDefined();
      // …which records none of them.
      const stored = await storedUrls();
      expect(Object.keys(stored).map(Number)).not.toContain(otherTab);
      expect(Object.values(stored).flat().filter((u) => u.includes('other-tab'))).toEqual([]);
      expect((await panel!.rows()).filter((r) => r.url.includes('other-tab'))).toEqual([]);
      console.log(`other tab ${otherTab}: ${c.delivered[String(otherTab)]} events delivered, 0 recorded; inspected tab ${tabId}: ${c.delivered[String(tabId)]}, outside tabs: ${c.delivered['-1']}`);
    } finally {
      await other.close();
    }
  });

  test('closing DevTools removes the unfiltered set', async () => {
    await panel!.close();
    panel = undefined;
    const c = await waitFor(async () => {
      const v = await capture();
      return v.inspected.length === 0 && !v.all ? v : null;
    }, { message: 'the listener sets to go with DevTools' });
    expect(c).toMatchObject({ all: false, workers: false, tabs: [], served: [] });
  });

  test('DevTools opened again on a page its service worker controls: served at once, told by the frame already loaded', async () => {
    panel = await openCorsPanel(browser, browser.page);
    // No document loads and no request is made: only the watch injected into the loaded frames can tell.
    const c = await waitFor(async () => {
      const v = await capture();
      return v.controlledTabs.includes(tabId) && v.served.includes(tabId) ? v : null;
    }, { message: 'the injected watch to report the controlled frame' });
    expect(c).toMatchObject({ all: true, inspected: [tabId], served: [tabId] });
  });
});
