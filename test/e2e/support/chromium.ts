/**
 * Launches headless (or headed) Chromium with the built extension loaded, through Playwright's
 * persistent context, and hands back what the tests need: the page, the extension's service
 * worker, its id, and a raw CDP connection for DevTools' own targets.
 * Feasibility report §1: Playwright adds --disable-extensions (we drop it); the SW exists before
 * its webRequest listeners are live, so callers must warmUp() before asserting anything.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { connectCdp, type CdpClient } from './cdp-client';
import { CHROME_EXTENSION_DIR } from './paths';
import { HANG_GUARD_MS, sleep, waitFor, withTimeout } from './wait';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags every launch on these machines uses (ground rules), plus a random debugging port. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-port=0',
];

export interface ChromiumSession {
  context: BrowserContext;
  /** The first tab. */
  page: Page;
  /** The extension's background service worker. */
  sw: Worker;
  extensionId: string;
  extensionDir: string;
  profileDir: string;
  /** Browser-level raw CDP connection (DevTools window, extension iframes, windows). */
  cdp: CdpClient;
  /** Kills the browser and removes the profile; safe to call twice. */
  close(): Promise<void>;
}

export interface LaunchChromiumOptions {
  extensionDir?: string;
  headless?: boolean;
  /** Page viewport; `null` lets a headed window size itself. */
  viewport?: { width: number; height: number } | null;
  extraArgs?: string[];
  /**
   * Let Playwright kill the browser on SIGINT/SIGTERM/SIGHUP (default). A caller with its own
   * handlers (npm start) turns this off, so its cleanup, profile removal included, runs first.
   */
  handleSignals?: boolean;
  /**
   * Turn on "Read calls inside the page" (the MAIN-world page hooks, off in the product by
   * default: issue 13) before returning. Default true: the suites that check verdicts resting on
   * page hints need them; the transparency test measures the default.
   */
  pageHooks?: boolean;
  /**
   * Turn on "Record in the background" (every tab from browser start; off in the product by
   * default: issue 13) before returning. Default true: the suites that read the background's
   * store without opening DevTools need it; capture-lifecycle-chromium.test.ts measures the default.
   */
  backgroundRecording?: boolean;
}

/** Chrome's id for an unpacked extension with a manifest `key`: sha256(DER key), 32 hex → a-p. */
export function extensionIdFromKey(keyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

export function readManifest(extensionDir: string): Record<string, unknown> {
  const file = path.join(extensionDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<ChromiumSession> {
  const extensionDir = path.resolve(opts.extensionDir ?? CHROME_EXTENSION_DIR);
  const manifest = readManifest(extensionDir);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-chromium-'));
  let context: BrowserContext | undefined;
  let cdp: CdpClient | undefined;
  let closed = false;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (context) {
      try {
        await withTimeout(context.close(), 15_000, 'closing Chromium');
      } catch {
        // Playwright did not manage: ask the browser itself to exit.
        await cdp?.send('Browser.close').catch(() => undefined);
      }
    }
    cdp?.close();
    // Chromium may still be flushing the profile for a moment after exit.
    for (let i = 0; i < 5; i++) {
      try {
        fs.rmSync(profileDir, { recursive: true, force: true });
        break;
      } catch {
        await sleep(200);
      }
    }
  };

  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: opts.headless ?? true,
      ignoreDefaultArgs: ['--disable-extensions'],
      handleSIGINT: opts.handleSignals ?? true,
      handleSIGTERM: opts.handleSignals ?? true,
      handleSIGHUP: opts.handleSignals ?? true,
      viewport: opts.viewport === undefined ? { width: 1280, height: 800 } : opts.viewport,
      args: [
        ...CHROMIUM_FLAGS,
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        ...(opts.extraArgs ?? []),
      ],
    });
    const sw = await findServiceWorker(context);
    const idFromWorker = new URL(sw.url()).host;
    const key = manifest['key'];
    if (typeof key === 'string' && extensionIdFromKey(key) !== idFromWorker) {
      throw new Error(`extension id ${idFromWorker} does not match the manifest key (${extensionIdFromKey(key)})`);
    }
    cdp = await connectCdp(await browserWsUrl(profileDir));
    const recordAll = opts.backgroundRecording ?? backgroundRecordingByDefault();
    if (recordAll) await turnOnBackgroundRecording(sw);
    if (opts.pageHooks ?? pageHooksByDefault()) await turnOnPageHooks(sw, recordAll);
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page, sw, extensionId: idFromWorker, extensionDir, profileDir, cdp, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Whether launches turn the page hooks on unless told: yes, except with CORS_LENS_E2E_PAGE_HOOKS=0,
 * which measures what the agreement suites lose with the product's default (hooks off).
 */
export function pageHooksByDefault(): boolean {
  return process.env.CORS_LENS_E2E_PAGE_HOOKS !== '0';
}

/**
 * Whether launches turn "Record in the background" on unless told: yes, except with
 * CORS_LENS_E2E_BACKGROUND_RECORDING=0.
 */
export function backgroundRecordingByDefault(): boolean {
  return process.env.CORS_LENS_E2E_BACKGROUND_RECORDING !== '0';
}

/** Sets the panel pref, then waits until the background listens to every tab with it. */
async function turnOnBackgroundRecording(sw: Worker): Promise<void> {
  await sw.evaluate(async () => {
    const prefs = ((await chrome.storage.local.get('panelPrefs'))['panelPrefs'] ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ panelPrefs: { ...prefs, backgroundRecording: true } });
  });
  await waitFor(
    () => sw.evaluate(() => (self as unknown as { __corsLens?: { capture(): { all: boolean; background: boolean } } }).__corsLens?.capture().background === true),
    { message: 'background recording to be on' },
  );
}

/** The id src/platform/content-scripts.ts registers the page hooks under. */
export const PAGE_HOOKS_REGISTRATION = 'cors-lens-page-side-hooks';
export const RELAY_REGISTRATION = 'cors-lens-page-side-relay';

/**
 * Sets the panel pref the user flips, then waits until the background has applied it. The hooks
 * go where CORS Lens records: with background recording on, every granted site (waits for the
 * registration); else only the sites of tabs DevTools is open on (none yet: waits for the update).
 */
async function turnOnPageHooks(sw: Worker, recordAll: boolean): Promise<void> {
  await sw.evaluate(async () => {
    const prefs = ((await chrome.storage.local.get('panelPrefs'))['panelPrefs'] ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ panelPrefs: { ...prefs, pageHooks: true } });
  });
  if (!recordAll) {
    await sw.evaluate(`self.__corsLens.ready.then(() => self.__corsLens.pageSide())`);
    return;
  }
  await waitFor(
    () => sw.evaluate(async (id) => (await chrome.scripting.getRegisteredContentScripts()).some((s) => s.id === id), PAGE_HOOKS_REGISTRATION),
    { message: 'the page hooks to be registered' },
  );
}

async function findServiceWorker(context: BrowserContext): Promise<Worker> {
  const isExtensionWorker = (w: Worker): boolean => w.url().startsWith('chrome-extension://');
  const existing = context.serviceWorkers().find(isExtensionWorker);
  if (existing) return existing;
  return context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: HANG_GUARD_MS });
}

/** With --remote-debugging-port=0 Chromium writes the chosen port and path to the profile. */
export async function browserWsUrl(profileDir: string): Promise<string> {
  const file = path.join(profileDir, 'DevToolsActivePort');
  const text = await waitFor(
    () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : ''),
    { message: 'DevToolsActivePort', interval: 50 },
  );
  const [port, wsPath] = text.split('\n');
  return `ws://127.0.0.1:${port}${wsPath}`;
}

export interface WarmUpOptions {
  /** A URL whose request the background records (the page fetches it with a counter appended). */
  url: string;
  /** Resolves true once the background has recorded a warm-up request. */
  recorded: (sw: Worker) => Promise<boolean>;
  tries?: number;
}

/**
 * Fires requests from the page until the background has recorded one (feasibility §1: without
 * this, the first navigation's events are lost in 10 of 10 fresh launches). Returns the tries.
 */
export async function warmUp(page: Page, sw: Worker, opts: WarmUpOptions): Promise<number> {
  const tries = opts.tries ?? 60;
  for (let i = 1; i <= tries; i++) {
    const url = `${opts.url}${opts.url.includes('?') ? '&' : '?'}warmup=${i}`;
    await page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.text()).catch(() => ''), url);
    if (await opts.recorded(sw).catch(() => false)) return i;
    await sleep(75);
  }
  throw new Error(`the extension's webRequest listeners never recorded a warm-up request (${tries} tries)`);
}

/** The CDP target id of a Playwright page (to open DevTools for exactly that tab). */
export async function targetIdOf(context: BrowserContext, page: Page): Promise<string> {
  const session = await context.newCDPSession(page);
  try {
    const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
    return targetInfo.targetId;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/**
 * Stops the extension's service worker (CDP ServiceWorker.stopAllWorkers through `page`'s session)
 * and resolves once Chromium reports it stopped: an event, not a wait.
 */
export async function stopExtensionWorker(browser: ChromiumSession, page: Page = browser.page): Promise<void> {
  const session = await browser.context.newCDPSession(page);
  const prefix = `chrome-extension://${browser.extensionId}/`;
  let stopped = false;
  session.on('ServiceWorker.workerVersionUpdated', (p: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
    if (p.versions.some((v) => v.scriptURL.startsWith(prefix) && v.runningStatus === 'stopped')) stopped = true;
  });
  try {
    await session.send('ServiceWorker.enable');
    stopped = false; // enable replays the current state; only a stop after this counts
    await session.send('ServiceWorker.stopAllWorkers');
    await waitFor(() => stopped, { message: 'the extension’s service worker to stop', interval: 10 });
  } finally {
    await session.detach().catch(() => undefined);
  }
}
