/**
 * The Firefox sides of the app benchmark: Firefox ESR over WebDriver BiDi (puppeteer-core), a
 * fresh profile per launch, with or without the extension (installed as a temporary add-on, page
 * hooks off as in the product), DevTools closed or open. Same prefs and arguments on every side.
 * DevTools open: the toolbox on the console (what the extension side shows before its CORS panel
 * is selected), or the toolbox on the extension's CORS panel.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_PATH, launchFirefox, type FirefoxSession } from '../../../test/e2e/support/firefox';
import { evaluateInBackground } from '../../../test/e2e/support/firefox-background';
import { sleep } from '../../../test/e2e/support/wait';
import { WARMUP_MARK, type WarmupUrls } from './api-server';
import type { ReadySide, SideLike } from './rounds';

export interface FirefoxSideSpec extends SideLike {
  devtools: boolean;
}

/** The launch options of test/e2e/support/firefox.ts, so both kinds of side differ only by the add-on. */
const ARGS = ['--remote-allow-system-access'];
const PREFS = { 'devtools.toolbox.host': 'bottom', 'devtools.toolbox.footer.height': 720 };
const OPTIONAL_TRIES = 20;
const REQUIRED_TRIES = 100;

interface BidiConnection {
  send(method: string, params: Record<string, unknown>): Promise<{ result: Record<string, unknown> }>;
}

/** Evaluates in the browser window's privileged chrome context (for the toolbox). */
async function chromeEval<T>(browser: Browser, expression: string): Promise<T> {
  const conn = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = tree.result['contexts'] as Array<{ context: string; url: string }>;
  const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!win) throw new Error('no chrome window context: is --remote-allow-system-access honoured?');
  const r = await conn.send('script.evaluate', { expression, target: { context: win.context }, awaitPromise: true, resultOwnership: 'none' });
  const res = r.result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
  if (res.type === 'exception') throw new Error(`chrome eval: ${res.exceptionDetails?.text}`);
  return res.result?.value as T;
}

const OPEN_TOOLBOX = `(async () => {
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { gDevTools } = require("devtools/client/framework/devtools");
  await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "webconsole" });
  return true;
})()`;

async function fireWarmup(page: Page, warmup: WarmupUrls, i: number): Promise<void> {
  await page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.text()).catch(() => ''), `${warmup.fetch}?${WARMUP_MARK}=${i}`);
}

/** Warm-up fetches until the extension's log holds one; false when it records nothing and need not. */
async function warmUpExtension(session: FirefoxSession, warmup: WarmupUrls, required: boolean): Promise<boolean> {
  const tries = required ? REQUIRED_TRIES : OPTIONAL_TRIES;
  for (let i = 1; i <= tries; i++) {
    await fireWarmup(session.page, warmup, i);
    const seen = await evaluateInBackground<number>(session, `self.__corsLens.seen(${JSON.stringify(WARMUP_MARK)})`).catch(() => 0);
    if (seen > 0) return true;
    await sleep(75); // set-up polling, outside any timed load
  }
  if (required) throw new Error(`warm-up: the extension never recorded a request in Firefox (${tries} tries)`);
  return false;
}

/**
 * Waits until the event page's capture scope is what this side measures: the inspected tab's full
 * listeners (DevTools open) or none (the product's default). A suspended event page has none live.
 */
async function captureSettled(session: FirefoxSession, devtools: boolean): Promise<void> {
  for (let i = 0; ; i++) {
    const scope = await evaluateInBackground<{ all: boolean; tabs: number[] }>(session, 'self.__corsLens.capture()').catch((e: unknown) => {
      if (/not running/.test(String(e))) return { all: false, tabs: [] };
      throw e;
    });
    if (devtools ? scope.tabs.length > 0 : !scope.all && scope.tabs.length === 0) return;
    if (i >= REQUIRED_TRIES) throw new Error(`capture scope never settled: ${JSON.stringify(scope)}`);
    await sleep(75); // set-up polling, outside any timed load
  }
}

async function launchWithExtension(spec: FirefoxSideSpec & { extensionDir: string }, warmup: WarmupUrls): Promise<ReadySide> {
  // The product's defaults (the e2e launcher's are "Record in the background" and page hooks on).
  const session = await launchFirefox({ extensionDir: spec.extensionDir, pageHooks: false, backgroundRecording: false });
  try {
    session.page.setDefaultNavigationTimeout(180_000);
    await session.page.goto(warmup.page);
    if (spec.devtools) await session.openCorsPanel();
    const recorded = await warmUpExtension(session, warmup, spec.devtools);
    await captureSettled(session, spec.devtools);
    const note = spec.devtools ? 'CORS panel shown' : recorded ? 'extension recording' : 'extension recorded nothing with DevTools closed';
    return { page: session.page, note, close: () => session.close() };
  } catch (err) {
    await session.close();
    throw err;
  }
}

async function launchWithoutExtension(spec: FirefoxSideSpec, warmup: WarmupUrls): Promise<ReadySide> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, args: ARGS, extraPrefsFirefox: PREFS, protocolTimeout: 60_000 });
  const close = (): Promise<void> => browser.close().catch(() => undefined);
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    page.setDefaultNavigationTimeout(180_000);
    await page.goto(warmup.page);
    if (spec.devtools) await chromeEval<boolean>(browser, OPEN_TOOLBOX);
    await fireWarmup(page, warmup, 0);
    return { page, note: spec.devtools ? 'DevTools open' : 'no extension', close };
  } catch (err) {
    await close();
    throw err;
  }
}

export function launchFirefoxSide(spec: FirefoxSideSpec, warmup: WarmupUrls): Promise<ReadySide> {
  const { extensionDir } = spec;
  return extensionDir ? launchWithExtension({ ...spec, extensionDir }, warmup) : launchWithoutExtension(spec, warmup);
}
