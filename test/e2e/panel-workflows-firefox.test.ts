/**
 * Firefox smoke test of the panel's workflows with the real extension: select a blocked request
 * and read Firefox's own console lines, switch the fix stack, flip the verdict in the what-if
 * editor, import a HAR exported by Firefox. (The Chromium file clicks through everything.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { harToObservations } from '../../src/sources/har';
import { launchFirefox, type FirefoxPanel, type FirefoxSession } from './support/firefox';
import { runScenarios, scenarios, startTestLab, urlOfRun, waitForLabPage, waitForRunsInPanel, type Lab, type LabRun } from './support/lab';
import { ARTIFACTS_DIR, REPO_ROOT } from './support/paths';
import { waitFor } from './support/wait';
import { warmUpFirefoxPanel } from './support/firefox-warmup';

const byId = (id: string) => {
  const s = scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`the lab has no scenario ${id}`);
  return s;
};

describe('Firefox: panel workflows', () => {
  let lab: Lab;
  let browser: FirefoxSession;
  let panel: FirefoxPanel;
  let blocked: LabRun;

  const text = (selector: string) => panel.run<string>(`return document.querySelector(${JSON.stringify(selector)})?.textContent ?? '';`);
  const attrOf = (selector: string, name: string) =>
    panel.run<string | null>(`return document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)}) ?? null;`);

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchFirefox();
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    panel = await browser.openCorsPanel();
    await warmUpFirefoxPanel(browser, panel, lab, 'wf-warmup');
    const runs = await runScenarios(browser.page, lab, [byId('acao-missing-get')], { tag: 'ffwf' });
    await waitForRunsInPanel(panel, runs);
    blocked = runs[0]!;
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  test('a blocked request: the verdict sentence and the lines Firefox printed, on the Firefox tab', async () => {
    await panel.click(`[data-exchange-url="${blocked.url}"]`);
    const summary = await waitFor(async () => {
      const t = await text('[data-testid="summary"]');
      return t.startsWith('Blocked') ? t : null;
    }, { message: 'the verdict sentence' });
    expect(summary).toContain('Access-Control-Allow-Origin');
    // The panel opens the console tab of the browser it runs in.
    expect(await panel.run<boolean>(`return !document.querySelector('#console-panel-firefox').hidden;`)).toBe(true);
    const printed = await waitFor(() => browser.corsLines().filter((l) => urlOfRun(blocked, l.url)).map((l) => l.text).join('\n') || null, {
      message: 'Firefox’s console line',
    });
    expect(await text('.console-text[data-browser="firefox"]')).toBe(printed);
    await panel.screenshot(path.join(ARTIFACTS_DIR, 'firefox-workflows.png'));
  });

  test('fix: switching the stack re-renders the snippet', async () => {
    await panel.click('.detail-tabs [data-tab="fix"]');
    await waitFor(() => attrOf('[data-testid="fix-snippet"]', 'data-stack'), { message: 'the fix snippet' });
    await panel.run(`const s = document.querySelector('[data-action="stack"]'); s.value = 'nginx'; s.dispatchEvent(new window.Event('change', { bubbles: true }));`);
    await waitFor(async () => (await attrOf('[data-testid="fix-snippet"]', 'data-stack')) === 'nginx', { message: 'the nginx snippet' });
    expect(await text('[data-testid="fix-snippet"]')).toContain('add_header Access-Control-Allow-Origin');
  });

  test('what if: adding the header flips the verdict to allowed', async () => {
    await panel.click('.detail-tabs [data-tab="what-if"]');
    expect(await attrOf('[data-testid="whatif-verdict"]', 'data-outcome')).toBe('blocked');
    await panel.click('[data-response="0:actual"] [data-action="add-header"]');
    await panel.run(`
      const set = (field, value) => {
        const input = document.querySelector('[data-response="0:actual"] tr:last-child [data-field="' + field + '"]');
        input.value = value;
        input.dispatchEvent(new window.Event('input', { bubbles: true }));
      };
      set('name', 'Access-Control-Allow-Origin');
      set('value', ${JSON.stringify(lab.pageOrigin)});`);
    await waitFor(async () => (await attrOf('[data-testid="whatif-verdict"]', 'data-outcome')) === 'allowed', { message: 'the verdict to flip' });
  });

  test('import a HAR exported by Firefox: analysed as the cors-lens command does', async () => {
    const file = path.join(REPO_ROOT, 'test/fixtures/har/firefox-basic.har');
    const har = fs.readFileSync(file, 'utf8');
    await panel.run(`
      const input = document.querySelector('[data-action="import-file"]');
      const dt = new window.DataTransfer();
      dt.items.add(new window.File([${JSON.stringify(har)}], 'firefox-basic.har', { type: 'application/json' }));
      input.files = dt.files;
      input.dispatchEvent(new window.Event('change', { bubbles: true }));`);
    await waitFor(async () => (await text('[data-testid="import-banner"]')).includes('firefox-basic.har'), { message: 'the import banner' });
    const expected = analyze(harToObservations(JSON.parse(har)).observations, { browser: 'firefox' });
    const rows = await panel.waitForRows((r) => r.length === expected.length, `${expected.length} imported rows`);
    expect(rows.map((r) => `${r.outcome} ${r.reason}`)).toEqual(expected.map((a) => `${a.verdict.outcome} ${a.verdict.reason}`));
  });
});
