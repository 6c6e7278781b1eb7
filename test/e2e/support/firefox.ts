/**
 * Launches headless Firefox ESR over WebDriver BiDi (puppeteer-core), installs the built
 * extension as a temporary add-on, records the console, and drives the DevTools toolbox and the
 * CORS panel from the privileged chrome context.
 * Feasibility report (Firefox) §1, §3, §4: BiDi delivers console errors as `log.entryAdded`; the
 * toolbox is opened with `gDevTools.showToolboxForTab`; the moz-extension panel is not a BiDi
 * context, so its DOM is reached through a frame script; screenshots come from drawSnapshot().
 * All of this uses Firefox internals verified on 153 ESR.
 */
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROWS_EXPRESSION, pollRows, type PanelRow } from './panel-rows';
import { parseFirefoxCorsLine, type FirefoxCorsLine } from '../../../src/core/messages/firefox-parse';
import { FIREFOX_EXTENSION_DIR } from './paths';
import { HANG_GUARD_MS, waitFor, withTimeout } from './wait';
import { evaluateInBackground } from './firefox-background';
import { backgroundRecordingByDefault, pageHooksByDefault } from './chromium';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface ConsoleEntry {
  level: string;
  text: string;
  /** BiDi browsing context of the page that logged it. */
  context?: string;
  timestamp: number;
}

interface BidiConnection {
  send(method: string, params: Record<string, unknown>): Promise<{ result: Record<string, unknown> }>;
  on(event: string, listener: (params: Record<string, unknown>) => void): void;
}

export interface FirefoxSession {
  browser: Browser;
  page: Page;
  /** The add-on id (`browser_specific_settings.gecko.id`). */
  extensionId: string;
  /** Every console entry received over BiDi since launch (Firefox sends errors only). */
  consoleEntries(): ConsoleEntry[];
  /** The CORS lines among them, parsed to Firefox keys. */
  corsLines(): Array<FirefoxCorsLine & { context?: string }>;
  /** Evaluates an expression in the browser window's privileged chrome context. */
  chromeEval<T>(expression: string): Promise<T>;
  /** Opens the toolbox for the selected tab and selects the extension's panel. */
  openCorsPanel(opts?: { title?: string }): Promise<FirefoxPanel>;
  close(): Promise<void>;
}

export interface FirefoxPanel {
  toolId: string;
  /** Runs `body` (the body of an async function with `document` and `window` bound) in the panel page. */
  run<T>(body: string): Promise<T>;
  rows(): Promise<PanelRow[]>;
  waitForRows(accept: (rows: PanelRow[]) => boolean, message?: string, timeout?: number): Promise<PanelRow[]>;
  click(selector: string): Promise<void>;
  /** Selects another tool of the toolbox (`inspector`, `webconsole` …; `toolId` for the CORS panel). */
  selectTool(id: string): Promise<void>;
  /** PNG of the toolbox (tab strip with CORS selected, plus the panel), written to `file`. */
  screenshot(file: string): Promise<string>;
}

export interface LaunchFirefoxOptions {
  extensionDir?: string;
  headless?: boolean;
  prefs?: Record<string, unknown>;
  /** Accept self-signed certificates (the lab's https page). Default false. */
  acceptInsecureCerts?: boolean;
  /** Turn on the page hooks before returning (see LaunchChromiumOptions.pageHooks). Default true. */
  pageHooks?: boolean;
  /** Turn on "Record in the background" (see LaunchChromiumOptions.backgroundRecording). Default true. */
  backgroundRecording?: boolean;
}

const LOADER = `const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { gDevTools } = require("devtools/client/framework/devtools");`;

export async function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionDir = path.resolve(opts.extensionDir ?? FIREFOX_EXTENSION_DIR);
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir}/manifest.json is missing: run \`npm run build\` first`);
  }
  const turnHooksOn = opts.pageHooks ?? pageHooksByDefault();
  const prefsAtLaunch = opts.prefs ?? {};
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: opts.headless ?? true,
    // Lets BiDi evaluate in the chrome (parent-process) window: needed for the toolbox.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'devtools.toolbox.host': 'bottom',
      'devtools.toolbox.footer.height': 720,
      ...prefsAtLaunch,
    },
    protocolTimeout: 60_000,
    ...(opts.acceptInsecureCerts ? { acceptInsecureCerts: true } : {}),
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await withTimeout(browser.close(), 20_000, 'closing Firefox');
    } catch {
      browser.process()?.kill('SIGKILL');
    }
  };

  try {
    const conn = (browser as unknown as { connection: BidiConnection }).connection;
    const entries: ConsoleEntry[] = [];
    conn.on('log.entryAdded', (e) => {
      const source = e['source'] as { context?: string } | undefined;
      const entry: ConsoleEntry = { level: String(e['level']), text: String(e['text'] ?? ''), timestamp: Number(e['timestamp']) };
      if (source?.context) entry.context = source.context;
      entries.push(entry);
    });
    const extensionId = await browser.installExtension(extensionDir);
    const page = (await browser.pages())[0] ?? (await browser.newPage());

    const chromeWindowContext = async (): Promise<string> => {
      const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = tree.result['contexts'] as Array<{ context: string; url: string }>;
      const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
      if (!win) throw new Error('no chrome window context: is --remote-allow-system-access honoured?');
      return win.context;
    };
    let chromeContext: string | undefined;
    const chromeEval = async <T>(expression: string): Promise<T> => {
      chromeContext ??= await chromeWindowContext();
      const r = await conn.send('script.evaluate', {
        expression,
        target: { context: chromeContext },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      const res = r.result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
      if (res.type === 'exception') throw new Error(`chrome eval: ${res.exceptionDetails?.text}`);
      return res.result?.value as T;
    };

    const prefs: Record<string, boolean> = {};
    if (turnHooksOn) prefs['pageHooks'] = true;
    if (opts.backgroundRecording ?? backgroundRecordingByDefault()) prefs['backgroundRecording'] = true;
    if (Object.keys(prefs).length > 0) await turnOnPrefs({ chromeEval, extensionId } as FirefoxSession, page, prefs);
    return {
      browser,
      page,
      extensionId,
      consoleEntries: () => [...entries],
      corsLines: () =>
        entries.flatMap((e) => {
          const parsed = parseFirefoxCorsLine(e.text);
          return parsed ? [{ ...parsed, ...(e.context ? { context: e.context } : {}) }] : [];
        }),
      chromeEval,
      openCorsPanel: (o = {}) => openPanel(chromeEval, extensionId, o.title ?? 'CORS'),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Sets the panel prefs the user flips, in the background, and waits until they are in effect: the
 * hooks registered (with background recording; without it they wait for DevTools), background
 * recording on. A suspended event page (short idle timeouts) is woken
 * the way traffic wakes it: a request to a local host (nothing listens on port 9) — a failed
 * request, which the always-on errors-only listener hears.
 */
async function turnOnPrefs(session: FirefoxSession, page: Page, prefs: Record<string, boolean>): Promise<void> {
  let woken = false;
  const wake = async () => {
    woken = true;
    await page.evaluate(() => fetch('http://127.0.0.1:9/cors-lens-e2e-wake', { mode: 'no-cors' }).then(() => undefined, () => undefined)).catch(() => undefined);
  };
  const expression = `(async () => {
    const prefs = (await browser.storage.local.get('panelPrefs')).panelPrefs || {};
    await browser.storage.local.set({ panelPrefs: { ...prefs, ...${JSON.stringify(prefs)} } });
    // The hooks are registered where CORS Lens records: every granted site with background
    // recording on, else only inspected tabs' sites (none yet): then the update just has to be done.
    const hooks = ${prefs['pageHooks'] === true} ? (${prefs['backgroundRecording'] === true} ? (await browser.scripting.getRegisteredContentScripts()).some((s) => s.id === 'cors-lens-page-side-hooks') : (await self.__corsLens.ready, await self.__corsLens.pageSide(), true)) : true;
    const recording = ${prefs['backgroundRecording'] === true} ? (await self.__corsLens.ready, self.__corsLens.capture().background) : true;
    return hooks && recording;
  })()`;
  await waitFor(
    async () => {
      try {
        return await evaluateInBackground<boolean>(session, expression);
      } catch (error) {
        if (/not running/.test(String(error))) await wake();
        throw error;
      }
    },
    { message: `the prefs ${JSON.stringify(prefs)} to be in effect in Firefox` },
  );
  if (woken) await page.goto('about:blank');
}

async function openPanel(
  chromeEval: <T>(expression: string) => Promise<T>,
  extensionId: string,
  title: string,
): Promise<FirefoxPanel> {
  const opened = JSON.parse(
    await chromeEval<string>(`(async () => {
      ${LOADER}
      // A taller window gives the bottom-docked toolbox room for the list and the detail.
      if (window.outerHeight < 1000) window.resizeTo(1400, 1000);
      const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: "webconsole" });
      let def;
      for (let i = 0; i < 200 && !def; i++) {
        def = toolbox.getAdditionalTools().find((d) => d.extensionId === ${JSON.stringify(extensionId)} && d.label === ${JSON.stringify(title)});
        if (!def) await new Promise((r) => setTimeout(r, 100));
      }
      if (!def) return JSON.stringify({ error: "panel not registered", tools: toolbox.getAdditionalTools().map((d) => d.label) });
      await toolbox.selectTool(def.id);
      return JSON.stringify({ toolId: def.id, current: toolbox.currentToolId });
    })()`),
  ) as { toolId?: string; current?: string; error?: string; tools?: string[] };
  if (!opened.toolId) throw new Error(`Firefox toolbox: ${opened.error} (tools: ${opened.tools?.join(', ')})`);
  const toolId = opened.toolId;

  // The panel page lives in a <browser> inside the toolbox's panel iframe; a frame script loaded
  // into that <browser> runs next to the panel document and answers over the message manager.
  const run = async <T>(body: string): Promise<T> => {
    const script = `(async () => {
      const document = content.document, window = content;
      let result, error;
      try { result = await (async () => { ${body} })(); } catch (e) { error = String(e && e.stack || e); }
      sendAsyncMessage(NAME, JSON.stringify({ result, error }));
    })();`;
    const raw = await chromeEval<string>(`(async () => {
      ${LOADER}
      const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
      const iframe = toolbox && toolbox.doc.getElementById("toolbox-panel-iframe-" + ${JSON.stringify(toolId)});
      const pb = iframe && iframe.contentDocument && iframe.contentDocument.querySelector("browser");
      if (!pb) return JSON.stringify({ error: "panel browser not ready" });
      const mm = pb.messageManager, name = "cors-lens-e2e:" + Math.random();
      return await new Promise((resolve) => {
        const t = setTimeout(() => resolve(JSON.stringify({ error: "frame script timeout" })), 10000);
        mm.addMessageListener(name, function l(m) { clearTimeout(t); mm.removeMessageListener(name, l); resolve(m.data); });
        mm.loadFrameScript("data:," + encodeURIComponent("const NAME = " + JSON.stringify(name) + ";" + ${JSON.stringify(script)}), false);
      });
    })()`);
    const { result, error } = JSON.parse(raw) as { result: T; error?: string };
    if (error) throw new Error(`panel frame script: ${error}`);
    return result;
  };

  await waitFor(() => run<boolean>(`return document.readyState === 'complete' && !!document.body;`), {
    message: 'the Firefox panel page to load',
  });
  const rows = (): Promise<PanelRow[]> => run<PanelRow[]>(`return ${ROWS_EXPRESSION};`);

  return {
    toolId,
    run,
    rows,
    waitForRows: (accept, message = 'panel rows', timeout = HANG_GUARD_MS) => pollRows(rows, accept, message, timeout),
    async click(selector) {
      await waitFor(
        () =>
          run<boolean>(`const el = document.querySelector(${JSON.stringify(selector)});
            if (!el) return false; el.scrollIntoView({ block: 'nearest' }); el.click(); return true;`),
        { message: `element ${selector} in the Firefox panel` },
      );
    },
    async selectTool(id) {
      const current = await chromeEval<string>(`(async () => {
        ${LOADER}
        const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
        await toolbox.selectTool(${JSON.stringify(id)});
        return toolbox.currentToolId;
      })()`);
      if (current !== id) throw new Error(`Firefox toolbox: ${id} not selected (${current})`);
    },
    async screenshot(file) {
      const dataUrl = await chromeEval<string>(`(async () => {
        ${LOADER}
        const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
        // The toolbox frame only: a null rect would paint the whole (taller) window area.
        const rect = new DOMRect(0, 0, toolbox.win.innerWidth, toolbox.win.innerHeight);
        const bitmap = await toolbox.win.browsingContext.currentWindowGlobal.drawSnapshot(rect, 1, "white");
        const c = document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
        c.width = bitmap.width; c.height = bitmap.height;
        c.getContext("2d").drawImage(bitmap, 0, 0);
        return c.toDataURL("image/png");
      })()`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, Buffer.from(dataUrl.split(',')[1] ?? '', 'base64'));
      return file;
    },
  };
}
