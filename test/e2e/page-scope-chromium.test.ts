/**
 * Issue 13 in real Chromium: with "Read calls inside the page" on, the page-side scripts (the
 * MAIN-world page hooks and their isolated-world relay) are only in tabs under inspection.
 *
 * - DevTools closed: nothing is registered; a loaded page has neither script.
 * - DevTools open on a tab: the tab's site is registered; after Reload and capture the page has
 *   both scripts and its calls reach the background as page hints; a frame from another site the
 *   reload showed is registered too, and has the scripts from the next load on.
 * - Meanwhile another tab, on a site the inspected tab does not load, has neither script and
 *   sends no hints.
 * - DevTools closed again: the registrations go, and the next load of the tab has neither script.
 *
 * Whether a document has the scripts is read from Chromium itself (CDP on the page: the relay's
 * isolated world, the hooks' parsed script), which replays what exists when enabled; the hints
 * and registrations from the background's test hooks (src/background/test-hooks.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureView, FailuresView, PageSideView } from '../../src/background/test-hooks';
import { ACK_EVENT, HELLO_EVENT } from '../../src/content/channel';
import { PAGE_HOOKS_FILE } from '../../src/shared/page-side-files';
import { launchChromium, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { startPageScopeSite, type LocalSite, type PageScopeSite } from './support/page-scope-site';
import { waitFor } from './support/wait';

interface PageSideScripts {
  /** An isolated world of the extension's (where the relay runs). */
  relay: boolean;
  /** The MAIN-world hooks' script was parsed in the page. */
  hooks: boolean;
  /** Something answers a forged handshake: an unpaired relay (src/content/channel.ts). */
  answers: boolean;
}

/** Page-side: says the hooks' hello on a detached element; the relay, if there and unpaired, acks. */
const FORGED_HELLO = `(() => {
  const el = document.createElement('span');
  let ack = false;
  el.addEventListener('${ACK_EVENT}', () => { ack = true; });
  document.dispatchEvent(new MouseEvent('${HELLO_EVENT}', { relatedTarget: el }));
  return ack;
})()`;

describe('Chromium: the page-side scripts only in tabs under inspection (issue 13)', () => {
  let site: PageScopeSite;
  let browser: ChromiumSession;

  const hook = <T>(expression: string): Promise<T> => browser.sw.evaluate(`self.__corsLens.ready.then(() => ${expression})`) as Promise<T>;
  const capture = () => hook<CaptureView>('self.__corsLens.capture()');
  const pageSide = () => hook<PageSideView>('self.__corsLens.pageSide()');
  const matches = async () => [...new Set((await pageSide()).registered.flatMap((r) => r.matches))].sort();
  const load = async (page: Page, on: LocalSite, tag: string, frame?: LocalSite) => {
    await page.goto(site.pageUrl(on, tag, frame));
    await page.evaluate('window.loaded');
  };

  /** What the page's top-level document holds, from Chromium (Runtime/Debugger replay on enable). */
  async function scriptsIn(page: Page): Promise<PageSideScripts> {
    const cdp = await browser.context.newCDPSession(page);
    const ours = `chrome-extension://${browser.extensionId}/`;
    let relay = false;
    let hooks = false;
    cdp.on('Runtime.executionContextCreated', (e: { context: { origin: string; name: string; auxData?: { type?: string; isDefault?: boolean } } }) => {
      if (e.context.auxData?.type === 'isolated' && (e.context.origin.startsWith(ours) || e.context.name === 'CORS Lens')) relay = true;
    });
    cdp.on('Debugger.scriptParsed', (e: { url: string }) => {
      if (e.url.startsWith(ours) && e.url.includes(PAGE_HOOKS_FILE)) hooks = true;
    });
    try {
      await cdp.send('Runtime.enable');
      await cdp.send('Debugger.enable');
    } finally {
      await cdp.detach().catch(() => undefined);
    }
    return { relay, hooks, answers: (await page.evaluate(FORGED_HELLO)) as boolean };
  }

  beforeAll(async () => {
    site = await startPageScopeSite();
    browser = await launchChromium({ backgroundRecording: false, pageHooks: true });
    await waitFor(async () => !(await capture()).all, { message: 'the start-up bridge to go' });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('DevTools closed: nothing registered, the page has neither script', async () => {
    expect(await matches()).toEqual([]);
    await load(browser.page, '127.0.0.1', 'closed', '[::1]');
    expect(await scriptsIn(browser.page)).toEqual({ relay: false, hooks: false, answers: false });
    expect((await pageSide()).hintsFrom).toEqual({});
  });

  test('DevTools open: the inspected tab gets them after Reload and capture, another tab does not; closed: gone for new loads', async () => {
    // The page's refused PUT, counted while DevTools was closed: the panel offers Reload and capture.
    await waitFor(async () => {
      for (const tabId of await hook<number[]>('self.__corsLens.failureTabs()')) if ((await hook<FailuresView>(`self.__corsLens.failures(${tabId})`)).listed.some((f) => f.url === site.blockedUrl('closed'))) return true;
      return null;
    }, { message: 'the refused PUT to be counted' });
    let panel: CorsPanel | undefined = await openCorsPanel(browser, browser.page);
    try {
      const tabId = (await waitFor(async () => (await capture()).inspected[0], { message: 'the tab to be inspected' }));
      expect(await waitFor(async () => ((await matches()).length > 0 ? matches() : null), { message: 'the tab’s site registered' })).toEqual(['http://127.0.0.1/*']);

      const reloaded = browser.page.waitForEvent('load');
      await panel.click('[data-action="reload-and-capture"]');
      await reloaded;
      await browser.page.evaluate('window.loaded');
      expect(await scriptsIn(browser.page)).toEqual({ relay: true, hooks: true, answers: false });
      const top = site.origin('127.0.0.1');
      await waitFor(async () => (await pageSide()).hintsFrom[String(tabId)]?.includes(top), { message: 'the page’s hints' });
      await panel.waitForRows((rs) => rs.some((r) => r.url.includes('tag=closed&from=top')), 'the reloaded page’s row');
      // The reload showed the frame's site: registered for the next load, which has the frame's hints.
      await waitFor(async () => (await matches()).includes('http://[::1]/*'), { message: 'the frame’s site registered' });
      expect(await matches()).toEqual(['http://127.0.0.1/*', 'http://[::1]/*']);
      await load(browser.page, '127.0.0.1', 'framed', '[::1]');
      await waitFor(async () => (await pageSide()).hintsFrom[String(tabId)]?.includes(site.origin('[::1]')), { message: 'the frame’s hints' });

      // Another tab on a site the inspected tab does not load.
      const other = await browser.context.newPage();
      try {
        await load(other, 'localhost', 'other');
        expect(await scriptsIn(other)).toEqual({ relay: false, hooks: false, answers: false });
        // A call of the inspected tab after the other tab's, to have something to wait for.
        await browser.page.evaluate((u) => fetch(u).then((r) => r.text()), site.apiUrl('after-other'));
        await panel.waitForRows((rs) => rs.some((r) => r.url.includes('tag=after-other')), 'the inspected tab’s next row');
        expect(Object.keys((await pageSide()).hintsFrom)).toEqual([String(tabId)]);
        console.log(`inspected tab ${tabId}: registered ${(await matches()).join(' ')}; hints from ${JSON.stringify((await pageSide()).hintsFrom)}; other tab on localhost: no relay world, no hooks script, no hints`);
      } finally {
        await other.close();
      }

      await panel.close();
      panel = undefined;
      await waitFor(async () => ((await capture()).inspected.length === 0 && (await matches()).length === 0 ? true : null), { message: 'the registrations to go with DevTools' });
      // The tab that was inspected: no hooks, nothing answers a handshake. (Headless Chromium keeps
      // DevTools' own worlds in that tab after its window closed — "DevTools Performance Metrics"
      // and an isolated world under the extension's name, created with it, in which no relay
      // answers — so the world itself is checked in a fresh tab.)
      await load(browser.page, '127.0.0.1', 'after-close', '[::1]');
      expect(await scriptsIn(browser.page)).toMatchObject({ hooks: false, answers: false });
      const fresh = await browser.context.newPage();
      try {
        await load(fresh, '127.0.0.1', 'after-close-fresh', '[::1]');
        expect(await scriptsIn(fresh)).toEqual({ relay: false, hooks: false, answers: false });
      } finally {
        await fresh.close();
      }
    } finally {
      await panel?.close();
    }
  });
});
