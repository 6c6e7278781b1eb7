/**
 * Drives Chromium's DevTools and the extension's CORS panel inside it, over raw CDP.
 * Feasibility §3: Target.openDevTools opens DevTools for one tab; the extension's devtools page
 * and panel page are `iframe` targets; the panel is selected through DevTools' own
 * InspectorView (an internal module, verified on Chromium 156); the panel iframe exists only
 * after it was shown once. Everything waits by polling.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { evaluateIn, type CdpClient } from './cdp-client';
import { readManifest, targetIdOf, type ChromiumSession } from './chromium';
import { ROWS_EXPRESSION, pollRows, type PanelRow } from './panel-rows';
import { HANG_GUARD_MS, waitFor } from './wait';

export type { PanelRow };

export interface CorsPanel {
  /** Target id of the DevTools window. */
  devtoolsTargetId: string;
  panelId: string;
  /** Evaluates in the panel page. */
  evaluate<T>(expression: string): Promise<T>;
  /** Evaluates in the extension's devtools page (it has chrome.devtools.*). */
  evaluateInDevtoolsPage<T>(expression: string): Promise<T>;
  rows(): Promise<PanelRow[]>;
  /** Polls the rows until `accept` returns true; returns the accepted rows. */
  waitForRows(accept: (rows: PanelRow[]) => boolean, message?: string, timeout?: number): Promise<PanelRow[]>;
  /** Waits for the element, scrolls it into view and clicks its centre with the mouse. */
  click(selector: string): Promise<void>;
  /** Focuses `selector` (if given) and presses a non-character key (`ArrowDown`, `Enter`, `Escape` …). */
  press(key: string, selector?: string): Promise<void>;
  /** Focuses `selector` and types `text` into it as trusted input (Input.insertText). */
  type(selector: string, text: string): Promise<void>;
  /** Sets the files of the `input[type=file]` matching `selector` (DOM.setFileInputFiles), as a user picking them. */
  setFiles(selector: string, files: string[]): Promise<void>;
  /** A raw CDP command in the panel page's session (e.g. for permissions or focus emulation). */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Text content of the first element matching `selector`, polled until it is non-empty. */
  textOf(selector: string, timeout?: number): Promise<string>;
  /** PNG of the whole DevTools window, written to `file`. */
  screenshot(file: string): Promise<string>;
  /** DevTools' own HAR (includes preflights; only requests made while DevTools was open). */
  getHar(): Promise<HarLog>;
  /** Selects another of DevTools' panels (`elements`, `console` …; `panelId` for the CORS panel). */
  selectPanel(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarLog {
  entries: Array<{
    request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
    response: { status: number; headers: Array<{ name: string; value: string }>; _error?: string | null };
    _resourceType?: string;
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

/** Windows virtual key codes Chromium needs to act on non-character keys. */
const KEY_CODES: Record<string, number> = {
  Enter: 13,
  Escape: 27,
  ArrowLeft: 37,
  ArrowUp: 38,
  ArrowRight: 39,
  ArrowDown: 40,
  Home: 36,
  End: 35,
  Tab: 9,
};

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

const listTargets = async (cdp: CdpClient): Promise<TargetInfo[]> =>
  (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;

const attach = async (cdp: CdpClient, targetId: string): Promise<string> =>
  (await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;

export interface OpenPanelOptions {
  /** Panel title given to chrome.devtools.panels.create. */
  title?: string;
  /** Undock DevTools into its own window of this size (better screenshots). */
  window?: { width: number; height: number };
}

/** Opens DevTools for `page`, selects the extension's panel and attaches to the panel page. */
export async function openCorsPanel(session: ChromiumSession, page: Page, opts: OpenPanelOptions = {}): Promise<CorsPanel> {
  const { cdp, extensionId } = session;
  const title = opts.title ?? 'CORS';
  const extOrigin = `chrome-extension://${extensionId}/`;
  const devtoolsPagePath = readManifest(session.extensionDir)['devtools_page'];
  if (typeof devtoolsPagePath !== 'string') throw new Error('the manifest has no devtools_page');
  const devtoolsPageUrl = new URL(devtoolsPagePath, extOrigin).href;
  const isExtFrame = (t: TargetInfo): boolean => t.type === 'iframe' && t.url.startsWith(extOrigin);
  // Frames of DevTools windows opened earlier (other tabs) must not be mistaken for ours.
  const before = new Set((await listTargets(cdp)).filter(isExtFrame).map((t) => t.targetId));

  const pageTargetId = await targetIdOf(session.context, page);
  const { targetId: devtoolsTargetId } = await cdp.send<{ targetId: string }>('Target.openDevTools', { targetId: pageTargetId });
  const dtSession = await attach(cdp, devtoolsTargetId);

  const dpTarget = await waitFor(
    async () => (await listTargets(cdp)).find((t) => isExtFrame(t) && !before.has(t.targetId) && t.url === devtoolsPageUrl),
    { message: `the extension's devtools page ${devtoolsPageUrl}` },
  );
  const dpSession = await attach(cdp, dpTarget.targetId);

  if (opts.window) {
    await evaluateIn(cdp, dtSession, `(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      UI.DockController.DockController.instance().setDockSide('undocked');
    })()`);
    const { windowId } = await cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: devtoolsTargetId });
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { ...opts.window, windowState: 'normal' } });
  }

  // The panel id DevTools uses: extension origin (no slash) + title without whitespace.
  const panelId = `chrome-extension://${extensionId}${title.replace(/\s+/g, '')}`;
  // The probe throws what it saw (the tabs listed, the one selected), so a time-out says which
  // half failed: DevTools never listing the panel, or never selecting it.
  const selectPanel = (id: string) =>
    waitFor(
      async () => {
        const seen = await evaluateIn<string>(cdp, dtSession, `(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          const iv = UI.InspectorView.InspectorView.instance();
          const ids = iv.tabbedPane.tabIds();
          if (!ids.includes(${JSON.stringify(id)})) return 'not listed; tabs: ' + ids.join(', ');
          await iv.showPanel(${JSON.stringify(id)});
          const selected = iv.tabbedPane.selectedTabId;
          return selected === ${JSON.stringify(id)} ? 'selected' : 'listed, but selected is ' + selected;
        })()`);
        if (seen !== 'selected') throw new Error(seen);
        return true;
      },
      { message: `DevTools to list and select the panel ${id}` },
    ).then(() => undefined);
  await selectPanel(panelId);

  const panelTarget = await waitFor(
    async () =>
      (await listTargets(cdp)).find((t) => isExtFrame(t) && !before.has(t.targetId) && t.url !== devtoolsPageUrl),
    { message: 'the panel page target' },
  );
  const panelSession = await attach(cdp, panelTarget.targetId);
  await waitFor(() => evaluateIn<boolean>(cdp, panelSession, `document.readyState === 'complete'`), {
    message: 'the panel page to load',
  });

  const evaluate = <T>(expression: string): Promise<T> => evaluateIn<T>(cdp, panelSession, expression);
  const rows = (): Promise<PanelRow[]> => evaluate<PanelRow[]>(ROWS_EXPRESSION);

  return {
    devtoolsTargetId,
    panelId,
    evaluate,
    evaluateInDevtoolsPage: (expression) => evaluateIn(cdp, dpSession, expression),
    rows,
    waitForRows: (accept, message = 'panel rows', timeout = HANG_GUARD_MS) => pollRows(rows, accept, message, timeout),
    async click(selector) {
      // A trusted mouse click at the element's centre, in the panel frame's own coordinates.
      const point = await waitFor(
        () =>
          evaluate<{ x: number; y: number } | null>(`(() => {
            const el = document.querySelector(${JSON.stringify(selector)});
            if (!el) return null;
            el.scrollIntoView({ block: 'nearest' });
            const r = el.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            return hit && (hit === el || el.contains(hit)) ? { x, y } : null;
          })()`),
        { message: `a visible, uncovered ${selector} in the panel` },
      );
      for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
        await cdp.send('Input.dispatchMouseEvent', { type, ...point, button: 'left', clickCount: 1 }, panelSession);
      }
    },
    async press(key, selector) {
      if (selector) {
        await waitFor(
          () =>
            evaluate<boolean>(`(() => {
              const el = document.querySelector(${JSON.stringify(selector)});
              if (!el) return false;
              el.focus();
              return document.activeElement === el;
            })()`),
          { message: `focusable ${selector} in the panel` },
        );
      }
      // Trusted key events, sent to the panel's own iframe target (it has its own input widget).
      const code = KEY_CODES[key];
      const base = { key, code: key, ...(code ? { windowsVirtualKeyCode: code } : {}) };
      await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...base }, panelSession);
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base }, panelSession);
    },
    async type(selector, text) {
      await waitFor(
        () =>
          evaluate<boolean>(`(() => {
            const el = document.querySelector(${JSON.stringify(selector)});
            if (!el) return false;
            el.focus();
            return document.activeElement === el;
          })()`),
        { message: `focusable ${selector} in the panel` },
      );
      await cdp.send('Input.insertText', { text }, panelSession);
    },
    async setFiles(selector, files) {
      const { root } = await cdp.send<{ root: { nodeId: number } }>('DOM.getDocument', { depth: 0 }, panelSession);
      const { nodeId } = await cdp.send<{ nodeId: number }>('DOM.querySelector', { nodeId: root.nodeId, selector }, panelSession);
      if (!nodeId) throw new Error(`no ${selector} in the panel`);
      await cdp.send('DOM.setFileInputFiles', { nodeId, files }, panelSession);
    },
    send: <T,>(method: string, params: Record<string, unknown> = {}) => cdp.send<T>(method, params, panelSession),
    textOf(selector, timeout = HANG_GUARD_MS) {
      return waitFor(
        () => evaluate<string>(`(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '').trim()`),
        { message: `text of ${selector} in the panel`, timeout },
      );
    },
    async screenshot(file) {
      const { data } = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, dtSession);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, Buffer.from(data, 'base64'));
      return file;
    },
    getHar: () => evaluateIn<HarLog>(cdp, dpSession, `new Promise((r) => chrome.devtools.network.getHAR((h) => r(JSON.parse(JSON.stringify(h)))))`),
    selectPanel,
    async close() {
      await cdp.send('Target.closeTarget', { targetId: devtoolsTargetId }).catch(() => undefined);
    },
  };
}
