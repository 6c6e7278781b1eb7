/**
 * The Chromium part of `npm run verify:lab`: every scenario in headless Chromium, with Chromium's
 * verdict read over CDP from every target (pages, frames, workers, service workers).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { LabAutomation } from '../src/lab/page/automation';
import type { Scenario } from '../src/lab/scenario-types';
import type { Lab } from '../src/lab/server';
import { LAB_API_HOSTNAME } from '../src/lab/lab-urls';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/e2e/support/chromium';
import { connectCdp } from '../test/e2e/support/cdp-client';
import { watchAllTargets } from '../test/e2e/support/chromium-targets';
import { SETTLE_MS, forEachScenario, scenarioOfText, sleep, type Collected, type CollectedRun, type RunnerOptions } from './verify-lab-common';

/** The https lab page's self-signed certificate is accepted, and the API's DNS name is 127.0.0.1. */
const MIXED_CONTENT_CHROMIUM_FLAGS = ['--ignore-certificate-errors', `--host-resolver-rules=MAP ${LAB_API_HOSTNAME} 127.0.0.1`];

export async function runChromium(lab: Lab, list: Scenario[], { publicPort, runId }: RunnerOptions): Promise<Map<string, CollectedRun>> {
  // A persistent profile so the DevTools port is readable: every target (workers, service
  // workers, frames) is watched over one flat CDP connection, not just the page.
  const profile = mkdtempSync(join(tmpdir(), 'cors-lens-verify-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--ip-address-space-overrides=127.0.0.1:${publicPort}=public`, ...MIXED_CONTENT_CHROMIUM_FLAGS],
  });
  const out = new Map<string, CollectedRun>();
  const portFile = join(profile, 'DevToolsActivePort');
  while (!existsSync(portFile) || !readFileSync(portFile, 'utf8').includes('\n')) await sleep(50);
  const [port, wsPath] = readFileSync(portFile, 'utf8').trim().split('\n');
  const raw = await connectCdp(`ws://127.0.0.1:${port}${wsPath}`);
  type Handler = (p: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  const handlers = new Map<string, Handler>();
  const cdp = { on: (method: string, fn: Handler) => void handlers.set(method, fn) };
  let scope = '';
  const watch = await watchAllTargets(raw, (e) => {
    scope = e.target.sessionId;
    handlers.get(e.method)?.(e.params);
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let current = '';
    const collected = new Map<string, Collected>();
    const get = (id: string): Collected => {
      let c = collected.get(id);
      if (!c) collected.set(id, (c = { console: [], corsError: null }));
      return c;
    };
    const requests = new Map<string, { url: string; preflight: boolean }>();
    cdp.on('Network.requestWillBeSent', (p) => {
      const key = `${scope}:${p.requestId}`;
      if (!requests.has(key) || !p.redirectResponse)
        requests.set(key, { url: p.request.url, preflight: p.initiator?.type === 'preflight' || p.type === 'Preflight' });
    });
    cdp.on('Network.loadingFailed', (p) => {
      const r = requests.get(`${scope}:${p.requestId}`);
      if (!r || r.preflight || p.type === 'Preflight') return;
      const id = scenarioOfText(r.url) ?? current;
      const c = get(id);
      // The first failure of the scenario decides (repeat runs), except that a failure without a
      // CorsError (a page fetch its service worker answered) yields to the worker's own verdict.
      if (c.errorText !== undefined && (c.corsError !== null || !p.corsErrorStatus)) return;
      c.errorText = p.errorText;
      if (p.corsErrorStatus) {
        c.corsError = p.corsErrorStatus.corsError;
        c.failedParameter = p.corsErrorStatus.failedParameter;
        c.corsErrorSource = 'network';
      }
    });
    cdp.on('Log.entryAdded', (p) => {
      get(scenarioOfText(p.entry.text) ?? current).console.push(`[${p.entry.source}/${p.entry.level}] ${p.entry.text}`);
    });
    cdp.on('Audits.issueAdded', (p) => {
      const d = p.issue.details.corsIssueDetails;
      const id = (d?.request.url ? scenarioOfText(d.request.url) : undefined) ?? current;
      const c = get(id);
      c.issues = [...(c.issues ?? []), d ? `${p.issue.code}:${d.corsErrorStatus.corsError}` : p.issue.code];
      // A request refused before the network (mode same-origin, no-cors + manual) has only the issue.
      if (d && !d.isWarning && c.corsError === null && !d.request.requestId) {
        c.corsError = d.corsErrorStatus.corsError;
        c.failedParameter = d.corsErrorStatus.failedParameter;
        c.corsErrorSource = 'issue';
      }
    });
    await forEachScenario(lab, list, page, async (s) => {
      current = s.id;
      const nonce = `${runId}c`;
      const result = await page.evaluate(([id, n]) => (window as unknown as LabAutomation).runScenario(id, n), [s.id, nonce] as const);
      await sleep(SETTLE_MS);
      out.set(s.id, { ...get(s.id), result });
    });
    for (const [id, c] of collected) {
      const o = out.get(id);
      if (o) out.set(id, { ...o, ...c, result: o.result });
    }
  } finally {
    await watch.stop();
    raw.close();
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}
