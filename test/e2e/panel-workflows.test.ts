/**
 * The panel's workflows in real Chromium with the real extension, clicked through as a developer
 * would: select a blocked request, read its verdict and Chrome's message, switch the fix stack
 * (remembered in storage.local), copy the fix (checked on the real clipboard), flip the verdict in
 * the what-if editor, import HARs exported by Chrome and by Firefox, export JSON and HAR, and
 * import the export again.
 *
 * Rows are found by `[data-exchange-url="…"]`. The list renders every row up to 1,000 exchanges;
 * above that it is windowed and a test reaches an off-screen row by typing its URL into the search
 * box (`[data-action="filter"]`) first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { toJsonReport } from '../../src/core/report';
import { reportFix } from '../../src/core/report-fix';
import { harToObservations } from '../../src/sources/har';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { runScenarios, scenarios, startTestLab, waitForLabPage, waitForRunsInPanel, type Lab, type LabRun } from './support/lab';
import { ARTIFACTS_DIR, REPO_ROOT } from './support/paths';
import { waitFor } from './support/wait';

const HAR_DIR = path.join(REPO_ROOT, 'test/fixtures/har');
const attr = (url: string): string => `[data-exchange-url="${url.replace(/["\\]/g, '\\$&')}"]`;
const byId = (id: string) => {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`the lab has no scenario ${id}`);
  return s;
};

describe('Chromium: panel workflows', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let panel: CorsPanel;
  let blocked: LabRun;
  let downloads: string;

  const text = (selector: string) => panel.evaluate<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);
  const attrOf = (selector: string, name: string) =>
    panel.evaluate<string | null>(`document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)}) ?? null`);
  const waitText = (selector: string, accept: (t: string) => boolean, message: string) =>
    waitFor(async () => {
      const t = await text(selector);
      return accept(t) ? t : null;
    }, { message });
  /** Picks an option of a <select> as a user does (the change event the panel listens to). */
  const choose = (selector: string, value: string) =>
    panel.evaluate(`(() => {
      const s = document.querySelector(${JSON.stringify(selector)});
      s.value = ${JSON.stringify(value)};
      s.dispatchEvent(new Event('change', { bubbles: true }));
    })()`);
  const rowOutcomes = () => panel.evaluate<string[]>(`[...document.querySelectorAll('[data-exchange-url]')].map((r) => r.getAttribute('data-outcome') + ' ' + r.getAttribute('data-reason'))`);
  /** The next file Chromium saves into the downloads folder. */
  const nextDownload = async (click: () => Promise<void>, ext: string): Promise<string> => {
    const before = new Set(fs.readdirSync(downloads));
    await click();
    return waitFor(
      () => fs.readdirSync(downloads).find((f) => !before.has(f) && f.endsWith(ext) && !f.endsWith('.crdownload')),
      { message: `a new ${ext} download` },
    ).then((f) => path.join(downloads, f));
  };

  beforeAll(async () => {
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-downloads-'));
    lab = await startTestLab();
    browser = await launchChromium();
    const { page, sw } = browser;
    await backgroundReady(sw);
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    await warmUp(page, sw, {
      url: `${lab.apiOrigin}/__lab/log?e2e-workflows-warmup`,
      recorded: async (w) => (await backgroundSeen(w, 'e2e-workflows-warmup')) > 0,
    });
    panel = await openCorsPanel(browser, page, { window: { width: 1400, height: 900 } });
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    await browser.cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const runs = await runScenarios(page, lab, ['acao-missing-get', 'preflight-no-route-put', 'healthy-get'].map(byId), { tag: 'wf' });
    await waitForRunsInPanel(panel, runs);
    blocked = runs[0]!;
  });

  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await lab?.close();
    if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
  });

  test('select a blocked request: the verdict in one sentence and Chrome’s exact console message', async () => {
    await panel.click(attr(blocked.url));
    const summary = await waitText('[data-testid="summary"]', (t) => t.startsWith('Blocked'), 'the verdict sentence');
    expect(summary).toContain('Access-Control-Allow-Origin');
    const chrome = await text('.console-text[data-browser="chrome"]');
    expect(chrome).toBe(
      `Access to fetch at '${blocked.url}' from origin '${lab.pageOrigin}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    expect(await attrOf('.timeline .step-bad', 'data-step')).toBe('0a');
    expect(await attrOf('[data-link="mdn"]', 'href')).toContain('CORSMissingAllowOrigin');
    await panel.screenshot(path.join(ARTIFACTS_DIR, 'workflows-verdict.png'));
  });

  test('switch stacks: the snippet follows, and the choice is kept in storage.local', async () => {
    await panel.click('.detail-tabs [data-tab="fix"]');
    await waitFor(() => attrOf('[data-testid="fix-snippet"]', 'data-stack'), { message: 'the fix snippet' });
    await choose('[data-action="stack"]', 'express');
    await waitFor(async () => (await attrOf('[data-testid="fix-snippet"]', 'data-stack')) === 'express', { message: 'the Express snippet' });
    expect(await text('[data-testid="fix-snippet"]')).toContain(lab.pageOrigin);
    const stored = await waitFor(
      () => browser.sw.evaluate(() => chrome.storage.local.get('panelPrefs').then((r) => (r['panelPrefs'] as { stack?: string } | undefined)?.stack ?? null)),
      { message: 'the stack in storage.local' },
    );
    expect(stored).toBe('express');
  });

  test('copy a fix: the clipboard holds the snippet, and the button says so', async () => {
    const snippet = await text('[data-testid="fix-snippet"]');
    await panel.click('[data-testid="copy-fix"]');
    await waitText('[data-testid="copy-fix"]', (t) => t.includes('Copied'), 'the Copied confirmation');
    expect(await text('.copy-status[data-copy-state="copied"]')).toContain('Copied');
    // DevTools' frames block clipboard reads (permissions policy), so read the browser's clipboard
    // from an ordinary tab that may.
    const reader = await browser.context.newPage();
    try {
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.pageOrigin });
      await reader.goto(lab.pageUrl);
      await reader.bringToFront();
      const clipboard = await reader.evaluate(() => navigator.clipboard.readText());
      expect(clipboard).toBe(snippet);
      expect(clipboard).toContain('cors');
    } finally {
      await reader.close();
      await browser.page.bringToFront();
    }
  });

  test('the stack is remembered by a new DevTools session', async () => {
    await panel.close();
    panel = await openCorsPanel(browser, browser.page, { window: { width: 1400, height: 900 } });
    await panel.waitForRows((rows) => rows.some((r) => r.url === blocked.url), 'the blocked row after reopening');
    await panel.click(attr(blocked.url));
    await panel.click('.detail-tabs [data-tab="fix"]');
    await waitFor(async () => (await attrOf('[data-testid="fix-snippet"]', 'data-stack')) === 'express', { message: 'the remembered stack' });
  });

  test('what if: adding Access-Control-Allow-Origin flips the verdict to allowed; reset restores it', async () => {
    await panel.click('.detail-tabs [data-tab="what-if"]');
    expect(await attrOf('[data-testid="whatif-verdict"]', 'data-outcome')).toBe('blocked');
    await panel.click('[data-response="0:actual"] [data-action="add-header"]');
    const last = (field: string) => `[data-response="0:actual"] tr:last-child [data-field="${field}"]`;
    await panel.type(last('name'), 'Access-Control-Allow-Origin');
    await panel.type(last('value'), lab.pageOrigin);
    await waitFor(async () => (await attrOf('[data-testid="whatif-verdict"]', 'data-outcome')) === 'allowed', { message: 'the verdict to flip' });
    expect(await text('[data-testid="whatif-verdict"]')).toContain('(was blocked)');
    // The list still says what the browser really did.
    expect(await attrOf(attr(blocked.url), 'data-outcome')).toBe('blocked');
    await panel.click('[data-action="reset"]');
    await waitFor(async () => (await attrOf('[data-testid="whatif-verdict"]', 'data-outcome')) === 'blocked', { message: 'the reset' });
  });

  test('import a HAR exported by Chrome and one exported by Firefox: the same verdicts as the cors-lens command', async () => {
    for (const name of ['chrome-basic.har', 'firefox-basic.har']) {
      const file = path.join(HAR_DIR, name);
      await panel.setFiles('[data-action="import-file"]', [file]);
      await waitText('[data-testid="import-banner"]', (t) => t.includes(name), `the import of ${name}`);
      const expected = analyze(harToObservations(JSON.parse(fs.readFileSync(file, 'utf8'))).observations, { browser: 'chrome' });
      await waitFor(async () => (await rowOutcomes()).length === expected.length, { message: `${expected.length} rows from ${name}` });
      expect(await rowOutcomes()).toEqual(expected.map((a) => `${a.verdict.outcome} ${a.verdict.reason}`));
    }
    const broken = path.join(downloads, 'broken.har');
    fs.writeFileSync(broken, '{"log": {"entries": [');
    await panel.setFiles('[data-action="import-file"]', [broken]);
    expect(await waitText('[data-testid="import-error"]', (t) => t.length > 0, 'the import error')).toMatch(/broken\.har is not valid JSON/);
  });

  test('export JSON (the cors-lens schema) and HAR, redacted; the HAR export imports back with the same verdicts', async () => {
    // The Chrome fixture, imported, is the session to export.
    const fixture = path.join(HAR_DIR, 'chrome-basic.har');
    await panel.setFiles('[data-action="import-file"]', [fixture]);
    await waitText('[data-testid="import-banner"]', (t) => t.includes('chrome-basic.har'), 'the import');
    const expected = analyze(harToObservations(JSON.parse(fs.readFileSync(fixture, 'utf8'))).observations, { browser: 'chrome' });

    const exportAs = async (action: string, ext: string) =>
      nextDownload(async () => {
        await panel.click('[data-action="export"]');
        await panel.click(`[data-action="${action}"]`);
      }, ext);
    const json = fs.readFileSync(await exportAs('export-json', '.json'), 'utf8');
    expect(json).toBe(toJsonReport(expected, { fix: reportFix })); // byte for byte what cors-lens --format json prints
    expect(json).not.toContain('s3cr3t-token');

    const harFile = await exportAs('export-har', '.har');
    expect(fs.readFileSync(harFile, 'utf8')).not.toContain('s3cr3t-token');
    await panel.setFiles('[data-action="import-file"]', [harFile]);
    await waitText('[data-testid="import-banner"]', (t) => t.includes(path.basename(harFile)), 'the re-import');
    expect(await rowOutcomes()).toEqual(expected.map((a) => `${a.verdict.outcome} ${a.verdict.reason}`));

    // The JSON report holds verdicts, not traffic: importing it says so.
    const jsonFile = path.join(downloads, 'report.json');
    fs.writeFileSync(jsonFile, json);
    await panel.setFiles('[data-action="import-file"]', [jsonFile]);
    expect(await waitText('[data-testid="import-error"]', (t) => t.includes('report.json'), 'the JSON import message')).toContain('Import the HAR export instead');
    await panel.click('[data-action="close-import"]');
    await panel.waitForRows((rows) => rows.some((r) => r.url === blocked.url), 'the live rows again');
  });
});
