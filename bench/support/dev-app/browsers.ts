/**
 * One side of the app benchmark's A/B: a fresh Chromium (own profile, the guide's flags), with or
 * without an extension, with DevTools closed or open (with the extension: on its CORS panel), made
 * ready on a blank page of the API's origin before the timed app loads begin. "Ready" is observed,
 * not waited for: DevTools' own network log has recorded a warm-up request, and so has the
 * extension whenever it is expected to record.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page, type Worker } from 'playwright-core';
import { connectCdp, evaluateIn, type CdpClient } from '../../../test/e2e/support/cdp-client';
import { browserWsUrl, CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, targetIdOf } from '../../../test/e2e/support/chromium';
import { openCorsPanel } from '../../../test/e2e/support/chromium-devtools';
import { backgroundReady, backgroundSeen } from '../../../test/e2e/support/extension-hooks';
import { sleep } from '../../../test/e2e/support/wait';
import { WARMUP_MARK, type WarmupUrls } from './api-server';
import type { ReadySide, SideLike } from './rounds';

export interface SideSpec extends SideLike {
  devtools: boolean;
  /** A panelPrefs key set true before measuring (the "Record in the background" opt-in). */
  backgroundPref?: string;
  /** DevTools open: the CORS panel opened once, then DevTools switched to Elements. */
  panelHidden?: boolean;
}

/** Warm-up fetches before giving up on an extension that records nothing (expected with DevTools closed). */
const OPTIONAL_TRIES = 20;
const REQUIRED_TRIES = 100;

/** Chromium without an extension, plus the browser-level CDP connection DevTools is opened through. */
async function launchBare(): Promise<{ page: Page; cdp: CdpClient; targetId: () => Promise<string>; close(): Promise<void> }> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As launchChromium does: the two sides then differ by --load-extension alone.
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_FLAGS],
  });
  const cdp = await connectCdp(await browserWsUrl(profileDir));
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    cdp,
    targetId: () => targetIdOf(context, page),
    async close() {
      cdp.close();
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** True once DevTools' own network log (the Network panel's data) holds a warm-up request. */
function devtoolsRecorded(cdp: CdpClient, devtoolsSession: string): Promise<boolean> {
  return evaluateIn<boolean>(cdp, devtoolsSession, `(async () => {
    const Logs = await import('./models/logs/logs.js');
    return Logs.NetworkLog.NetworkLog.instance().requests().some((r) => r.url().includes(${JSON.stringify(WARMUP_MARK)}));
  })()`);
}

interface Observers {
  devtools?: () => Promise<boolean>;
  extension?: { sw: Worker; required: boolean };
}

/** Fires warm-up fetches until every observer saw one; returns whether the extension did. */
async function warmUp(page: Page, warmup: WarmupUrls, observers: Observers): Promise<boolean> {
  const required = observers.extension?.required || !!observers.devtools;
  const tries = required ? REQUIRED_TRIES : OPTIONAL_TRIES;
  let missing = '';
  for (let i = 1; i <= tries; i++) {
    await page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.text()).catch(() => ''), `${warmup.fetch}?${WARMUP_MARK}=${i}`);
    const devtoolsOk = observers.devtools ? await observers.devtools().catch(() => false) : true;
    const extensionOk = observers.extension ? (await backgroundSeen(observers.extension.sw, WARMUP_MARK).catch(() => 0)) > 0 : true;
    if (devtoolsOk && extensionOk) return !!observers.extension;
    if (devtoolsOk && !observers.extension?.required && i >= OPTIONAL_TRIES) return false;
    missing = devtoolsOk ? "the extension's log (self.__corsLens.seen)" : "DevTools' network log";
    await sleep(75); // set-up polling, outside any timed load
  }
  throw new Error(`warm-up: ${missing} never held a warm-up request (${tries} tries)`);
}

interface CaptureScope {
  all: boolean;
  background: boolean;
  tabs: number[];
}

/**
 * Waits until the background's capture scope is what this side measures: the full listeners of the
 * inspected tab (DevTools open), every tab's (the opt-in), or none at all (the product's default:
 * the errors-only hint). A start-up bridge or a pref still being applied would otherwise be timed.
 */
async function captureSettled(sw: Worker, want: 'tab' | 'all' | 'none'): Promise<void> {
  for (let i = 0; ; i++) {
    const scope = await sw.evaluate(() => (self as unknown as { __corsLens: { capture(): CaptureScope } }).__corsLens.capture());
    const ok = want === 'tab' ? scope.tabs.length > 0 : want === 'all' ? scope.all && scope.background : !scope.all && scope.tabs.length === 0;
    if (ok) return;
    if (i >= REQUIRED_TRIES) throw new Error(`capture scope never became '${want}': ${JSON.stringify(scope)}`);
    await sleep(75); // set-up polling, outside any timed load
  }
}

/** Selects one of DevTools' own panels (the CORS panel, shown before, is then hidden). */
async function showDevtoolsPanel(cdp: CdpClient, devtoolsSession: string, panelId: string): Promise<void> {
  const shown = await evaluateIn<boolean>(cdp, devtoolsSession, `(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const iv = UI.InspectorView.InspectorView.instance();
    await iv.showPanel(${JSON.stringify(panelId)});
    return iv.tabbedPane.selectedTabId === ${JSON.stringify(panelId)};
  })()`);
  if (!shown) throw new Error(`DevTools did not show its ${panelId} panel`);
}

async function setPanelPref(sw: Worker, key: string): Promise<void> {
  await sw.evaluate(async (k) => {
    const prefs = ((await chrome.storage.local.get('panelPrefs'))['panelPrefs'] ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({ panelPrefs: { ...prefs, [k]: true } });
  }, key);
}

async function launchWithExtension(spec: SideSpec & { extensionDir: string }, warmup: WarmupUrls): Promise<ReadySide> {
  // The product's defaults (the e2e launcher's are "Record in the background" and page hooks on).
  const session = await launchChromium({ extensionDir: spec.extensionDir, pageHooks: false, backgroundRecording: false });
  try {
    await backgroundReady(session.sw);
    session.page.setDefaultNavigationTimeout(180_000);
    await session.page.goto(warmup.page);
    if (spec.backgroundPref) await setPanelPref(session.sw, spec.backgroundPref);
    let devtools: (() => Promise<boolean>) | undefined;
    if (spec.devtools) {
      const panel = await openCorsPanel(session, session.page);
      const dtSession = (await session.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: panel.devtoolsTargetId, flatten: true })).sessionId;
      if (spec.panelHidden) await showDevtoolsPanel(session.cdp, dtSession, 'elements');
      devtools = () => devtoolsRecorded(session.cdp, dtSession);
    }
    // Open DevTools, or the background opt-in, must make the extension record.
    const required = spec.devtools || !!spec.backgroundPref;
    const recorded = await warmUp(session.page, warmup, { ...(devtools ? { devtools } : {}), extension: { sw: session.sw, required } });
    await captureSettled(session.sw, spec.devtools ? 'tab' : spec.backgroundPref ? 'all' : 'none');
    const note = spec.devtools
      ? spec.panelHidden
        ? 'CORS panel hidden behind Elements'
        : 'CORS panel shown'
      : spec.backgroundPref
        ? `panelPrefs.${spec.backgroundPref} on, extension recording`
        : recorded
          ? 'extension recording'
          : 'extension recorded nothing with DevTools closed';
    return { page: session.page, note, cpuByRole: () => browserCpuByRole(session.cdp), close: () => session.close() };
  } catch (err) {
    await session.close();
    throw err;
  }
}

async function launchWithoutExtension(spec: SideSpec, warmup: WarmupUrls): Promise<ReadySide> {
  const bare = await launchBare();
  try {
    bare.page.setDefaultNavigationTimeout(180_000);
    await bare.page.goto(warmup.page);
    if (spec.devtools) {
      const { targetId } = await bare.cdp.send<{ targetId: string }>('Target.openDevTools', { targetId: await bare.targetId() });
      const dtSession = (await bare.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
      await warmUp(bare.page, warmup, { devtools: () => devtoolsRecorded(bare.cdp, dtSession) });
    }
    return {
      page: bare.page,
      note: spec.devtools ? 'DevTools open' : 'no extension',
      cpuByRole: () => browserCpuByRole(bare.cdp),
      close: () => bare.close(),
    };
  } catch (err) {
    await bare.close();
    throw err;
  }
}

/**
 * Which kind of Chromium process: CDP's own type (browser, GPU, or a utility service such as
 * network.mojom.NetworkService), with renderers split by their command line (this machine's
 * /proc): the extension's (background, DevTools page, panel) and the others (pages, DevTools).
 */
function processRole(type: string, pid: number): string {
  if (type !== 'renderer') return type;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process') ? 'renderer (extension)' : 'renderer';
  } catch {
    return 'renderer';
  }
}

/** CPU seconds used so far per kind of process (processRole), over its live processes (exited ones are not counted). */
async function browserCpuByRole(cdp: CdpClient): Promise<Map<string, number>> {
  const { processInfo } = await cdp.send<{ processInfo: Array<{ type: string; id: number; cpuTime: number }> }>('SystemInfo.getProcessInfo');
  const out = new Map<string, number>();
  for (const p of processInfo) {
    const role = processRole(p.type, p.id);
    out.set(role, (out.get(role) ?? 0) + p.cpuTime);
  }
  return out;
}

export function launchSide(spec: SideSpec, warmup: WarmupUrls): Promise<ReadySide> {
  const { extensionDir } = spec;
  return extensionDir ? launchWithExtension({ ...spec, extensionDir }, warmup) : launchWithoutExtension(spec, warmup);
}

/** Whether the build knows the panel pref (its name appears in the background's code). */
export function buildHasPref(extensionDir: string, pref: string): boolean {
  const files = fs.readdirSync(extensionDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  return files.some((f) => fs.readFileSync(path.join(extensionDir, f), 'utf8').includes(pref));
}
