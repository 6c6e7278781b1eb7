/**
 * Real Firefox ESR, real extension build, real lab: the CORS panel's verdicts must match the
 * reasons Firefox prints in its console (captured over WebDriver BiDi in the same run).
 * Reason ids and Firefox keys meet in one table: src/core/messages/firefox-parse.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { consoleServiceCorsLines } from './support/firefox-console-service';
import path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { harToObservations } from '../../src/sources/har';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PanelRow } from './support/panel-rows';
import { launchFirefox, type FirefoxPanel, type FirefoxSession } from './support/firefox';
import { decidingKey, reasonMatchesFirefoxKey, type FirefoxCorsKey } from '../../src/core/messages/firefox-parse';
import {
  ledToUrls,
  reachedNetwork,
  runScenarios,
  scenarios,
  scenariosFor,
  startTestLab,
  staysSameOrigin,
  urlOfRun,
  waitForLabPage,
  waitForRunsInPanel,
  type Lab,
  type LabRun,
} from './support/lab';
import { ARTIFACTS_DIR } from './support/paths';
import { waitFor } from './support/wait';
import { warmUpFirefoxPanel } from './support/firefox-warmup';
import { readFirefoxHarCaughtUp } from './support/firefox-har';

/** Every panel row of a run: its first URL's and those of the requests it led to (a module's imports). */
const rowsOf = (rows: PanelRow[], run: LabRun): PanelRow[] => rows.filter((r) => urlOfRun(run, r.url));
const byId = (id: string) => {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`the lab has no scenario ${id}`);
  return s;
};

/**
 * Checks one run's panel rows against the keys Firefox printed for its URLs; returns a problem
 * description, or null when they agree.
 */
function disagreement(run: LabRun, rows: PanelRow[], keys: FirefoxCorsKey[]): string | null {
  const deciding = decidingKey(keys);
  const shown = rows.map((r) => `${r.outcome}/${r.reason}`).join(', ');
  const printed = keys.join(', ') || 'nothing';
  const fail = (why: string) => `${run.scenario.id}: Firefox printed [${printed}], panel [${shown}]: ${why}`;
  if (deciding === null && run.scenario.request.via === 'keepalive' && !run.result.ok) {
    // Firefox prints no console line for a keepalive fetch it blocks: the page's TypeError, against a
    // server that answered, is its verdict (verify-lab records the same).
    return rows.length > 0 && rows.every((r) => r.outcome === 'blocked') ? null : fail('expected blocked (Firefox is silent for keepalive)');
  }
  if (deciding === null) {
    const want = run.scenario.request.mode === 'no-cors' ? 'opaque' : 'allowed';
    return rows.every((r) => r.outcome === want) ? null : fail(`expected ${want}`);
  }
  if (deciding === 'CORSDidNotSucceed2') {
    // Alone, it is Firefox's label for a request that failed below CORS (refused connection …),
    // or for the few CORS failures Firefox has no specific key for (user:pass in a redirect).
    const ok = rows.every(
      (r) => r.outcome === 'network-error' || (r.outcome === 'blocked' && reasonMatchesFirefoxKey(r.reason, 'CORSDidNotSucceed2')),
    );
    return ok ? null : fail('expected a network error');
  }
  const blockedRows = rows.filter((r) => r.outcome === 'blocked');
  if (blockedRows.length === 0) return fail('expected blocked');
  // Repeated requests print one line each: every blocked row's key must be among the printed ones.
  const specific = keys.filter((k) => k !== 'CORSDidNotSucceed2');
  const unmatched = blockedRows.filter((r) => !specific.some((k) => reasonMatchesFirefoxKey(r.reason, k)));
  if (unmatched.length > 0) return fail(`reason ${unmatched.map((r) => r.reason).join(', ')} ≠ ${deciding}`);
  // With repeats, a request that passed may sit next to the blocked ones; nothing else may.
  const odd = rows.filter((r) => r.outcome !== 'blocked' && r.outcome !== 'allowed');
  return odd.length === 0 ? null : fail(`unexpected ${odd.map((r) => r.outcome).join(', ')}`);
}

describe('Firefox: the CORS panel agrees with Firefox’s console', () => {
  let lab: Lab;
  let browser: FirefoxSession;
  let panel: FirefoxPanel;
  let runs: LabRun[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchFirefox();
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    panel = await browser.openCorsPanel();
    await warmUpFirefoxPanel(browser, panel, lab, 'e2e-warmup');
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  test('every request: panel outcome and reason match the reason Firefox printed', async () => {
    const list = scenariosFor('firefox');
    expect(list.length).toBeGreaterThanOrEqual(60);
    runs = await runScenarios(browser.page, lab, list, { tag: 'ff', batchSize: 25 });
    // Console lines trail the page's promises. Firefox reports failures in order, so once the
    // line of a request made after all others is in, the earlier ones are too.
    const [sentinel] = await runScenarios(browser.page, lab, [byId('acao-missing-get')], { tag: 'ff-sentinel' });
    await waitFor(() => browser.corsLines().some((l) => urlOfRun(sentinel!, l.url)), {
      message: 'the sentinel’s console line',
    });

    // Firefox's webRequest never reports requests from opaque-origin documents (sandboxed and
    // data: frames: their null principal matches no host permission), so the panel cannot list them.
    const opaqueFrame = (r: LabRun) => r.scenario.request.context === 'sandboxed-frame' || r.scenario.request.context === 'data-frame';
    const unseen = runs.filter(opaqueFrame);
    const networked = runs.filter((r) => !staysSameOrigin(r.scenario) && reachedNetwork(lab, r) && !opaqueFrame(r));
    expect(networked.length).toBeGreaterThanOrEqual(60);
    await waitForRunsInPanel(panel, networked);
    // … and a row for each further request a run led to (a module's static import).
    const rows = await panel.waitForRows((rs) => networked.every((run) => ledToUrls(lab, run).every((u) => rs.some((r) => r.url === u))), 'a row for every imported module', 60_000);

    // Workers' lines are only in Firefox's console service (BiDi delivers the window console).
    const failedInWorkers = networked.filter((r) => r.scenario.request.context && !r.result.ok);
    const workerLines = await waitFor(
      async () => {
        const all = await consoleServiceCorsLines(browser.chromeEval);
        return failedInWorkers.every((r) => all.some((l) => urlOfRun(r, l.url))) ? all : null;
      },
      { message: 'a console line for every request that failed in a worker or frame' },
    );
    const linesOf = (run: LabRun) => (run.scenario.request.context ? workerLines : windowLines).filter((l) => urlOfRun(run, l.url));
    const windowLines = browser.corsLines();
    const problems: string[] = [];
    const perGroup: Record<string, { agree: number; total: number }> = {};
    let blocked = 0;
    for (const run of networked) {
      const keys = linesOf(run).map((l) => l.key);
      if (decidingKey(keys) && decidingKey(keys) !== 'CORSDidNotSucceed2') blocked += 1;
      const problem = disagreement(run, rowsOf(rows, run), keys);
      const tally = (perGroup[run.scenario.group] ??= { agree: 0, total: 0 });
      tally.total += 1;
      if (problem) problems.push(problem);
      else tally.agree += 1;
    }
    const labDisagreements = networked.flatMap((run) => {
      const keys = linesOf(run).map((l) => l.key);
      const expected = run.scenario.expect.firefoxKeys;
      return expected && JSON.stringify([...new Set(keys)].sort()) !== JSON.stringify([...new Set(expected)].sort())
        ? [`${run.scenario.id}: lab expects [${expected.join(', ')}], Firefox printed [${keys.join(', ')}]`]
        : [];
    });
    console.log(
      [
        `Firefox agreement: ${networked.length - problems.length}/${networked.length} scenarios (${blocked} blocked with a specific reason) — panel data-outcome/data-reason == Firefox console`,
        `  per group: ${Object.entries(perGroup).map(([g, t]) => `${g} ${t.agree}/${t.total}`).join(', ')}`,
        `  scenarios run: ${runs.length}; not on the wire or same-origin: ${runs.length - networked.length - unseen.length}; from opaque-origin frames, invisible to Firefox's webRequest: ${unseen.length}`,
        ...(labDisagreements.length ? ['  lab expectations Firefox contradicts (the browser wins):', ...labDisagreements.map((d) => `    ${d}`)] : []),
      ].join('\n'),
    );
    expect(problems).toEqual([]);
  });

  test('Firefox’s own HAR of the same run (devtools.network.getHAR), analysed by the core, agrees with its console', async () => {
    const networked = runs.filter((r) => !staysSameOrigin(r.scenario) && reachedNetwork(lab, r));
    const har = await readFirefoxHarCaughtUp(panel, browser.page);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, 'firefox-panel.har'), JSON.stringify({ log: har }));
    const { observations } = harToObservations({ log: har });
    const analyzed = analyze(observations, { browser: 'firefox' });
    // Workers' and frames' lines are in the console service (BiDi delivers the window's only).
    const contextLines = await consoleServiceCorsLines(browser.chromeEval);
    const windowLines = browser.corsLines();
    const linesOf = (run: LabRun) => (run.scenario.request.context ? contextLines : windowLines).filter((l) => urlOfRun(run, l.url));
    const inHar = (run: LabRun) => har.entries.some((e) => urlOfRun(run, e.request.url));
    const missing: string[] = [];
    const problems: string[] = [];
    const unexpected: string[] = [];
    const perGroup: Record<string, { agree: number; total: number }> = {};
    // A preflight the lab server answered but Firefox's HAR left out (part of a burst, more under
    // load): the run's verdict hangs on it, so the HAR cannot judge the run.
    const preflightLeftOut = (run: LabRun) => {
      const marker = `n=${encodeURIComponent(run.nonce)}`;
      const answered = lab.requests({ scenario: run.scenario.id }).some((r) => r.method === 'OPTIONS' && r.url.includes(marker));
      return answered && !har.entries.some((e) => e.request.method === 'OPTIONS' && urlOfRun(run, e.request.url));
    };
    for (const run of networked) {
      if (!inHar(run) || preflightLeftOut(run)) {
        // Firefox's network monitor records what the tab's documents load; say what it leaves out.
        missing.push(`${run.scenario.group}:${run.scenario.id}${inHar(run) ? ' (its preflight)' : ''}`);
        continue;
      }
      const keys = linesOf(run).map((l) => l.key);
      const rows = analyzed.filter((a) => urlOfRun(run, a.exchange.url)).map((a) => ({ url: a.exchange.url, outcome: a.verdict.outcome, reason: a.verdict.reason }) as PanelRow);
      const problem = disagreement(run, rows, keys);
      const tally = (perGroup[run.scenario.group] ??= { agree: 0, total: 0 });
      tally.total += 1;
      if (problem) problems.push(problem);
      else tally.agree += 1;
      // A HAR carries neither the credentials mode nor the page's own view, and Firefox records a
      // CORS block as a normal completion: a credentialed request refused for '*' or a missing
      // Allow-Credentials cannot be told from an allowed one. Every other subresource case must agree.
      const strictGroup = run.scenario.group.startsWith('I-') || run.scenario.group === 'workers' || run.scenario.group === 'frames' || run.scenario.group === 'opaque-origin';
      if (problem && strictGroup && run.scenario.request.credentials !== 'include') unexpected.push(problem);
    }
    const subresources = Object.entries(perGroup).filter(([g]) => g.startsWith('I-'));
    console.log(
      [
        `Firefox HAR agreement: ${networked.length - missing.length - problems.length}/${networked.length - missing.length} scenarios in the HAR — core verdict from Firefox’s getHAR() == Firefox console (${har.entries.length} HAR entries)`,
        `  per group: ${Object.entries(perGroup).map(([g, t]) => `${g} ${t.agree}/${t.total}`).join(', ')}`,
        `  not (wholly) in Firefox's HAR (${missing.length}): ${missing.join(' ') || 'none'}`,
        ...problems.map((p) => `    ${p}`),
      ].join('\n'),
    );
    expect(subresources.length).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
  });

  test('a selected blocked row shows the lines Firefox printed in its console', async () => {
    // One run per distinct deciding key, each with a single request (repeats print several lines).
    const lines = browser.corsLines();
    const byKey = new Map<string, { run: LabRun; printed: string[] }>();
    for (const run of runs) {
      if ((run.scenario.request.repeat ?? 1) > 1 || staysSameOrigin(run.scenario)) continue;
      const own = lines.filter((l) => urlOfRun(run, l.url));
      const key = decidingKey(own.map((l) => l.key));
      if (key && !byKey.has(key)) byKey.set(key, { run, printed: own.map((l) => l.text) });
    }
    expect(byKey.size).toBeGreaterThanOrEqual(8);
    const wrong: string[] = [];
    for (const [key, { run, printed }] of byKey) {
      await panel.click(`[data-exchange-url="${run.url}"]`);
      const shown = await waitFor(
        () =>
          panel.run<string[] | null>(`const d = document.querySelector('[data-testid="detail"]');
            if (!d || !d.textContent.includes(${JSON.stringify(run.url)})) return null;
            return [...d.querySelectorAll('.console-text')].map((e) => e.textContent);`),
        { message: `the detail of ${run.scenario.id}` },
      );
      if (!shown.includes(printed.join('\n'))) {
        wrong.push(`${key} (${run.scenario.id}):\n    Firefox: ${printed.join(' / ')}\n    panel:   ${shown.join(' | ')}`);
      }
    }
    console.log(`Firefox console text shown for ${byKey.size - wrong.length}/${byKey.size} distinct Firefox reasons`);
    expect(wrong).toEqual([]);
  });

  test('same-origin requests are not listed', async () => {
    const sameOrigin = runs.filter((r) => staysSameOrigin(r.scenario) && reachedNetwork(lab, r));
    expect(sameOrigin.length).toBeGreaterThan(0);
    const rows = await panel.rows();
    expect(rows.filter((row) => sameOrigin.some((r) => urlOfRun(r, row.url)))).toEqual([]);
  });

  test('screenshot of the panel with a blocked request selected', async () => {
    const [shown] = await runScenarios(browser.page, lab, [byId('preflight-no-route-put')], { tag: 'ff-shot' });
    await waitForRunsInPanel(panel, [shown!]);
    await panel.click(`[data-exchange-url="${shown!.url}"]`);
    await waitFor(
      () => panel.run<boolean>(`return !!document.querySelector('[data-exchange-url="${shown!.url}"][aria-selected="true"]') && !!document.querySelector('[data-testid="detail"]');`),
      { message: 'the row to be selected' },
    );
    const file = await panel.screenshot(path.join(ARTIFACTS_DIR, 'firefox-panel.png'));
    console.log(`screenshot: ${file}`);
  });
});
