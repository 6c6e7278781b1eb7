/**
 * Local Network Access and the not-CORS look-alikes (lab groups N-lna, N-notcors) in real
 * Chromium: the panel's data-outcome / data-cors-error must be Chromium's own verdict (CDP
 * `Network.loadingFailed.corsErrorStatus`; for WebSockets, whether the socket opened), the
 * verdict's console line must be the one Chromium printed, and DevTools' own HAR of the same run
 * must give the same verdicts. The `public` lab page is made public with
 * --ip-address-space-overrides, so its calls to the loopback API need the LNA permission.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Worker } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import type { AnalyzedExchange } from '../../src/core/model';
import { LAB_API_HOSTNAME, labPageUrl } from '../../src/lab/lab-urls';
import type { LabPageVariant } from '../../src/lab/scenario-types';
import { harToObservations } from '../../src/sources/har';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { attachOracleAllTargets, type ChromiumOracle } from './support/chromium-oracle';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { runScenarios, scenarios, startTestLab, waitForLabPage, waitForRunsInPanel, type Lab, type LabRun } from './support/lab';
import { ARTIFACTS_DIR } from './support/paths';
import { waitFor } from './support/wait';

const GROUPS = ['N-lna', 'N-notcors'];
const mine = scenarios.filter((s) => GROUPS.includes(s.group) && s.only !== 'firefox');
const VARIANTS: Array<LabPageVariant | undefined> = [undefined, 'coep', 'public', 'secure'];
/** Local Network Access from a worker or a cross-origin frame: DevTools' HAR has no evidence of it. */
const HAR_SHAPELESS = new Set(['lna-worker-fetch', 'lna-frame-cross-origin', 'lna-frame-cross-origin-allowed']);

/** The reason the product must name where the outcome alone does not say it. */
function expectedReason(id: string): string | undefined {
  if (/^notcors-mixed-content-(fetch|xhr)/.test(id)) return 'mixed-content';
  if (/^notcors-(module-script|dynamic-import|eventsource)-/.test(id)) return 'mime-type-refused';
  if (/^lna-(worker|frame)-/.test(id)) return 'lna-permission-denied';
  return undefined;
}

interface Truth {
  outcome: string;
  corsError: string;
  /** Chromium's console line for the run (the CORS line, or the one naming its URL). */
  console: string | undefined;
}

/** Chromium's verdict for one run: CDP for HTTP requests, the socket itself for WebSockets. */
function truthOf(run: LabRun, oracle: ChromiumOracle): Truth {
  const wsUrl = run.url.replace(/^http/, 'ws');
  const lines = oracle.consoleLines();
  if (run.scenario.request.via === 'websocket') {
    return { outcome: run.result.ok ? 'not-cors' : 'network-error', corsError: '', console: lines.find((l) => l.text.includes(`'${wsUrl}'`))?.text };
  }
  const [t] = oracle.byUrl(run.url);
  const noCors = run.scenario.request.mode === 'no-cors';
  const corsError = t?.corsError ?? '';
  const outcome = corsError ? 'blocked' : run.result.ok ? (noCors ? 'opaque' : 'allowed') : 'network-error';
  const line =
    oracle.consoleTextFor(run.url) ??
    lines.find((l) => l.url === run.url && l.level === 'error')?.text ??
    // Chromium's mixed-content line names the URL in quotes, from the security source.
    lines.find((l) => l.level === 'error' && l.text.includes(`'${run.url}'`))?.text;
  return { outcome, corsError, console: line };
}

async function storedVerdicts(sw: Worker, urls: string[]): Promise<Record<string, { outcome: string; reason: string; chrome: string | null }>> {
  return sw.evaluate((wanted) => {
    const hooks = (self as unknown as { __corsLens: { tabs(): number[]; snapshot(t: number): { exchanges: AnalyzedExchange[] } } }).__corsLens;
    const out: Record<string, { outcome: string; reason: string; chrome: string | null }> = {};
    for (const t of hooks.tabs())
      for (const a of hooks.snapshot(t).exchanges)
        if (wanted.includes(a.exchange.url)) out[a.exchange.url] = { outcome: a.verdict.outcome, reason: a.verdict.reason, chrome: a.verdict.messages.chrome };
    return out;
  }, urls);
}

describe('Chromium: Local Network Access and not-CORS failures', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let oracle: ChromiumOracle;
  let panel: CorsPanel;

  beforeAll(async () => {
    lab = await startTestLab();
    const publicPort = new URL(lab.publicPageOrigin ?? lab.pageOrigin).port;
    browser = await launchChromium({
      extraArgs: [
        `--ip-address-space-overrides=127.0.0.1:${publicPort}=public`,
        // The https lab page (mixed content): its certificate is self-signed, the API's DNS name is loopback.
        '--ignore-certificate-errors',
        `--host-resolver-rules=MAP ${LAB_API_HOSTNAME} 127.0.0.1`,
      ],
    });
    const { page, sw } = browser;
    expect((await backgroundReady(sw)).listenerErrors).toEqual([]);
    // Every target: the LNA scenarios run in a worker and in cross-origin frames too.
    oracle = await attachOracleAllTargets(browser.cdp);
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    await warmUp(page, sw, { url: `${lab.apiOrigin}/__lab/log?e2e-nc-warmup`, recorded: async (w) => (await backgroundSeen(w, 'e2e-nc-warmup')) > 0 });
    panel = await openCorsPanel(browser, page, { window: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await panel?.close();
    await oracle?.detach();
    await browser?.close();
    await lab?.close();
  });

  test('panel verdict, console line and HAR verdict equal Chromium’s for every scenario', async () => {
    expect(mine.length).toBeGreaterThanOrEqual(15);
    const problems: string[] = [];
    const harProblems: string[] = [];
    const harGaps: string[] = [];
    let compared = 0;
    let harCompared = 0;
    for (const variant of VARIANTS) {
      const list = mine.filter((s) => s.page === variant);
      if (list.length === 0) continue;
      await browser.page.goto(labPageUrl(lab, variant));
      await waitForLabPage(browser.page);
      const runs = await runScenarios(browser.page, lab, list, { tag: `nc-${variant ?? 'main'}`, batchSize: 5 });
      const http = runs.filter((r) => r.scenario.request.via !== 'websocket');
      await waitFor(() => http.every((r) => oracle.byUrl(r.url).length > 0 && oracle.byUrl(r.url).every((t) => t.state !== 'pending')), {
        message: 'Chromium to finish every request',
      });
      // WebSockets are listed by their ws:// URL.
      const rowUrl = (r: LabRun) => (r.scenario.request.via === 'websocket' ? r.url.replace(/^http/, 'ws') : r.url);
      const byRowUrl = runs.map((r) => ({ ...r, url: rowUrl(r) }));
      const rows = await waitForRunsInPanel(panel, byRowUrl);
      const settled = await panel
        .waitForRows((rs) => !rs.some((r) => byRowUrl.some((b) => b.url === r.url) && (r.outcome === 'pending' || r.outcome === 'unknown')), 'verdicts')
        .catch(() => rows);
      // The page's own record of an XHR (which names it "XMLHttpRequest") can reach the background a
      // moment after the request's last event: wait for the verdicts to take it in.
      const consoleMatches = (st: Awaited<ReturnType<typeof storedVerdicts>>) =>
        runs.every((r) => {
          const t = truthOf(r, oracle).console;
          return t === undefined || st[rowUrl(r)]?.chrome === t;
        });
      const stored = await waitFor(
        async () => {
          const st = await storedVerdicts(browser.sw, byRowUrl.map((r) => r.url));
          return consoleMatches(st) ? st : null;
        },
        { message: 'verdicts with Chromium’s console lines' },
      ).catch(() => storedVerdicts(browser.sw, byRowUrl.map((r) => r.url)));
      for (const run of runs) {
        const truth = truthOf(run, oracle);
        const mineRows = settled.filter((r) => r.url === rowUrl(run));
        const got = mineRows.map((r) => `${r.outcome}/${r.corsError}`).join(', ');
        compared += 1;
        if (got !== `${truth.outcome}/${truth.corsError}`) problems.push(`${run.scenario.id}: Chromium ${truth.outcome}/${truth.corsError}, panel [${got}] (${mineRows.map((r) => r.reason).join(', ')})`);
        const reason = expectedReason(run.scenario.id);
        if (reason && mineRows.some((r) => r.reason !== reason)) problems.push(`${run.scenario.id}: panel reason [${mineRows.map((r) => r.reason).join(', ')}], expected ${reason}`);
        if (reason === 'mixed-content' && truth.console === undefined) problems.push(`${run.scenario.id}: Chromium printed no mixed-content line`);
        const verdict = stored[rowUrl(run)];
        if (truth.console !== undefined && verdict?.chrome !== truth.console) {
          problems.push(`${run.scenario.id}: console\n      Chromium: ${truth.console}\n      verdict:  ${verdict?.chrome ?? '(none)'}`);
        }
      }
      // DevTools' own HAR of this page's runs.
      const har = await panel.getHar();
      // Kept for replay offline (test/fixtures/har/chromium-not-cors-*.har come from these).
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(path.join(ARTIFACTS_DIR, `chromium-not-cors-${variant ?? 'main'}.har`), JSON.stringify({ log: har }));
      const analyzed = analyze(harToObservations({ log: har }).observations, { browser: 'chrome' });
      for (const run of runs) {
        const truth = truthOf(run, oracle);
        const got = analyzed.filter((a) => a.exchange.url === rowUrl(run)).map((a) => `${a.verdict.outcome}/${a.verdict.chromiumCorsError ?? ''}`);
        harCompared += 1;
        if (HAR_SHAPELESS.has(run.scenario.id)) {
          // DevTools records these outside any page and without a response: the very shape a
          // worker's CORS failure leaves. The HAR cannot tell LNA from CORS, so the core must not guess.
          const reasons = analyzed.filter((a) => a.exchange.url === rowUrl(run)).map((a) => a.verdict.reason);
          if (got.join(', ') !== 'blocked/' || reasons.join(', ') !== 'unknown') harProblems.push(`${run.scenario.id}: HAR without evidence, want [blocked/ unknown], got [${got.join(', ')} ${reasons.join(', ')}]`);
          else harGaps.push(run.scenario.id);
          continue;
        }
        if (got.join(', ') !== `${truth.outcome}/${truth.corsError}`) harProblems.push(`${run.scenario.id}: Chromium ${truth.outcome}/${truth.corsError}, HAR analysis [${got.join(', ')}]`);
        const reason = expectedReason(run.scenario.id);
        const reasons = analyzed.filter((a) => a.exchange.url === rowUrl(run)).map((a) => a.verdict.reason);
        if (reason && reasons.some((r) => r !== reason)) harProblems.push(`${run.scenario.id}: HAR reason [${reasons.join(', ')}], expected ${reason}`);
      }
    }
    console.log(
      `Chromium N-lna/N-notcors: panel ${compared - problems.length}/${compared} scenarios agree (verdict and console line); HAR ${harCompared - harProblems.length - harGaps.length}/${harCompared} (blocked, reason unknown — the HAR holds no evidence: ${harGaps.join(' ') || 'none'})`,
    );
    expect(problems).toEqual([]);
    expect(harProblems).toEqual([]);
  });
});
