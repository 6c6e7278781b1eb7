/**
 * Issue 14's answers in Firefox ESR with the real extension: "Fix this server" with its proof,
 * "fixed ✓" across a reload with Preserve log on, and cookies — the panel's fate for each
 * Set-Cookie checked against Firefox's own cookie jar (partitions included) and its console
 * lines against what Firefox printed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LOGIN_COOKIES, pageCallsApi, startAnswersApi, type AnswersApi } from './support/answers-api';
import { launchFirefox, type FirefoxPanel, type FirefoxSession } from './support/firefox';
import { warmUpFirefoxPanel } from './support/firefox-warmup';
import { startTestLab, waitForLabPage, type Lab } from './support/lab';
import { waitFor } from './support/wait';

describe('Firefox: one fix per server, "fixed ✓", cookies explained', () => {
  let lab: Lab;
  let api: AnswersApi;
  let browser: FirefoxSession;
  let panel: FirefoxPanel;
  const q = (s: string) => JSON.stringify(s);
  const callApi = (round: string) => browser.page.evaluate(pageCallsApi, { origin: api.origin, round });

  beforeAll(async () => {
    lab = await startTestLab();
    api = await startAnswersApi(lab.pageOrigin);
    browser = await launchFirefox();
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    panel = await browser.openCorsPanel();
    await warmUpFirefoxPanel(browser, panel, lab, 'answers-warmup');
    await panel.click('[data-action="preserve-log"]');
    await waitFor(() => panel.run<boolean>(`return document.querySelector('[data-action="preserve-log"]').checked;`), { message: 'Preserve log on' });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await lab?.close();
  });

  test('two failures to one API: "Fix this server" proves one configuration for both', async () => {
    expect(await callApi('1')).toEqual(['failed', 'failed']);
    await panel.waitForRows((rows) => rows.filter((r) => r.url.startsWith(api.origin) && r.outcome === 'blocked').length === 2, 'two blocked rows');
    await panel.click(`[data-action="fix-server"][data-origin=${q(api.origin)}]`);
    const verified = await waitFor(() => panel.run<string | null>(`return document.querySelector('[data-testid="server-fix-verified"]')?.textContent ?? null;`), {
      message: 'the server fix with its proof',
    });
    expect(verified).toBe('✓ 2 of 2 pass under this policy, none that passed breaks');
    const snippet = await panel.run<string>(`return document.querySelector('[data-testid="server-fix-snippet"]').textContent;`);
    expect(snippet).toContain(`Access-Control-Allow-Origin: ${lab.pageOrigin}`);
  });

  test('the server is fixed and the page reloaded: the old rows say "fixed ✓"', async () => {
    api.state.fixed = true;
    await browser.page.reload();
    await waitForLabPage(browser.page);
    expect(await callApi('2')).toEqual(['ok', 'ok']);
    const marks = () =>
      panel.run<Array<[string, string | null]>>(
        `return [...document.querySelectorAll('[data-exchange-url^=${q(api.origin)}]')].map((r) => [r.getAttribute('data-outcome'), r.getAttribute('data-fix-mark')]);`,
      );
    await waitFor(async () => {
      const m = await marks();
      return m.length === 4 && m.every(([, k]) => k !== null);
    }, { message: 'four rows, each with a fix mark' });
    expect((await marks()).sort()).toEqual([['allowed', 'now-passes'], ['allowed', 'now-passes'], ['blocked', 'fixed'], ['blocked', 'fixed']]);
  });

  test('cookies: the panel’s fate of each Set-Cookie is what Firefox stored, its lines what Firefox printed', async () => {
    const status = await browser.page.evaluate((origin) => fetch(`${origin}/api/login`, { method: 'POST', credentials: 'include' }).then((r) => r.status), api.origin);
    expect(status).toBe(200);
    await panel.waitForRows((rows) => rows.some((r) => r.url === `${api.origin}/api/login`), 'the login row');
    await panel.click(`[data-exchange-url=${q(`${api.origin}/api/login`)}]`);
    await waitFor(
      () => panel.run<boolean>(`return (document.querySelector('[data-testid="credentials"]')?.textContent ?? '').startsWith('include');`),
      { message: 'the credentials mode observed from the page' },
    );
    const fates = Object.fromEntries(
      await panel.run<Array<[string, string]>>(`return [...document.querySelectorAll('[data-testid="cookies"] [data-cookie]')].map((e) => [e.getAttribute('data-cookie'), e.getAttribute('data-fate')]);`),
    );
    expect(Object.keys(fates)).toHaveLength(LOGIN_COOKIES.length);
    // Firefox's jar, partitions included (Total Cookie Protection keys third-party cookies by top-level site).
    const jar = JSON.parse(
      await browser.chromeEval<string>(
        `JSON.stringify(Services.cookies.cookies.filter((c) => c.host === 'localhost').map((c) => [c.name, c.originAttributes.partitionKey || '']))`,
      ),
    ) as Array<[string, string]>;
    const stored = new Map(jar);
    for (const [name, fate] of Object.entries(fates)) {
      if (fate === 'rejected') expect(stored.has(name), `${name}: the panel says rejected`).toBe(false);
      if (fate === 'partitioned') expect(stored.get(name), `${name}: the panel says partitioned`).toMatch(/^\(http,127\.0\.0\.1/);
      if (fate === 'stored') expect(stored.get(name), `${name}: the panel says stored`).toBe('');
    }
    const shownLines = await panel.run<string[]>(`return [...document.querySelectorAll('[data-cookie-console="firefox"]')].map((e) => e.textContent);`);
    const printed = await waitFor(() => {
      const lines = browser.consoleEntries().map((e) => e.text).filter((t) => t.startsWith('Cookie “'));
      return lines.length >= shownLines.length ? lines : null;
    }, { message: 'Firefox’s cookie console lines' });
    expect(shownLines.length).toBeGreaterThan(0);
    for (const line of shownLines) expect(printed).toContain(line);
  });
});
