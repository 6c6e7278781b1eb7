/**
 * Runs every lab scenario in real headless Chromium (playwright-core + CDP), Firefox ESR
 * (puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser (scripts/verify-lab-webkit.ts),
 * records what each browser reported, writes test/fixtures/lab-observed/{chromium,firefox,webkit}.json
 * and prints every scenario whose `expect` disagrees with the browser (for WebKit: whose Safari
 * lines in CORS Lens differ from WebKit's). The browser is the truth: fix the expectation or the
 * engine, not this script.
 *
 *   node --import tsx scripts/verify-lab.ts [--browser chromium|firefox|webkit|both|all] [--only id,id] [--base-port 24700] [--no-write]
 *
 * `both` = Chromium and Firefox; the default is all three. Exit code 1 when there is any disagreement.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome } from '../src/core/model';
import { FIREFOX_GENERIC_KEYS, firefoxKeysOfLines } from '../src/core/messages/firefox-parse';
import type { RunOnce, RunResult } from '../src/lab/page/automation';
import type { Scenario } from '../src/lab/scenario-types';
import { expandPlaceholders } from '../src/lab/scenarios/build';
import { scenarios } from '../src/lab/scenarios/index';
import type { LabRequest } from '../src/lab/request-log';
import type { Lab } from '../src/lab/server';
import { startLab } from '../src/lab/server';
import { fixedPortBlock } from '../test/e2e/support/fixed-ports';
import { verifyWebKit } from './verify-lab-webkit';
import { runChromium } from './verify-lab-chromium';
import { runFirefox } from './verify-lab-firefox';

type BrowserName = 'chromium' | 'firefox';
type EngineName = BrowserName | 'webkit';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = resolve(ROOT, 'test/fixtures/lab-observed');

export interface ObservedScenario {
  outcome: Outcome;
  corsError: string | null;
  failedParameter?: string;
  /** Where Chromium's CorsError came from: the request's loadingFailed, or a CORS issue (no request). */
  corsErrorSource?: 'network' | 'issue';
  errorText?: string;
  firefoxKeys?: string[];
  console: string[];
  issues?: string[];
  preflights: number;
  /** Requests that reached the lab for this run: `server METHOD step Origin`. */
  serverHits: string[];
  /** What the page saw, without its timing (`ms`): the fixture records behaviour, not speed. */
  result: StoredResult;
}

type StoredResult = Omit<RunResult, 'ms' | 'runs'> & { runs?: Array<Omit<RunOnce, 'ms'>> };

type StoredRun = Omit<RunOnce, 'ms'>;

/**
 * A run's result as stored: origins and nonce replaced (repeats too), and no elapsed milliseconds,
 * which differ every run.
 */
function storedResult(result: RunResult, norm: (s: string) => string): StoredResult {
  const once = ({ ms: _elapsed, ...rest }: RunOnce): StoredRun => (rest.url ? { ...rest, url: norm(rest.url) } : rest);
  const stored: Record<string, unknown> = {};
  // Field by field, so the stored order stays the page's.
  for (const [key, value] of Object.entries(result)) {
    if (key === 'ms') continue;
    if (key === 'url' && typeof value === 'string') stored[key] = norm(value);
    else if (key === 'nonce') stored[key] = '{nonce}';
    else if (key === 'runs' && Array.isArray(value)) stored[key] = (value as RunOnce[]).map(once);
    else stored[key] = value;
  }
  return stored as StoredResult;
}

// ---------------------------------------------------------------- args

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
const browsers: EngineName[] = (() => {
  const b = arg('--browser') ?? 'all';
  if (b === 'all') return ['chromium', 'firefox', 'webkit'];
  return b === 'both' ? ['chromium', 'firefox'] : [b as EngineName];
})();
const onlyIds = arg('--only')?.split(',').filter(Boolean);
// Fixed ports (the LNA scenarios name the public one), outside the ephemeral range.
const basePort = Number(arg('--base-port') ?? fixedPortBlock('verify-lab'));
/** The lab page Local Network Access scenarios run from: both browsers are told it is public. */
const publicPort = basePort + 4;
const write = !process.argv.includes('--no-write');

const runId = Date.now().toString(36);

function selected(browser: BrowserName): Scenario[] {
  const skip = browser === 'chromium' ? 'firefox' : 'chrome';
  return scenarios.filter((s) => s.only !== skip && (!onlyIds || onlyIds.includes(s.id)));
}


// ---------------------------------------------------------------- comparison

const PRELOADS = new Set(['modulepreload', 'preload-font', 'preload-fetch']);

function observedOutcome(browser: BrowserName, s: Scenario, r: RunResult, corsError: string | null, keys: string[], hits: LabRequest[]): Outcome {
  // A WebSocket is never CORS: it opened, or it failed for a reason the server or browser gave.
  if (s.request.via === 'websocket') return r.ok ? 'not-cors' : 'network-error';
  if (s.request.via === 'beacon' && r.ok) {
    // The page never learns how a beacon ended: the browser's report decides, else the mode it was sent in.
    if (browser === 'chromium' ? corsError : keys.some((k) => !FIREFOX_GENERIC_KEYS.has(k))) return 'blocked';
    const noCors = hits.some((h) => h.headers.some(([n, v]) => n.toLowerCase() === 'sec-fetch-mode' && v === 'no-cors'));
    return noCors ? 'opaque' : 'allowed';
  }
  const specificKey = keys.some((k) => !FIREFOX_GENERIC_KEYS.has(k));
  // Firefox fires `load` on a <link rel=preload> / modulepreload whose CORS check failed: its console decides.
  if (browser === 'firefox' && specificKey && PRELOADS.has(s.request.via ?? 'fetch')) return 'blocked';
  // Firefox prints nothing for a keepalive fetch it blocks; the page's TypeError against a live server is the verdict.
  if (browser === 'firefox' && !r.ok && !specificKey && s.request.via === 'keepalive' && hits.length > 0) return 'blocked';
  if (!r.ok) {
    if (browser === 'chromium') return corsError ? 'blocked' : 'network-error';
    return keys.some((k) => !FIREFOX_GENERIC_KEYS.has(k)) ? 'blocked' : 'network-error';
  }
  if (r.type === 'opaque' || r.type === 'opaqueredirect') return 'opaque';
  if (r.type === 'basic' || (r.type === 'xhr' && s.request.target === 'page' && !s.server.main?.actual.redirect)) return 'not-cors';
  return 'allowed';
}

function normalizer(lab: Lab, nonce: string): (s: string) => string {
  const pairs: Array<[string, string]> = [
    [lab.apiSameSiteOrigin, '{api-same-site}'],
    [lab.pageOrigin, '{page}'],
    [lab.apiOrigin, '{api}'],
    ...(lab.securePageOrigin ? ([[lab.securePageOrigin, '{secure}']] as Array<[string, string]>) : []),
    ...(lab.namedApiOrigin ? ([[lab.namedApiOrigin, '{api-named}']] as Array<[string, string]>) : []),
    [lab.thirdOrigin, '{third}'],
    [lab.closedOrigin, '{closed}'],
    ...(lab.publicPageOrigin ? ([[lab.publicPageOrigin, '{public}']] as Array<[string, string]>) : []),
    // The public port under another name: the cross-origin public iframe (lab context public-cross-frame).
    ...(lab.publicPageOrigin ? ([[lab.publicPageOrigin.replace('//127.0.0.1:', '//localhost:'), '{public-localhost}']] as Array<[string, string]>) : []),
    // Bare host:port, as in a redirect to another scheme (ftp://localhost:API/…).
    [new URL(lab.apiOrigin).host, '{api-host}'],
    [new URL(lab.thirdOrigin).host, '{third-host}'],
  ];
  return (s) => {
    let t = s;
    for (const [from, to] of pairs) t = t.split(from).join(to);
    return t.split(`n=${nonce}`).join('n={nonce}');
  };
}

function compare(browser: BrowserName, s: Scenario, o: ObservedScenario, lab: Lab): string[] {
  const e = s.expect;
  const problems: string[] = [];
  const expectedOutcome = browser === 'firefox' ? (e.firefoxOutcome ?? e.outcome) : e.outcome;
  if (o.outcome !== expectedOutcome) problems.push(`outcome ${o.outcome} ≠ expected ${expectedOutcome}`);
  if (browser === 'chromium') {
    if (o.corsError !== e.corsError) problems.push(`corsError ${o.corsError} ≠ expected ${e.corsError}`);
    if (e.failedParameter !== undefined && o.corsError) {
      const expected = expandPlaceholders(e.failedParameter, lab.pageOrigin, { page: lab.pageOrigin, api: lab.apiOrigin, third: lab.thirdOrigin });
      if ((o.failedParameter ?? '') !== expected) problems.push(`failedParameter ${JSON.stringify(o.failedParameter)} ≠ expected ${JSON.stringify(expected)}`);
    }
  } else {
    const want = e.firefoxKeys ?? [];
    const got = o.firefoxKeys ?? [];
    if (want.join(',') !== got.join(',')) problems.push(`firefoxKeys [${got.join(', ')}] ≠ expected [${want.join(', ')}]`);
  }
  const wantPreflights = browser === 'firefox' ? (e.firefoxPreflights ?? e.preflights) : e.preflights;
  if (wantPreflights !== undefined && o.preflights !== wantPreflights) problems.push(`preflights ${o.preflights} ≠ expected ${wantPreflights}`);
  return problems;
}

// ---------------------------------------------------------------- main

async function verify(browser: BrowserName, lab: Lab): Promise<{ total: number; disagreements: number }> {
  const list = selected(browser);
  const nonce = `${runId}${browser === 'chromium' ? 'c' : 'f'}`;
  const started = Date.now();
  lab.clearRequests();
  const raw = browser === 'chromium' ? await runChromium(lab, list, { publicPort, runId }) : await runFirefox(lab, list, { publicPort, runId });
  const norm = normalizer(lab, nonce);
  const fixture: Record<string, ObservedScenario> = {};
  let disagreements = 0;
  for (const s of list) {
    const c = raw.get(s.id);
    if (!c) continue;
    const hits = lab.requests({ scenario: s.id }).filter((r) => r.url.includes(`n=${nonce}`));
    const preflights = hits.filter((r) => r.method === 'OPTIONS' && r.headers.some(([n]) => n.toLowerCase() === 'access-control-request-method')).length;
    const keys = browser === 'firefox' ? firefoxKeysOfLines(c.console) : [];
    const o: ObservedScenario = {
      outcome: observedOutcome(browser, s, c.result, c.corsError, keys, hits),
      corsError: c.corsError,
      console: c.console.map(norm),
      preflights,
      serverHits: hits.map((r) => {
        const origin = r.headers.find(([n]) => n.toLowerCase() === 'origin')?.[1];
        const step = r.url.split('?')[0]?.split('/')[3] ?? '';
        const cookie = r.headers.some(([n]) => n.toLowerCase() === 'cookie') ? ' +Cookie' : '';
        return norm(`${r.server} ${r.method} ${step}${origin !== undefined ? ` Origin: ${origin}` : ''}${cookie}`);
      }),
      result: storedResult(c.result, norm),
    };
    if (c.failedParameter !== undefined) o.failedParameter = c.failedParameter;
    if (c.corsErrorSource) o.corsErrorSource = c.corsErrorSource;
    if (c.errorText !== undefined) o.errorText = c.errorText;
    if (c.issues) o.issues = c.issues;
    if (browser === 'firefox') o.firefoxKeys = keys;
    const problems = compare(browser, s, o, lab);
    if (o.failedParameter !== undefined) o.failedParameter = norm(o.failedParameter);
    if (problems.length) {
      disagreements++;
      console.log(`✗ [${browser}] ${s.id}: ${problems.join('; ')}`);
      console.log(`    result ${JSON.stringify({ ok: o.result.ok, status: o.result.status, type: o.result.type, error: o.result.error })}`);
      for (const l of o.console) console.log(`    ${l.slice(0, 300)}`);
    }
    fixture[s.id] = o;
  }
  if (write) {
    mkdirSync(OUT_DIR, { recursive: true });
    const file = resolve(OUT_DIR, `${browser}.json`);
    // A partial run (--only) updates its scenarios in the existing fixture.
    let previous: Record<string, ObservedScenario> = {};
    if (onlyIds) {
      try {
        previous = (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Record<string, ObservedScenario> }).scenarios;
      } catch {
        previous = {};
      }
    }
    const merged = { ...previous, ...fixture };
    const ordered = Object.fromEntries(scenarios.filter((s) => merged[s.id]).map((s) => [s.id, merged[s.id]]));
    writeFileSync(
      file,
      `${JSON.stringify({ browser, note: 'Written by scripts/verify-lab.ts; origins and the run nonce are replaced by {page} {api} {api-same-site} {third} {closed} {public} {nonce}.', scenarios: ordered }, null, 1)}\n`,
    );
  }
  console.log(`[${browser}] ${list.length} scenarios, ${list.length - disagreements} agree, ${disagreements} disagree (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { total: list.length, disagreements };
}

const lab = await startLab({ pagePort: basePort, apiPort: basePort + 1, thirdPort: basePort + 2, closedPort: basePort + 3, publicPort, securePort: basePort + 5 });
let failed = false;
try {
  for (const b of browsers) {
    const r =
      b === 'webkit'
        ? await verifyWebKit(lab, { file: resolve(OUT_DIR, 'webkit.json'), onlyIds, write, runId })
        : await verify(b, lab);
    if (r.disagreements) failed = true;
  }
} finally {
  await lab.close();
}
process.exit(failed ? 1 : 0);
