/**
 * Issue 13 in real Firefox ESR: the same as page-scope-chromium.test.ts — with "Read calls inside
 * the page" on, the page-side scripts are only in tabs under inspection. Firefox has no CDP view of
 * a page's content scripts, so presence is read from their effect (the page's calls reach the
 * background as page hints, per tab and origin) and absence from the registrations, a forged
 * handshake nothing answers, and no hints from a tab while the inspected tab's later call is heard.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureView, FailuresView, PageSideView } from '../../src/background/test-hooks';
import { ACK_EVENT, HELLO_EVENT } from '../../src/content/channel';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { readBackground } from './support/firefox-background';
import { startPageScopeSite, type LocalSite, type PageScopeSite } from './support/page-scope-site';
import { waitFor } from './support/wait';

/** Page-side: says the hooks' hello on a detached element; an unpaired relay would ack. */
const FORGED_HELLO = `(() => {
  const el = document.createElement('span');
  let ack = false;
  el.addEventListener('${ACK_EVENT}', () => { ack = true; });
  document.dispatchEvent(new MouseEvent('${HELLO_EVENT}', { relatedTarget: el }));
  return ack;
})()`;

describe('Firefox: the page-side scripts only in tabs under inspection (issue 13)', () => {
  let site: PageScopeSite;
  let browser: FirefoxSession;
  /** A blank tab whose failed request wakes a suspended event page (it has no page-side scripts). */
  let waker: Page;

  const wake = () => waker.evaluate(() => fetch('http://127.0.0.1:9/cors-lens-e2e-wake', { mode: 'no-cors' }).then(() => undefined, () => undefined));
  const hook = <T>(expression: string): Promise<T> => readBackground<T>(browser, `self.__corsLens.ready.then(() => ${expression})`, wake);
  const capture = () => hook<CaptureView>('self.__corsLens.capture()');
  const pageSide = () => hook<PageSideView>('self.__corsLens.pageSide()');
  const matches = async () => [...new Set((await pageSide()).registered.flatMap((r) => r.matches))].sort();
  const load = async (page: Page, on: LocalSite, tag: string, frame?: LocalSite) => {
    await page.goto(site.pageUrl(on, tag, frame));
    await page.evaluate('window.loaded');
  };
  const closeToolbox = () =>
    browser.chromeEval(`(async () => {
      const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
      const { gDevTools } = require("devtools/client/framework/devtools");
      await gDevTools.getToolboxForTab(gBrowser.selectedTab)?.destroy();
      return true;
    })()`);

  beforeAll(async () => {
    site = await startPageScopeSite();
    browser = await launchFirefox({ backgroundRecording: false, pageHooks: true });
    waker = await browser.browser.newPage();
    await browser.page.bringToFront();
    await waitFor(async () => !(await capture()).all, { message: 'the start-up bridge to go' });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('DevTools closed: nothing registered, nothing in the page answers', async () => {
    expect(await matches()).toEqual([]);
    await load(browser.page, '127.0.0.1', 'closed', '[::1]');
    expect(await browser.page.evaluate(FORGED_HELLO)).toBe(false);
    expect((await pageSide()).hintsFrom).toEqual({});
  });

  test('DevTools open: the inspected tab gets them after Reload and capture, another tab does not; closed: gone', async () => {
    await waitFor(async () => {
      for (const tabId of await hook<number[]>('self.__corsLens.failureTabs()')) if ((await hook<FailuresView>(`self.__corsLens.failures(${tabId})`)).listed.some((f) => f.url === site.blockedUrl('closed'))) return true;
      return null;
    }, { message: 'the refused PUT to be counted' });
    const panel = await browser.openCorsPanel();
    const tabId = await waitFor(async () => (await capture()).inspected[0], { message: 'the tab to be inspected' });
    expect(await waitFor(async () => ((await matches()).length > 0 ? matches() : null), { message: 'the tab’s site registered' })).toEqual(['http://127.0.0.1/*']);

    const navigated = browser.page.waitForNavigation();
    await panel.click('[data-action="reload-and-capture"]');
    await navigated;
    await browser.page.evaluate('window.loaded');
    await waitFor(async () => (await pageSide()).hintsFrom[String(tabId)]?.includes(site.origin('127.0.0.1')), { message: 'the page’s hints' });
    expect(await browser.page.evaluate(FORGED_HELLO)).toBe(false); // the relay is paired with the hooks
    await waitFor(async () => (await matches()).includes('http://[::1]/*'), { message: 'the frame’s site registered' });
    expect(await matches()).toEqual(['http://127.0.0.1/*', 'http://[::1]/*']);
    await load(browser.page, '127.0.0.1', 'framed', '[::1]');
    await waitFor(async () => (await pageSide()).hintsFrom[String(tabId)]?.includes(site.origin('[::1]')), { message: 'the frame’s hints' });

    // Another tab, on a site the inspected tab does not load.
    const other = await browser.browser.newPage();
    await load(other, 'localhost', 'other');
    expect(await other.evaluate(FORGED_HELLO)).toBe(false);
    // A call of the inspected tab after the other tab's: once its hint is in, the other's would be.
    const before = (await pageSide()).hintMessages[String(tabId)] ?? 0;
    await browser.page.evaluate((u: string) => fetch(u).then((r) => r.text()), site.apiUrl('after-other'));
    await waitFor(async () => ((await pageSide()).hintMessages[String(tabId)] ?? 0) > before, { message: 'the inspected tab’s next hint' });
    const seen = await pageSide();
    expect(Object.keys(seen.hintsFrom)).toEqual([String(tabId)]);
    console.log(`Firefox inspected tab ${tabId}: registered ${(await matches()).join(' ')}; hints from ${JSON.stringify(seen.hintsFrom)}; other tab on localhost: nothing answers, no hints`);
    await other.close();

    await browser.page.bringToFront();
    await closeToolbox();
    await waitFor(async () => ((await capture()).inspected.length === 0 && (await matches()).length === 0 ? true : null), { message: 'the registrations to go with DevTools' });
    const messages = (await pageSide()).hintMessages[String(tabId)] ?? 0;
    await load(browser.page, '127.0.0.1', 'after-close', '[::1]');
    // Nothing registered (above) is the proof: Firefox applies registrations to new loads. Besides:
    // no relay answers a handshake, and no hint has come (a weak check alone: the relay batches).
    expect(await browser.page.evaluate(FORGED_HELLO)).toBe(false);
    expect((await pageSide()).hintMessages[String(tabId)] ?? 0).toBe(messages);
  });
});
