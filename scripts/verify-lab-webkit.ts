/**
 * The WebKit part of `npm run verify:lab`: runs the lab scenarios in WebKitGTK's MiniBrowser
 * (test/e2e/support/webkit.ts), records what WebKit did in test/fixtures/lab-observed/webkit.json
 * and prints every blocked scenario where CORS Lens's Safari lines differ from WebKit's, with
 * the agreement numbers (same reason, exact text) the README quotes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Scenario } from '../src/lab/scenario-types';
import { scenarios } from '../src/lab/scenarios/index';
import type { Lab } from '../src/lab/server';
import { runInWebKit, scenariosForWebKit } from '../test/e2e/support/webkit';
import { hitOfLogEntry } from '../test/e2e/support/webkit-exchange';
import {
  compareLines,
  formatConsoleLine,
  lensSafariLines,
  mapHit,
  placeholderPairs,
  recordHit,
  replaceAll,
  webkitLines,
  webkitOutcome,
  type WebKitObserved,
} from '../test/e2e/support/webkit-lines';

export interface WebKitVerifyOptions {
  file: string;
  onlyIds: string[] | undefined;
  write: boolean;
  runId: string;
}

export async function verifyWebKit(lab: Lab, opts: WebKitVerifyOptions): Promise<{ total: number; disagreements: number }> {
  const all = scenariosForWebKit();
  const list: Scenario[] = all.filter((s) => !opts.onlyIds || opts.onlyIds.includes(s.id));
  const nonce = `${opts.runId}w`;
  const started = Date.now();
  lab.clearRequests();
  // Always the whole run (about 10 s), recording only the selected scenarios: what WebKit does can
  // depend on the scenarios before (libsoup re-sends on a reused idle connection only), and the
  // e2e test runs them all in this order too.
  const runs = await runInWebKit({ pageOrigin: lab.pageOrigin, ids: all.map((s) => s.id), nonce });
  const pairs = placeholderPairs(lab, nonce);
  const norm = (t: string) => replaceAll(t, pairs);
  const fixture: Record<string, WebKitObserved> = {};
  let blocked = 0;
  let sameReason = 0;
  let exact = 0;
  for (const s of list) {
    const run = runs.get(s.id);
    if (!run) continue;
    const hits = lab
      .requests({ scenario: s.id })
      .filter((r) => r.url.includes(`n=${nonce}`))
      .map(hitOfLogEntry);
    const printed = run.console.map(formatConsoleLine);
    const { ok, status, type, error, redirected, url } = run.result;
    const result: WebKitObserved['result'] = { ok };
    if (status !== undefined) result.status = status;
    if (type !== undefined) result.type = type;
    if (error !== undefined) result.error = error;
    if (redirected !== undefined) result.redirected = redirected;
    if (url) result.url = norm(url);
    const outcome = webkitOutcome(s, run.result, printed);
    fixture[s.id] = { outcome, console: printed.map(norm), result, exchange: hits.map((h) => recordHit(mapHit(h, norm))) };
    if (outcome !== 'blocked') continue;
    blocked++;
    const wk = webkitLines(printed);
    const lens = lensSafariLines(s, lab.pageOrigin, lab.urlFor(s, 'main', nonce), hits, run.result);
    const c = compareLines(wk, lens);
    if (c.sameReason) sameReason++;
    if (c.exact) exact++;
    if (!c.exact) {
      console.log(`✗ [webkit] ${s.id}: CORS Lens's Safari lines differ${c.sameReason ? ' (same reason)' : ''}`);
      for (const l of wk) console.log(`    webkit: ${norm(l).slice(0, 300)}`);
      for (const l of lens) console.log(`    lens:   ${norm(l).slice(0, 300)}`);
    }
  }
  if (opts.write) writeFixture(opts, fixture);
  const pct = (n: number) => (blocked ? ((100 * n) / blocked).toFixed(1) : '–');
  console.log(
    `[webkit] ${list.length} scenarios, ${blocked} blocked: same reason ${sameReason}/${blocked} (${pct(sameReason)}%), exact text ${exact}/${blocked} (${pct(exact)}%) (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return { total: list.length, disagreements: blocked - exact };
}

function writeFixture(opts: WebKitVerifyOptions, fixture: Record<string, WebKitObserved>): void {
  // A partial run (--only) updates its scenarios in the existing fixture.
  let previous: Record<string, WebKitObserved> = {};
  if (opts.onlyIds) {
    try {
      previous = (JSON.parse(readFileSync(opts.file, 'utf8')) as { scenarios: Record<string, WebKitObserved> }).scenarios;
    } catch {
      previous = {};
    }
  }
  const merged = { ...previous, ...fixture };
  const ordered = Object.fromEntries(scenarios.filter((s) => merged[s.id]).map((s) => [s.id, merged[s.id]]));
  const note =
    'Written by scripts/verify-lab.ts (WebKitGTK MiniBrowser). Origins, hosts and the run nonce are replaced by {page} {api} {api-same-site} {third} {closed}, {page-host} … and {nonce}. exchange = what reached the lab, with its answers.';
  writeFileSync(opts.file, `${JSON.stringify({ browser: 'webkit', note, scenarios: ordered }, null, 1)}\n`);
}
