/**
 * The transparency A/B: one probe page, run in a browser launched with CORS Lens and in one
 * launched without it (separate launches, fresh profiles), returning what the page observed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium, type ChromiumSession } from './chromium';
import { openCorsPanel } from './chromium-devtools';
import { waitFor } from './wait';
import { FIREFOX_PATH, launchFirefox } from './firefox';
import type { TransparencySite } from './transparency-site';
import { backgroundSeen } from './extension-hooks';
import { readBackground } from './firefox-background';

export type ProbePage = 'raw' | 'libs' | 'zone' | 'msw';
export type ProbeResults = Partial<Record<ProbePage, unknown>>;

const RUNNERS: Record<ProbePage, string> = {
  raw: 'window.runRawProbe()',
  libs: 'window.runLibsProbe(window.PROBE)',
  zone: 'window.runRawProbe()',
  msw: 'window.runMswProbe(window.PROBE)',
};

/** The page's own view; DevTools' view of each request's initiator is read separately. */
export interface Visit {
  results: ProbeResults;
  /** Chromium only: the top stack frame of each request's initiator (CDP Network.requestWillBeSent). */
  initiators: string[];
  /** With CORS Lens: how many of the probes' API requests its background recorded (it must be working). */
  recorded?: number;
  /** Chromium with DevTools open: how many probe tabs the service-worker watch said were controlled. */
  controlledTabs?: number;
}

interface Evaluator {
  goto(url: string): Promise<void>;
  evaluate(expression: string): Promise<unknown>;
}

async function runPages(site: TransparencySite, pages: ProbePage[], open: () => Promise<Evaluator>): Promise<ProbeResults> {
  const results: ProbeResults = {};
  for (const page of pages) {
    // A fresh tab per page: zone.js and msw change the page they load into.
    const tab = await open();
    await tab.goto(site.pageUrl(page));
    results[page] = await tab.evaluate(RUNNERS[page]);
  }
  return results;
}

/**
 * Without CORS Lens; with it as installed (page hooks off); with "Read calls inside the page" on;
 * and (Chromium) as installed with DevTools and the CORS panel open on each probe's tab, no
 * background recording: the product's defaults while you debug, the service-worker watch included.
 */
export type Setup = 'without' | 'installed' | 'page-hooks' | 'inspected';

/** A fresh tab of the site with DevTools open on it, once the service-worker watch covers the site. */
async function inspectedTab(s: ChromiumSession, site: TransparencySite): Promise<Page> {
  const page = await s.context.newPage();
  // A page of the site first (its probe is not run): DevTools opens on the site.
  const first = new URL(site.pageUrl('raw'));
  await page.goto(first.href);
  await openCorsPanel(s, page);
  const pattern = `${first.protocol}//${first.hostname}/*`;
  await waitFor(
    () => s.sw.evaluate(async (p) => (await chrome.scripting.getRegisteredContentScripts()).some((r) => r.id.endsWith('sw-watch') && (r.matches ?? []).includes(p)), pattern),
    { message: 'the service-worker watch registered on the probe site' },
  );
  return page;
}

export async function visitChromium(site: TransparencySite, pages: ProbePage[], setup: Setup): Promise<Visit> {
  let context: BrowserContext;
  let close: () => Promise<void>;
  let recorded: (() => Promise<number>) | undefined;
  let session: ChromiumSession | undefined;
  if (setup !== 'without') {
    const s = await launchChromium(setup === 'inspected' ? { pageHooks: false, backgroundRecording: false } : { pageHooks: setup === 'page-hooks' });
    session = setup === 'inspected' ? s : undefined;
    context = s.context;
    close = s.close;
    recorded = () => backgroundSeen(s.sw, '/api/');
  } else {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-plain-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
    close = async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    };
  }
  const initiators: string[] = [];
  try {
    const results = await runPages(site, pages, async () => {
      const page = session ? await inspectedTab(session, site) : await context.newPage();
      const cdp = await context.newCDPSession(page);
      cdp.on('Network.requestWillBeSent', (e: { request: { url: string }; initiator: { type: string; stack?: { callFrames: Array<{ url: string; functionName: string }> } } }) => {
        if (!e.request.url.includes('/api/')) return;
        const top = e.initiator.stack?.callFrames[0];
        initiators.push(`${e.initiator.type} ${top ? `${top.functionName}@${top.url}` : '-'}`);
      });
      await cdp.send('Network.enable');
      return {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (expression) => page.evaluate(expression),
      };
    });
    const visit: Visit = { results, initiators: [...new Set(initiators)].sort() };
    if (recorded) visit.recorded = await recorded();
    if (session) visit.controlledTabs = await session.sw.evaluate('self.__corsLens.ready.then(() => self.__corsLens.capture().controlledTabs.length)') as number;
    return visit;
  } finally {
    await close();
  }
}

export async function visitFirefox(site: TransparencySite, pages: ProbePage[], setup: Setup): Promise<Visit> {
  let browser: Browser;
  let close: () => Promise<void>;
  let recorded: (() => Promise<number>) | undefined;
  if (setup !== 'without') {
    const s = await launchFirefox({ pageHooks: setup === 'page-hooks' });
    browser = s.browser;
    close = s.close;
    // The event page may be suspended: a request from a page wakes it.
    const wake = () => s.page.evaluate((u) => fetch(u).catch(() => undefined), site.urls.ok);
    recorded = async () => {
      await s.page.goto(site.pageUrl('raw'));
      return readBackground<number>(s, "self.__corsLens.seen('/api/')", wake);
    };
  } else {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocolTimeout: 60_000 });
    close = () => browser.close();
  }
  try {
    const results = await runPages(site, pages, async () => {
      const page = await browser.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (expression) => page.evaluate(expression),
      };
    });
    const visit: Visit = { results, initiators: [] };
    if (recorded) visit.recorded = await recorded();
    return visit;
  } finally {
    await close();
  }
}

/** Every leaf where `a` and `b` differ, as "path: a ≠ b" (strings shortened for the report). */
export function differences(a: unknown, b: unknown, at = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 400);
  return [`${at}:\n      without: ${show(b)}\n      with:    ${show(a)}`];
}
