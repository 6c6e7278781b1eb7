/**
 * Issue 14's answers, driven as a developer would in real Chromium with the real extension:
 * two requests to one API fail; "Fix this server" shows one configuration with the evaluator's
 * proof; the developer fixes the server and reloads (Preserve log on); the old rows say
 * "fixed ✓" and the new ones link back. Then a credentialed login sets cookies cross-site
 * (127.0.0.1 page → localhost API): what the panel says of each Set-Cookie is checked against
 * what Chromium actually stored (the browser's own cookie jar).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { startTestLab, waitForLabPage, type Lab } from './support/lab';
import { ARTIFACTS_DIR } from './support/paths';
import { pageCallsApi, startAnswersApi, type AnswersApi } from './support/answers-api';
import { waitFor } from './support/wait';

describe('Chromium: one fix per server, "fixed ✓", cookies explained', () => {
  let lab: Lab;
  let api: AnswersApi;
  let browser: ChromiumSession;
  let panel: CorsPanel;

  const q = (s: string) => JSON.stringify(s);
  const attrs = (selector: string, name: string) =>
    panel.evaluate<Array<string | null>>(`[...document.querySelectorAll(${q(selector)})].map((e) => e.getAttribute(${q(name)}))`);
  const callApi = (round: string) => browser.page.evaluate(pageCallsApi, { origin: api.origin, round });

  beforeAll(async () => {
    lab = await startTestLab();
    api = await startAnswersApi(lab.pageOrigin);
    browser = await launchChromium();
    await backgroundReady(browser.sw);
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    await warmUp(browser.page, browser.sw, {
      url: `${lab.apiOrigin}/__lab/log?e2e-answers-warmup`,
      recorded: async (w) => (await backgroundSeen(w, 'e2e-answers-warmup')) > 0,
    });
    panel = await openCorsPanel(browser, browser.page, { window: { width: 1400, height: 900 } });
    await panel.click('[data-action="preserve-log"]');
    await waitFor(() => panel.evaluate<boolean>(`document.querySelector('[data-action="preserve-log"]').checked`), { message: 'Preserve log on' });
  });

  afterAll(async () => {
    await panel?.close();
    await browser?.close();
    await api?.close();
    await lab?.close();
  });

  test('two failures to one API: "Fix this server" proves one configuration for both', async () => {
    expect(await callApi('1')).toEqual(['failed', 'failed']);
    await panel.waitForRows((rows) => rows.filter((r) => r.url.startsWith(api.origin) && r.outcome === 'blocked').length === 2, 'two blocked rows');
    const reasons = await panel.evaluate<string[]>(`[...document.querySelectorAll('[data-exchange-url^=${q(api.origin)}] .col-reason')].map((e) => e.textContent)`);
    expect(reasons.sort()).toEqual(['No ACAO', 'preflight 401 — auth before CORS']);
    await panel.click(`[data-action="fix-server"][data-origin=${q(api.origin)}]`);
    const verified = await waitFor(() => panel.evaluate<string | null>(`document.querySelector('[data-testid="server-fix-verified"]')?.textContent ?? null`), {
      message: 'the server fix with its proof',
    });
    expect(verified).toBe('✓ 2 of 2 pass under this policy, none that passed breaks');
    expect(await attrs('[data-testid="server-fix-checks"] li', 'data-passes')).toEqual(['true', 'true']);
    const snippet = await panel.textOf('[data-testid="server-fix-snippet"]');
    expect(snippet).toContain(`Access-Control-Allow-Origin: ${lab.pageOrigin}`);
    expect(snippet).toMatch(/Access-Control-Allow-Methods: PUT/);
    expect(snippet).toMatch(/Access-Control-Allow-Headers: content-type/);
    expect(snippet).toMatch(/HTTP\/1\.1 204 No Content/);
    await panel.screenshot(path.join(ARTIFACTS_DIR, 'answers-server-fix.png'));
  });

  test('the developer fixes the server and reloads: the old rows say "fixed ✓", the new ones link back', async () => {
    api.state.fixed = true;
    await browser.page.reload();
    await waitForLabPage(browser.page);
    expect(await callApi('2')).toEqual(['ok', 'ok']);
    await panel.waitForRows((rows) => rows.filter((r) => r.url.startsWith(api.origin) && r.outcome === 'allowed').length === 2, 'two allowed rows after the fix');
    const marks = () => panel.evaluate<Array<[string, string | null]>>(
      `[...document.querySelectorAll('[data-exchange-url^=${q(api.origin)}]')].map((r) => [r.getAttribute('data-outcome'), r.getAttribute('data-fix-mark')])`,
    );
    // When it runs out, the wait quotes every API row as the panel shows it.
    const rowsAsShown = () => panel.evaluate<string>(
      `JSON.stringify([...document.querySelectorAll('[data-exchange-url^=${q(api.origin)}]')].map((r) => [r.getAttribute('data-exchange-url'), r.getAttribute('data-outcome'), r.getAttribute('data-fix-mark'), r.textContent]))`,
    );
    await waitFor(
      async () => {
        if ((await marks()).every(([, m]) => m !== null)) return true;
        throw new Error(await rowsAsShown());
      },
      { message: 'a fix mark on every row' },
    );
    expect((await marks()).sort()).toEqual([['allowed', 'now-passes'], ['allowed', 'now-passes'], ['blocked', 'fixed'], ['blocked', 'fixed']]);
    // Fixed failures are history: the server bar no longer counts them as blocked.
    const bar = await panel.evaluate<string>(`document.querySelector('[data-action="fix-server"][data-origin=${q(api.origin)}]')?.textContent ?? ''`);
    expect(bar).not.toContain('blocked');
    const label = await panel.textOf('tr[data-fix-mark="fixed"] .fix-mark');
    expect(label).toMatch(/^fixed ✓ \d\d:\d\d:\d\d$/);
    // The mark is a link: it opens the request that passed.
    await panel.click('tr[data-fix-mark="fixed"] .fix-mark');
    const outcome = await waitFor(
      () => panel.evaluate<string | null>(`(() => {
        const id = document.querySelector('[data-testid="detail"]')?.getAttribute('data-exchange-id');
        return id ? document.querySelector('tr[data-exchange-id="' + CSS.escape(id) + '"]')?.getAttribute('data-outcome') ?? null : null;
      })()`),
      { message: 'the detail of the request that passed' },
    );
    expect(outcome).toBe('allowed');
    await panel.screenshot(path.join(ARTIFACTS_DIR, 'answers-fixed.png'));
  });

  test('cookies: what the panel says of each Set-Cookie is what Chromium stored', async () => {
    const status = await browser.page.evaluate((origin) => fetch(`${origin}/api/login`, { method: 'POST', credentials: 'include' }).then((r) => r.status), api.origin);
    expect(status).toBe(200);
    await panel.waitForRows((rows) => rows.some((r) => r.url === `${api.origin}/api/login`), 'the login row');
    await panel.click(`[data-exchange-url=${q(`${api.origin}/api/login`)}]`);
    // The credentials mode comes from the page-side record of the fetch call, which may arrive
    // just after the request's own events: the verdict is re-evaluated then.
    const credentials = await waitFor(
      () => panel.evaluate<string | null>(`(document.querySelector('[data-testid="credentials"]')?.textContent ?? '').startsWith('include') ? document.querySelector('[data-testid="credentials"]').textContent : null`),
      { message: 'the credentials mode observed from the page' },
    );
    expect(credentials).toBe("include — observed: The page called fetch with credentials: 'include'.");
    await waitFor(() => panel.evaluate<boolean>(`!!document.querySelector('[data-testid="cookies"] [data-cookie]')`), { message: 'the cookies section' });
    const fates = Object.fromEntries(
      await panel.evaluate<Array<[string, string]>>(`[...document.querySelectorAll('[data-testid="cookies"] [data-cookie]')].map((e) => [e.getAttribute('data-cookie'), e.getAttribute('data-fate')])`),
    );
    expect(fates).toEqual({ lax: 'rejected', unset: 'rejected', none_insecure: 'rejected', none_secure: 'third-party' });
    const stored = new Set((await browser.context.cookies(api.origin)).map((c) => c.name));
    for (const [name, fate] of Object.entries(fates)) {
      if (fate === 'rejected') expect(stored.has(name), `${name} was predicted rejected`).toBe(false);
    }
    // A third-party cookie's fate is the user's setting; this profile's answer is recorded, not assumed.
    console.log(`Chromium stored of the third-party cookies: ${['none_secure'].filter((n) => stored.has(n)).join(', ') || 'none'}`);
    const notes = await panel.textOf('[data-testid="cookies"]');
    expect(notes).toContain('127.0.0.1 and localhost are different sites');
  });
});
