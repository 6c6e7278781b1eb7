/**
 * The CORS lab for one test file: start it on ephemeral ports, run scenarios in the lab page with
 * unique nonces (in a few concurrent batches), and tell which runs really reached the network.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { RunResult } from '../../../src/lab/page/automation';
import type { Scenario } from '../../../src/lab/scenario-types';
import { scenarios } from '../../../src/lab/scenarios/index';
import { startLab, type Lab } from '../../../src/lab/server';
import { HANG_GUARD_MS } from './wait';

export type { Lab, RunResult, Scenario };
export { scenarios };

/** A Playwright (Chromium) or Puppeteer (Firefox) page. */
export type EvaluatingPage = PlaywrightPage | PuppeteerPage;

/** Both page kinds evaluate a serialisable function with one argument; their typings differ. */
function evaluateIn<R, A>(page: EvaluatingPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return (page as unknown as { evaluate(f: (arg: A) => R | Promise<R>, a: A): Promise<R> }).evaluate(fn, arg);
}

export interface LabRun {
  scenario: Scenario;
  nonce: string;
  /** The URL the page asked for (first hop). */
  url: string;
  result: RunResult;
}

/**
 * Starts the lab on ephemeral ports (several test files and helpers share the machine).
 * `extra` scenarios are served too; the lab page does not list them, so tests fetch their URLs.
 */
export function startTestLab(extra: Scenario[] = []): Promise<Lab> {
  return extra.length === 0 ? startLab() : startLab({ scenarios: [...scenarios, ...extra] });
}

/**
 * Scenarios that make sense in this browser and run from the main lab page over HTTP. The
 * not-CORS groups (`N-*`: Local Network Access, CORP/COEP, ORB, WebSockets), page variants
 * (`Scenario.page`) and WebSockets have their own tests (not-cors-*.test.ts): their browser
 * verdicts come from other places than the CORS checks these tests compare.
 */
export function scenariosFor(browser: 'chrome' | 'firefox'): Scenario[] {
  return scenarios.filter(
    (s) => (s.only === undefined || s.only === browser) && s.page === undefined && s.request.via !== 'websocket' && !s.group.startsWith('N-'),
  );
}

let counter = 0;
/** A nonce unique within this process: `tag-<n>-<random>`, safe in a query string. */
export function nextNonce(tag: string): string {
  counter += 1;
  return `${tag}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Runs the scenarios in the lab page (which must be open), `batchSize` at a time concurrently.
 * Each run gets its own nonce, so its URLs (and preflight cache keys) are unique.
 */
export async function runScenarios(
  page: EvaluatingPage,
  lab: Lab,
  list: readonly Scenario[],
  /** `nonce`: fixed nonces instead of random ones (screenshots that do not change between runs). */
  opts: { tag?: string; batchSize?: number; nonce?: (scenario: Scenario, index: number) => string } = {},
): Promise<LabRun[]> {
  const batchSize = opts.batchSize ?? 25;
  const planned = list.map((scenario, index) => {
    const nonce = opts.nonce ? opts.nonce(scenario, index) : nextNonce(opts.tag ?? 'run');
    return { scenario, nonce, url: lab.urlFor(scenario, 'main', nonce) };
  });
  const out: LabRun[] = [];
  for (let i = 0; i < planned.length; i += batchSize) {
    const batch = planned.slice(i, i + batchSize);
    const results = await evaluateIn(
      page,
      (pairs: Array<[string, string]>) => {
        const w = window as unknown as { runScenario(id: string, nonce: string): Promise<RunResult> };
        return Promise.all(pairs.map(([id, nonce]) => w.runScenario(id, nonce)));
      },
      batch.map((p): [string, string] => [p.scenario.id, p.nonce]),
    );
    batch.forEach((p, j) => {
      const result = results[j];
      if (!result) throw new Error(`no result for ${p.scenario.id}`);
      out.push({ ...p, result });
    });
  }
  return out;
}

/** Waits until the lab page has defined its automation API. */
export async function waitForLabPage(page: EvaluatingPage): Promise<void> {
  await evaluateIn(page, async (timeout: number) => {
    const until = Date.now() + timeout;
    while (typeof (window as unknown as { runScenario?: unknown }).runScenario !== 'function') {
      if (Date.now() > until) throw new Error('the lab page never defined window.runScenario');
      await new Promise((r) => setTimeout(r, 50));
    }
  }, HANG_GUARD_MS);
}

/**
 * Whether a run put anything on the wire: the lab logged a request carrying its nonce, or it
 * targeted the closed port (a refused connection is still a request). Requests refused by the
 * browser before sending (TypeError, mode violations) have neither.
 */
export function reachedNetwork(lab: Lab, run: LabRun): boolean {
  if (run.scenario.request.target === 'closed') return true;
  const marker = `n=${encodeURIComponent(run.nonce)}`;
  return lab.requests({ scenario: run.scenario.id }).some((r) => r.url.includes(marker));
}

/**
 * True when the whole chain stays on the page's origin: CORS never applies and the panel lists
 * nothing. A same-origin request redirected to another origin is a CORS request from then on.
 */
export function staysSameOrigin(s: Scenario): boolean {
  if (s.request.target !== 'page') return false;
  return Object.values(s.server).every((step) =>
    [step.actual, step.preflight].every((r) => r?.redirect === undefined || r.redirect.target === 'page'),
  );
}

/**
 * URLs of the further requests a run leads to that are not redirect hops: step `dep`, which the
 * main response requests itself (a module's static import). Each is its own exchange.
 */
export function ledToUrls(lab: Lab, run: LabRun): string[] {
  return run.scenario.server['dep'] ? [lab.urlFor(run.scenario, 'dep', run.nonce)] : [];
}

/** True when `url` belongs to this run (any hop of its redirect chain carries the nonce). */
export function urlOfRun(run: LabRun, url: string): boolean {
  return url.includes(`/s/${encodeURIComponent(run.scenario.id)}/`) && url.includes(`n=${encodeURIComponent(run.nonce)}`);
}

/** The row-reading part shared by the Chromium and the Firefox panel drivers. */
export interface RowSource<Row extends { url: string }> {
  waitForRows(accept: (rows: Row[]) => boolean, message?: string, timeout?: number): Promise<Row[]>;
}

/**
 * Waits until the panel lists every run (at least `count(run)` rows with the run's first-hop
 * URL, default 1) and returns all rows then.
 */
export function waitForRunsInPanel<Row extends { url: string }>(
  panel: RowSource<Row>,
  runs: readonly LabRun[],
  count: (run: LabRun) => number = () => 1,
  timeout = 60_000,
): Promise<Row[]> {
  return panel.waitForRows(
    (rows) => runs.every((run) => rows.filter((r) => r.url === run.url).length >= count(run)),
    `a panel row for each of ${runs.length} runs (${runs.slice(0, 3).map((r) => r.scenario.id).join(', ')}${runs.length > 3 ? ', …' : ''})`,
    timeout,
  );
}
