/**
 * Issue 13 in real Chromium, with the product's defaults (no background recording, no page
 * hooks): CORS Lens listens to a tab's requests only while DevTools is open on it.
 *
 * - With DevTools closed only the errors-only listener exists: a page's requests reach no full
 *   listener, its failed cross-origin request badges the tab ("1", with a title saying what to do).
 * - Opening DevTools adds the tab's listener set; the panel lists the failure seen before, and
 *   "Reload and capture" reloads the page and records it in full.
 * - Another tab's traffic reaches no full listener meanwhile (only its failures are counted).
 * - Closing DevTools removes the set, and a removed set no longer wakes the stopped worker: the
 *   next worker instance has heard nothing of a request made while it was stopped.
 * - "Record in the background", turned on and off again, leaves nothing that wakes the worker.
 *
 * What the background heard is read from its test hooks (src/background/test-hooks.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureView, FailuresView } from '../../src/background/test-hooks';
import { FAIL, startCaptureSite, type CaptureSite } from './support/capture-site';
import { launchChromium, type ChromiumSession, stopExtensionWorker } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { waitFor } from './support/wait';

describe('Chromium: capture while DevTools is open (issue 13)', () => {
  let site: CaptureSite;
  let browser: ChromiumSession;

  const hook = <T>(expression: string): Promise<T> => browser.sw.evaluate(`self.__corsLens.ready.then(() => ${expression})`) as Promise<T>;
  const capture = () => hook<CaptureView>('self.__corsLens.capture()');
  const failures = (tabId: number) => hook<FailuresView>(`self.__corsLens.failures(${tabId})`);
  /** The tab whose failures the errors-only listener counted for `tag`. */
  const tabWithFailure = (tag: string) =>
    waitFor(
      async () => {
        for (const tabId of await hook<number[]>('self.__corsLens.failureTabs()')) if ((await failures(tabId)).listed.some((f) => f.url.includes(tag))) return tabId;
        return undefined;
      },
      { message: `the errors-only listener to count the failure of ${tag}` },
    );
  const load = async (page: Page, tag: string) => {
    await page.goto(site.pageUrl(tag));
    await page.evaluate('window.loaded');
  };
  const instance = (): Promise<number> => browser.sw.evaluate('self.__e2eInstance ??= Math.random()') as Promise<number>;
  /**
   * Stops the worker, makes a request that succeeds (no listener but a full one could wake the
   * worker for it), then one that fails (the errors-only listener wakes it). Returns how much of
   * the first request the new instance heard: nothing, if no full listener was left behind.
   */
  async function heardWhileStopped(page: Page, tag: string): Promise<number> {
    const before = await instance();
    await stopExtensionWorker(browser);
    await page.evaluate((u) => fetch(u).then((r) => r.text()), site.allowedUrl(`${tag}-quiet`));
    await page.evaluate(FAIL, site.blockedUrl(`${tag}-wake`));
    await tabWithFailure(`${tag}-wake`);
    expect(await instance()).not.toBe(before);
    return hook<number>(`self.__corsLens.heard(${JSON.stringify(`${tag}-quiet`)})`);
  }

  beforeAll(async () => {
    site = await startCaptureSite();
    browser = await launchChromium({ backgroundRecording: false, pageHooks: false });
    // The start-up bridge (every tab, until the stored scope is loaded) is gone.
    await waitFor(async () => !(await capture()).all, { message: 'the start-up bridge to go' });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('DevTools closed: no full listener hears the page; its failure badges the tab', async () => {
    expect(await capture()).toMatchObject({ all: false, background: false, tabs: [], workers: false, inspected: [] });
    await load(browser.page, 'closed');
    const tabId = await tabWithFailure('closed');
    expect((await capture()).delivered[String(tabId)] ?? 0).toBe(0);
    const seen = await waitFor(
      async () => {
        const f = await failures(tabId);
        const real = (await browser.sw.evaluate(`(async () => ({ text: await chrome.action.getBadgeText({ tabId: ${tabId} }), title: await chrome.action.getTitle({ tabId: ${tabId} }) }))()`)) as { text: string; title: string };
        return f.count === 1 && real.text === '1' ? { f, real } : null;
      },
      { message: 'the badge to say 1' },
    );
    expect(seen.f.listed.map((x) => x.url)).toEqual([site.blockedUrl('closed')]);
    expect(seen.real.title).toBe('1 cross-origin request failed — open the CORS tab in DevTools and reload');
    console.log(`DevTools closed: badge "${seen.real.text}" "${seen.real.title}"; failure ${seen.f.listed[0]?.error}`);
  });

  test('opening DevTools adds the tab’s listeners; the panel lists the earlier failure; Reload and capture records the page', async () => {
    const tabId = await tabWithFailure('closed');
    let panel: CorsPanel | undefined = await openCorsPanel(browser, browser.page);
    try {
      const live = await waitFor(async () => {
        const c = await capture();
        return c.tabs.includes(tabId) && c.inspected.includes(tabId) ? c : null;
      }, { message: 'the tab’s listener set' });
      expect(live).toMatchObject({ all: false, tabs: [tabId] });
      const banner = await panel.textOf('[data-testid="missed-banner"]');
      expect(banner).toContain('1 cross-origin request failed before DevTools was open');
      await panel.click('[data-action="show-missed"]');
      const listed = `[...document.querySelectorAll('[data-missed-url]')].some((e) => e.dataset.missedUrl === ${JSON.stringify(site.blockedUrl('closed'))})`;
      await waitFor(() => panel!.evaluate<boolean>(listed), { message: 'the failed URL in the list' });

      const reloaded = browser.page.waitForEvent('load');
      await panel.click('[data-action="reload-and-capture"]');
      await reloaded;
      await browser.page.evaluate('window.loaded');
      const rows = await panel.waitForRows((rs) => rs.some((r) => r.url === site.blockedUrl('closed') && r.outcome === 'blocked') && rs.some((r) => r.url === site.allowedUrl('closed')), 'the reloaded page’s rows');
      expect(rows.find((r) => r.url === site.blockedUrl('closed'))?.outcome).toBe('blocked');
      await waitFor(async () => !(await panel!.evaluate<boolean>(`!!document.querySelector('[data-testid="missed-banner"]')`)), { message: 'the banner to go' });
      expect((await failures(tabId)).count).toBe(0);
      expect((await capture()).delivered[String(tabId)]).toBeGreaterThan(0);
      console.log(`Reload and capture: ${rows.length} rows after the reload`);

      // Another tab meanwhile: its failure is counted, none of its events reach a full listener.
      const other = await browser.context.newPage();
      try {
        await load(other, 'other');
        const otherTab = await tabWithFailure('other');
        // A request of the inspected tab after it, to have something to wait for.
        await browser.page.evaluate((u) => fetch(u).then((r) => r.text()), site.allowedUrl('after-other'));
        await panel.waitForRows((rs) => rs.some((r) => r.url === site.allowedUrl('after-other')), 'the inspected tab’s next row');
        const c = await capture();
        expect(c.delivered[String(otherTab)] ?? 0).toBe(0);
        expect(await hook<number>(`self.__corsLens.heard('tag=other')`)).toBe(0);
        console.log(`other tab ${otherTab}: ${(await failures(otherTab)).count} failure counted, 0 events delivered; inspected tab ${tabId}: ${c.delivered[String(tabId)]} events`);
      } finally {
        await other.close();
      }

      // The same check as below, with DevTools open: a request made while the worker is stopped
      // wakes it (the tab's set is remembered by Chromium) and is heard.
      const before = await instance();
      await stopExtensionWorker(browser);
      await browser.page.evaluate((u) => fetch(u).then((r) => r.text()), site.allowedUrl('while-open-quiet'));
      await waitFor(async () => (await hook<number>(`self.__corsLens.heard('while-open-quiet')`)) > 0, { message: 'the request made while the worker was stopped to be heard' });
      expect(await instance()).not.toBe(before);
      await panel.waitForRows((rs) => rs.some((r) => r.url === site.allowedUrl('while-open-quiet')), 'its row');

      await panel.close();
      panel = undefined;
      await waitFor(async () => {
        const c = await capture();
        return c.tabs.length === 0 && c.inspected.length === 0 ? c : null;
      }, { message: 'the tab’s listener set to go with DevTools' });
    } finally {
      await panel?.close();
    }
  });

  test('a removed tab set no longer wakes the stopped worker', async () => {
    const heard = await heardWhileStopped(browser.page, 'after-close');
    expect(heard).toBe(0);
    expect(await capture()).toMatchObject({ tabs: [], inspected: [] });
  });

  test('"Record in the background" turned on then off leaves nothing that wakes the worker', async () => {
    await hook(`chrome.storage.local.get('panelPrefs').then((p) => chrome.storage.local.set({ panelPrefs: { ...(p.panelPrefs || {}), backgroundRecording: true } }))`);
    await waitFor(async () => (await capture()).all, { message: 'background recording on' });
    await browser.page.evaluate((u) => fetch(u).then((r) => r.text()), site.allowedUrl('recorded'));
    await waitFor(async () => (await hook<number>(`self.__corsLens.heard('tag=recorded')`)) > 0, { message: 'the request to be heard' });
    await hook(`chrome.storage.local.get('panelPrefs').then((p) => chrome.storage.local.set({ panelPrefs: { ...(p.panelPrefs || {}), backgroundRecording: false } }))`);
    await waitFor(async () => !(await capture()).all, { message: 'background recording off' });
    expect(await heardWhileStopped(browser.page, 'after-off')).toBe(0);
  });
});
