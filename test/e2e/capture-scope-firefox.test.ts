/**
 * Issue 13 in real Firefox, with the product's defaults (no background recording, no page hooks):
 * the same as capture-scope-chromium.test.ts. What would wake the suspended event page is read
 * from Firefox itself: the listeners it persists for the extension, with their filters. Firefox
 * records them at each start of the event page (the ones registered before its first await) and
 * primes them while it is suspended, so each check lets the page suspend (1 s idle timeout) and
 * start again first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureView, FailuresView } from '../../src/background/test-hooks';
import { FAIL, startCaptureSite, type CaptureSite } from './support/capture-site';
import { launchFirefox, type FirefoxPanel, type FirefoxSession } from './support/firefox';
import { backgroundState, readBackground } from './support/firefox-background';
import { waitFor } from './support/wait';

/** One persisted webRequest listener: event, filter and options, as Firefox keeps them. */
interface Persisted {
  event: string;
  filter: { tabId?: number; types?: string[] };
  spec: string[];
}

describe('Firefox: capture while DevTools is open (issue 13)', () => {
  let site: CaptureSite;
  let browser: FirefoxSession;
  /** A second tab: it wakes a suspended event page with a failed request (counted there, not on the tab under test). */
  let waker: Page;

  let wakes = 0;
  const wake = () => waker.evaluate(FAIL, site.blockedUrl(`wake-${++wakes}`));
  const hook = <T>(expression: string): Promise<T> => readBackground<T>(browser, `self.__corsLens.ready.then(() => ${expression})`, wake);
  const capture = () => hook<CaptureView>('self.__corsLens.capture()');
  const failures = (tabId: number) => hook<FailuresView>(`self.__corsLens.failures(${tabId})`);
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
  /** The webRequest listeners Firefox keeps for the extension (what wakes its event page). */
  const persisted = async (): Promise<Persisted[]> =>
    JSON.parse(
      await browser.chromeEval<string>(`(() => {
        const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
        const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(browser.extensionId)});
        const out = [];
        for (const [event, listeners] of ext.persistentListeners?.get("webRequest") ?? []) {
          for (const l of listeners.values()) out.push({ event, filter: l.params[0] ?? {}, spec: l.params[1] ?? [] });
        }
        return JSON.stringify(out);
      })()`),
    ) as Persisted[];
  const describeListeners = (ls: Persisted[]) => ls.map((l) => `${l.event}${typeof l.filter.tabId === 'number' ? `@${l.filter.tabId}` : ''}${l.spec.length ? `[${l.spec.join(',')}]` : ''}`).sort();
  /** Lets the event page suspend, wakes it (a failed request in the waker tab) and returns what its start persisted. */
  async function afterRestart(): Promise<string[]> {
    await waitFor(async () => (await backgroundState(browser)) === 'stopped', { message: 'the event page to suspend' });
    await hook('true');
    return describeListeners(await persisted());
  }
  const closeToolbox = () =>
    browser.chromeEval(`(async () => {
      const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
      const { gDevTools } = require("devtools/client/framework/devtools");
      await gDevTools.getToolboxForTab(gBrowser.selectedTab)?.destroy();
      return true;
    })()`);

  beforeAll(async () => {
    site = await startCaptureSite();
    browser = await launchFirefox({ backgroundRecording: false, pageHooks: false, prefs: { 'extensions.background.idle.timeout': 1000 } });
    waker = await browser.browser.newPage();
    await waker.goto(site.pageUrl('waker'));
    await browser.page.bringToFront();
    await waitFor(async () => !(await capture()).all, { message: 'the start-up bridge to go' });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('DevTools closed: only the errors-only listener exists; a failure badges the tab', async () => {
    expect(await capture()).toMatchObject({ all: false, background: false, tabs: [], workers: false, inspected: [] });
    // The first start ever registered the bridge (nothing stored yet); every later one only this.
    expect(await afterRestart()).toEqual(['onErrorOccurred']);
    await load(browser.page, 'closed');
    const tabId = await tabWithFailure('closed');
    expect((await capture()).delivered[String(tabId)] ?? 0).toBe(0);
    const badge = await waitFor(
      async () => {
        const b = await hook<{ text: string; title: string }>(`(async () => ({ text: await browser.action.getBadgeText({ tabId: ${tabId} }), title: await browser.action.getTitle({ tabId: ${tabId} }) }))()`);
        return b.text === '1' ? b : null;
      },
      { message: 'the badge to say 1' },
    );
    expect(badge.title).toBe('1 cross-origin request failed — open the CORS tab in DevTools and reload');
    const f = await failures(tabId);
    console.log(`Firefox, DevTools closed: badge "${badge.text}" "${badge.title}"; failure ${f.listed[0]?.error}; persisted: ${describeListeners(await persisted()).join(' ')}`);
  });

  test('DevTools open: the tab’s listeners; the earlier failure listed; Reload and capture; another tab causes no events; closed: gone', async () => {
    const tabId = await tabWithFailure('closed');
    const panel: FirefoxPanel = await browser.openCorsPanel();
    const live = await waitFor(async () => {
      const c = await capture();
      return c.tabs.includes(tabId) && c.inspected.includes(tabId) ? c : null;
    }, { message: 'the tab’s listener set' });
    expect(live).toMatchObject({ all: false, tabs: [tabId], workers: true });
    // Once the page has started again, the tab's sets are among what wakes it.
    const whileOpen = await afterRestart();
    expect(whileOpen).toEqual(expect.arrayContaining([`onBeforeRequest@${tabId}`, `onSendHeaders@${tabId}[requestHeaders]`, 'onBeforeRequest@-1']));
    expect(whileOpen.filter((l) => !l.includes('@'))).toEqual(['onErrorOccurred']);

    const banner = await waitFor(() => panel.run<string>(`return document.querySelector('[data-testid="missed-banner"]')?.textContent ?? '';`), { message: 'the missed banner' });
    expect(banner).toContain('1 cross-origin request failed before DevTools was open');
    await panel.click('[data-action="show-missed"]');
    const listed = await waitFor(() => panel.run<string[]>(`return [...document.querySelectorAll('[data-missed-url]')].map((e) => e.dataset.missedUrl);`), { message: 'the list' });
    expect(listed).toEqual([site.blockedUrl('closed')]);

    const navigated = browser.page.waitForNavigation();
    await panel.click('[data-action="reload-and-capture"]');
    await navigated;
    await browser.page.evaluate('window.loaded');
    const rows = await panel.waitForRows((rs) => rs.some((r) => r.url === site.blockedUrl('closed') && r.outcome === 'blocked') && rs.some((r) => r.url === site.allowedUrl('closed')), 'the reloaded page’s rows');
    await waitFor(async () => !(await panel.run<boolean>(`return !!document.querySelector('[data-testid="missed-banner"]');`)), { message: 'the banner to go' });
    expect((await failures(tabId)).count).toBe(0);

    await load(waker, 'other');
    const otherTab = await tabWithFailure('other');
    await browser.page.evaluate((u: string) => fetch(u).then((r) => r.text()), site.allowedUrl('after-other'));
    await panel.waitForRows((rs) => rs.some((r) => r.url === site.allowedUrl('after-other')), 'the inspected tab’s next row');
    expect((await capture()).delivered[String(otherTab)] ?? 0).toBe(0);
    expect(await hook<number>(`self.__corsLens.heard('tag=other')`)).toBe(0);
    console.log(`Firefox Reload and capture: ${rows.length} rows; other tab ${otherTab}: failure counted, 0 events delivered`);

    await closeToolbox();
    await waitFor(async () => {
      const c = await capture();
      return c.tabs.length === 0 && c.inspected.length === 0 && !c.workers ? c : null;
    }, { message: 'the tab’s listener sets to go with DevTools' });
    // From the next start on, nothing but the errors-only listener is left to wake the event page.
    expect(await afterRestart()).toEqual(['onErrorOccurred']);
  });

  test('"Record in the background" on: full listeners for every tab, persisted (they wake the page); off: gone', async () => {
    await hook(`browser.storage.local.get('panelPrefs').then((p) => browser.storage.local.set({ panelPrefs: { ...(p.panelPrefs || {}), backgroundRecording: true } }))`);
    await waitFor(async () => (await capture()).all, { message: 'background recording on' });
    const on = await afterRestart();
    expect(on).toEqual(expect.arrayContaining(['onBeforeRequest', 'onSendHeaders[requestHeaders]', 'onCompleted[responseHeaders]']));
    expect(on.filter((l) => l === 'onErrorOccurred')).toHaveLength(2); // the full set's and the errors-only one, kept apart
    await hook(`browser.storage.local.get('panelPrefs').then((p) => browser.storage.local.set({ panelPrefs: { ...(p.panelPrefs || {}), backgroundRecording: false } }))`);
    await waitFor(async () => !(await capture()).all, { message: 'background recording off' });
    expect(await afterRestart()).toEqual(['onErrorOccurred']);
    console.log(`Firefox persisted listeners with background recording on: ${on.join(' ')}`);
  });
});
