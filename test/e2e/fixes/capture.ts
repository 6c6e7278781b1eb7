/**
 * The five exchanges as CORS Lens sees them: the lab serves the scenarios, real Chromium runs
 * them from the lab page, CDP records the wire, and the core pairs, evaluates and synthesizes the
 * fix policy — the same pipeline the panel runs on webRequest/HAR observations.
 */
import type { Exchange, Observation, Verdict } from '../../../src/core/model';
import { evaluate } from '../../../src/core/evaluate';
import { pairExchanges } from '../../../src/core/pair';
import { synthesizePolicy, type FixPolicy } from '../../../src/core/policy';
import { startLab } from '../../../src/lab/server';
import { runScenarios, waitForLabPage } from '../support/lab';
import type { FixBrowser, WireRequest } from './browser';
import type { FixScenario } from './scenarios';

export interface CapturedCase {
  fix: FixScenario;
  exchange: Exchange;
  verdict: Verdict;
  policy: FixPolicy;
  /** What Chromium itself said about the lab run. */
  chromium: { corsError: string | null; failedParameter?: string };
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** A CDP-recorded request as an Observation (source `devtools`), as a network source reports it. */
export function toObservation(r: WireRequest, seq: number): Observation {
  const o: Observation = {
    id: `cdp:${r.requestId}`,
    source: 'devtools',
    url: r.url,
    method: r.method,
    resourceType: r.preflightFor !== undefined ? 'preflight' : r.type.toLowerCase(),
    requestHeaders: r.requestHeaders,
    requestHeadersProvisional: !r.sentHeadersSeen,
    startTime: r.startWall,
    seq,
  };
  if (r.preflightFor !== undefined) {
    // CDP gives a preflight the request URL as documentURL: its Origin header names the page.
    o.preflightHint = true;
    const origin = originOf(r.requestHeaders.find((h) => h.name.toLowerCase() === 'origin')?.value);
    if (origin !== undefined) o.initiatorOrigin = origin;
  } else {
    const origin = originOf(r.documentUrl);
    if (origin !== undefined) o.initiatorOrigin = origin;
    if (r.documentUrl !== undefined) o.documentUrl = r.documentUrl;
  }
  if (r.status !== undefined) o.status = r.status;
  if (r.statusText !== undefined) o.statusText = r.statusText;
  if (r.responseHeaders !== undefined) o.responseHeaders = r.responseHeaders;
  if (r.state === 'failed' && r.errorText !== undefined) o.error = r.errorText;
  if (r.remoteIp) o.ip = r.remoteIp;
  if (r.endMono !== undefined) o.endTime = r.startWall + (r.endMono - r.startMono);
  return o;
}

export async function captureLabCases(browser: FixBrowser, list: FixScenario[], ports: { page: number; api: number; third: number; closed: number }): Promise<CapturedCase[]> {
  const lab = await startLab({ pagePort: ports.page, apiPort: ports.api, thirdPort: ports.third, closedPort: ports.closed, scenarios: list.map((f) => f.scenario) });
  try {
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    browser.recorder.clear();
    // One at a time: each exchange stands alone, as a developer reproducing it would see it.
    const runs = await runScenarios(browser.page, lab, list.map((f) => f.scenario), { tag: 'fixcheck', batchSize: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const wires = browser.recorder.requests().filter((w) => w.url.includes('/s/'));
    const exchanges = pairExchanges(wires.map((w, i) => toObservation(w, i)));
    return list.map((fix) => {
      const run = runs.find((r) => r.scenario.id === fix.id);
      if (!run) throw new Error(`${fix.id} did not run`);
      const exchange = exchanges.find((x) => x.url === run.url);
      if (!exchange) throw new Error(`${fix.id}: no exchange for ${run.url} (${exchanges.map((x) => x.url).join(', ')})`);
      const actual = wires.find((w) => w.url === run.url && w.preflightFor === undefined);
      const verdict = evaluate(exchange, { credentials: fix.request.credentials ?? 'same-origin', mode: fix.request.mode ?? 'cors' });
      const chromium: CapturedCase['chromium'] = { corsError: actual?.corsError ?? null };
      if (actual?.failedParameter !== undefined) chromium.failedParameter = actual.failedParameter;
      return { fix, exchange, verdict, policy: synthesizePolicy(exchange, verdict), chromium };
    });
  } finally {
    await lab.close();
  }
}
