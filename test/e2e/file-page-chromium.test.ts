/**
 * A file:// page in real Chromium: an opaque origin. Its http fetches carry `Origin: null` (an API
 * allowing the developer's http origin does not match; `*` does), and its fetch of another
 * file:// URL is refused before any network (CorsDisabledScheme). The panel's verdicts, the
 * verdicts' console lines and the core's verdicts from DevTools' own HAR must be Chromium's own
 * (CDP corsErrorStatus from every target). webRequest never reports file:// URLs, so the
 * file:// fetch is judged from the HAR only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { AnalyzedExchange } from '../../src/core/model';
import { harToObservations } from '../../src/sources/har';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { attachOracleAllTargets, type ChromiumOracle } from './support/chromium-oracle';
import { backgroundSeen } from './support/extension-hooks';
import { nextNonce, startTestLab, waitForLabPage, type Lab } from './support/lab';
import { ARTIFACTS_DIR } from './support/paths';
import { waitFor } from './support/wait';

/** Scenarios whose server answers suit an opaque origin: `*`, and the page's http origin. */
const HTTP_CASES = [
  { id: 'sandboxed-ok', reason: 'ok' },
  { id: 'sandboxed-acao-mismatch', reason: 'opaque-origin-mismatch' },
  { id: 'sandboxed-acao-missing', reason: 'acao-missing' },
];

describe('Chromium: a file:// page', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let oracle: ChromiumOracle;
  let panel: CorsPanel;
  let dir: string;

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchChromium();
    oracle = await attachOracleAllTargets(browser.cdp);
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    await warmUp(browser.page, browser.sw, { url: `${lab.apiOrigin}/__lab/log?e2e-file-warmup`, recorded: async (w) => (await backgroundSeen(w, 'e2e-file-warmup')) > 0 });
    panel = await openCorsPanel(browser, browser.page, { window: { width: 1400, height: 900 } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'cors-lens-file-page-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>file page</title><p>A page opened from disk.</p>\n');
    writeFileSync(path.join(dir, 'data.json'), '{"from":"disk"}\n');
  });

  afterAll(async () => {
    await panel?.close();
    await oracle?.detach();
    await browser?.close();
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('verdicts, console lines and HAR verdicts equal Chromium’s', async () => {
    await browser.page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    const nonce = nextNonce('file');
    const httpUrls = HTTP_CASES.map((c) => lab.urlFor(c.id, 'main', nonce));
    const fileUrl = pathToFileURL(path.join(dir, 'data.json')).href;
    const results = await browser.page.evaluate(
      (urls) => Promise.all(urls.map((u) => fetch(u).then((r) => `ok ${r.status}`, (e: unknown) => `error ${String(e)}`))),
      [...httpUrls, fileUrl],
    );
    expect(results.slice(0, 1)).toEqual(['ok 200']);
    expect(results.slice(1)).toEqual(Array.from({ length: 3 }, () => 'error TypeError: Failed to fetch'));
    await waitFor(() => [...httpUrls, fileUrl].every((u) => oracle.byUrl(u).length > 0 && oracle.byUrl(u).every((t) => t.state !== 'pending')), {
      message: 'Chromium to finish the file page’s requests',
    });
    const truth = (u: string) => oracle.byUrl(u)[0]?.corsError ?? '';
    expect(truth(fileUrl)).toBe('CorsDisabledScheme');

    // The panel: the http requests (webRequest reports them with initiator "null").
    const rows = await panel.waitForRows((rs) => httpUrls.every((u) => rs.some((r) => r.url === u && r.outcome !== 'pending')), 'the file page’s http requests');
    const problems: string[] = [];
    HTTP_CASES.forEach((c, i) => {
      const u = httpUrls[i]!;
      const got = rows.filter((r) => r.url === u).map((r) => `${r.outcome}/${r.corsError}/${r.reason}`);
      const want = `${truth(u) ? 'blocked' : 'allowed'}/${truth(u)}/${c.reason}`;
      if (got.join(', ') !== want) problems.push(`${c.id}: Chromium ${want}, panel [${got.join(', ')}]`);
      const line = oracle.consoleTextFor(u);
      if (line !== undefined && !rows.some((r) => r.url === u)) problems.push(`${c.id}: no row for Chromium's line ${line}`);
    });
    const stored = await browser.sw.evaluate((wanted) => {
      const hooks = (self as unknown as { __corsLens: { tabs(): number[]; snapshot(t: number): { exchanges: AnalyzedExchange[] } } }).__corsLens;
      const out: Record<string, string | null> = {};
      for (const t of hooks.tabs()) for (const a of hooks.snapshot(t).exchanges) if (wanted.includes(a.exchange.url)) out[a.exchange.url] = a.verdict.messages.chrome;
      return out;
    }, httpUrls);
    for (const u of httpUrls) {
      const line = oracle.consoleTextFor(u);
      if (line !== undefined && stored[u] !== line) problems.push(`console\n      Chromium: ${line}\n      verdict:  ${stored[u] ?? '(none)'}`);
    }

    // DevTools' own HAR of the same page: the file:// fetch too.
    const har = await panel.getHar();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(path.join(ARTIFACTS_DIR, 'chromium-file-page.har'), JSON.stringify({ log: har }));
    const analyzed = analyze(harToObservations({ log: har }).observations, { browser: 'chrome' });
    const harVerdict = (u: string) => analyzed.filter((a) => a.exchange.url === u).map((a) => `${a.verdict.outcome}/${a.verdict.chromiumCorsError ?? ''}/${a.verdict.reason}`);
    HTTP_CASES.forEach((c, i) => {
      const u = httpUrls[i]!;
      const want = `${truth(u) ? 'blocked' : 'allowed'}/${truth(u)}/${c.reason}`;
      if (harVerdict(u).join(', ') !== want) problems.push(`${c.id}: Chromium ${want}, HAR analysis [${harVerdict(u).join(', ')}]`);
    });
    const fileVerdict = analyzed.find((a) => a.exchange.url === fileUrl)?.verdict;
    if (harVerdict(fileUrl).join(', ') !== 'blocked/CorsDisabledScheme/cors-disabled-scheme') problems.push(`file:// fetch: HAR analysis [${harVerdict(fileUrl).join(', ')}]`);
    const fileLine = oracle.consoleTextFor(fileUrl);
    if (fileLine !== undefined && fileVerdict?.messages.chrome !== fileLine) problems.push(`file:// console\n      Chromium: ${fileLine}\n      verdict:  ${fileVerdict?.messages.chrome ?? '(none)'}`);
    if (!/npx serve|http\.server/.test(fileVerdict?.explanation ?? '')) problems.push(`file:// explanation does not say how to serve the page: ${fileVerdict?.explanation}`);
    console.log(`Chromium file:// page: ${HTTP_CASES.length + 1} requests; Chromium's console line for the file:// fetch: ${fileLine ?? '(none)'}`);
    expect(problems).toEqual([]);
  });
});
