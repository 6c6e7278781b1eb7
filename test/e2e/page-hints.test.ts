/**
 * The page-side source in real browsers (src/content/): every lab fetch/XHR reaches the background
 * as a page hint attached to its exchange, Chromium's console text for XMLHttpRequest now matches,
 * and the page cannot tell the hooks are there (native-looking functions, unhandled rejections
 * still reported, no channel events). The agreement suites (chromium-panel, firefox-panel) measure
 * the verdicts; this file checks the source itself.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../src/core/model';
import type { CorsLensTestHooks } from '../../src/background/test-hooks';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { attachOracle, type ChromiumOracle } from './support/chromium-oracle';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { runScenarios, scenariosFor, startTestLab, staysSameOrigin, waitForLabPage, type EvaluatingPage, type Lab } from './support/lab';
import { waitFor } from './support/wait';

type WithHooks = { __corsLens: CorsLensTestHooks };

interface PageView {
  fetchToString: string;
  looksNative: Record<string, boolean>;
  sameShape: Record<string, boolean>;
  isPromise: boolean;
  unhandled: string;
  channelEvents: number;
}

/**
 * What a page can check about the hooked APIs, compared with the untouched ones of an
 * about:blank frame (content scripts don't run there).
 */
async function inspectPage(page: EvaluatingPage, closedUrl: string, apiUrl: string): Promise<PageView> {
  return (page as unknown as { evaluate(f: (a: [string, string]) => Promise<PageView>, a: [string, string]): Promise<PageView> }).evaluate(
    async ([closed, api]) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const pristine = frame.contentWindow as Window & typeof globalThis;
      const native = (f: unknown) => /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(f));
      const attrs = (o: object, k: string) => {
        const d = Object.getOwnPropertyDescriptor(o, k);
        return d ? `${d.writable}/${d.enumerable}/${d.configurable}/${typeof d.value}` : 'none';
      };
      const pairs: Array<[string, object, object, string]> = [
        ['fetch', window, pristine, 'fetch'],
        ['EventSource', window, pristine, 'EventSource'],
        ['open', XMLHttpRequest.prototype, pristine.XMLHttpRequest.prototype, 'open'],
        ['send', XMLHttpRequest.prototype, pristine.XMLHttpRequest.prototype, 'send'],
        ['setRequestHeader', XMLHttpRequest.prototype, pristine.XMLHttpRequest.prototype, 'setRequestHeader'],
      ];
      const looksNative: Record<string, boolean> = {};
      const sameShape: Record<string, boolean> = {};
      for (const [label, mine, theirs, key] of pairs) {
        const f = (mine as Record<string, { name: string; length: number }>)[key]!;
        const g = (theirs as Record<string, { name: string; length: number }>)[key]!;
        looksNative[label] = native(f);
        sameShape[label] = f.name === g.name && f.length === g.length && attrs(mine, key) === attrs(theirs, key);
      }
      let channelEvents = 0;
      for (const target of [window, document]) {
        for (const type of ['cors-lens:hello', 'cors-lens:ready', 'cors-lens:ack', 'cors-lens:records', 'message']) {
          target.addEventListener(type, () => channelEvents++, true);
        }
      }
      const p = fetch(`${api}&probe=1`, { credentials: 'include' });
      const isPromise = p instanceof Promise;
      await p.then(
        (r) => r.text(),
        () => '',
      );
      const unhandled = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('none'), 10_000);
        addEventListener(
          'unhandledrejection',
          (e) => {
            e.preventDefault();
            clearTimeout(timer);
            resolve(`${(e.reason as Error)?.name}`);
          },
          { once: true },
        );
        void fetch(closed); // left unhandled on purpose
      });
      await new Promise((r) => setTimeout(r, 500));
      frame.remove();
      return { fetchToString: Function.prototype.toString.call(fetch), looksNative, sameShape, isPromise, unhandled, channelEvents };
    },
    [closedUrl, apiUrl],
  );
}

function expectUntouchedPage(view: PageView): void {
  expect(view.looksNative).toEqual({ fetch: true, EventSource: true, open: true, send: true, setRequestHeader: true });
  expect(view.sameShape).toEqual({ fetch: true, EventSource: true, open: true, send: true, setRequestHeader: true });
  expect(view.isPromise).toBe(true);
  expect(view.unhandled).toBe('TypeError');
  expect(view.channelEvents).toBe(0);
}

describe('Chromium: the page-side source', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let oracle: ChromiumOracle;

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchChromium();
    await backgroundReady(browser.sw);
    oracle = await attachOracle(browser.context, browser.page);
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    await warmUp(browser.page, browser.sw, {
      url: `${lab.apiOrigin}/__lab/log?e2e-warmup`,
      recorded: async (w) => (await backgroundSeen(w, 'e2e-warmup')) > 0,
    });
  });

  afterAll(async () => {
    await oracle?.detach();
    await browser?.close();
    await lab?.close();
  });

  /** The hint each way of making a request leaves (elements: only with a crossorigin attribute, which the lab always sets). */
  const HINT_KIND: Partial<Record<string, string>> = {
    fetch: 'fetch',
    keepalive: 'fetch',
    xhr: 'xhr',
    eventsource: 'eventsource',
    img: 'element',
    audio: 'element',
    video: 'element',
    'module-script': 'element',
    'script-crossorigin': 'element',
    stylesheet: 'element',
  };

  test('each fetch/XHR/EventSource/element exchange carries its page hint; XHR console text matches Chromium', async () => {
    // The page-world script runs in the lab page's documents only: requests made by workers and
    // frames (lab `context`) carry no page hint.
    const list = scenariosFor('chrome').filter(
      (s) =>
        !staysSameOrigin(s) &&
        s.request.context === undefined &&
        s.request.target !== 'closed' &&
        (s.request.repeat ?? 1) === 1 &&
        HINT_KIND[s.request.via ?? 'fetch'] !== undefined &&
        (s.request.via === 'xhr' || s.request.credentials !== undefined || s.request.mode !== undefined),
    );
    expect(list.length).toBeGreaterThanOrEqual(30);
    const runs = await runScenarios(browser.page, lab, list, { tag: 'hint' });
    await waitFor(() => runs.every((r) => oracle.byUrl(r.url).every((t) => t.state !== 'pending')), { message: 'Chromium to finish' });
    const networked = runs.filter((r) => oracle.byUrl(r.url).length > 0);

    const page = browser.page as Page;
    const snapshot = async () =>
      browser.sw.evaluate(() => {
        const hooks = (self as unknown as WithHooks).__corsLens;
        return hooks.tabs().flatMap((id) => hooks.snapshot(id).exchanges.map((a) => ({ tab: id, a })));
      });
    const find = (all: Array<{ tab: number; a: AnalyzedExchange }>, url: string) => all.filter((x) => x.a.exchange.url === url).map((x) => x.a);
    const all = await waitFor(
      async () => {
        const s = await snapshot();
        return networked.every((r) => find(s, r.url).some((a) => a.exchange.pageHint)) ? s : null;
      },
      { message: 'a page hint on every lab exchange' },
    );

    const wrong: string[] = [];
    let xhrTexts = 0;
    let xhrTextsAgree = 0;
    let xhrTextsAgreeWithoutHints = 0;
    const tab = all.find((x) => networked.some((r) => x.a.exchange.url === r.url))!.tab;
    const observations = await browser.sw.evaluate((id) => (self as unknown as WithHooks).__corsLens.observations(id), tab);
    const withoutHints = analyze(observations as Observation[], { browser: 'chrome' });
    for (const run of networked) {
      const [a] = find(all, run.url);
      const h = a?.exchange.pageHint;
      const want = {
        kind: HINT_KIND[run.scenario.request.via ?? 'fetch'],
        credentials: run.scenario.request.credentials ?? 'same-origin',
        mode: run.scenario.request.mode ?? 'cors',
      };
      if (!a || !h) wrong.push(`${run.scenario.id}: no hint`);
      else if (h.kind !== want.kind || h.credentials !== want.credentials || h.mode !== want.mode || a.verdict.credentials.basis !== 'observed') {
        wrong.push(`${run.scenario.id}: hint ${JSON.stringify([h.kind, h.credentials, h.mode])} verdict ${a.verdict.credentials.basis}, want ${JSON.stringify(want)}`);
      }
      const printed = oracle.consoleTextFor(run.url);
      if (run.scenario.request.via === 'xhr' && printed && a) {
        xhrTexts++;
        if (a.verdict.messages.chrome === printed) xhrTextsAgree++;
        else wrong.push(`${run.scenario.id}:\n    Chromium: ${printed}\n    panel:    ${a.verdict.messages.chrome}`);
        if (withoutHints.find((x) => x.exchange.url === run.url)?.verdict.messages.chrome === printed) xhrTextsAgreeWithoutHints++;
      }
    }
    console.log(
      `Chromium page hints: ${networked.length - wrong.length}/${networked.length} exchanges with the right hint; ` +
        `XHR console text ${xhrTextsAgree}/${xhrTexts} (without page hints: ${xhrTextsAgreeWithoutHints}/${xhrTexts})`,
    );
    expect(xhrTexts).toBeGreaterThanOrEqual(10);
    expect(wrong).toEqual([]);
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
  });

  test('the page cannot tell the hooks are there', async () => {
    const view = await inspectPage(browser.page, `${lab.closedOrigin}/x`, `${lab.apiOrigin}/__lab/log?hint-probe`);
    console.log(`Chromium: fetch.toString() → ${JSON.stringify(view.fetchToString)}`);
    expectUntouchedPage(view);
  });
});

describe('Firefox: the page-side source', () => {
  let lab: Lab;
  let browser: FirefoxSession;

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchFirefox();
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  test('the page cannot tell the hooks are there', async () => {
    const view = await inspectPage(browser.page, `${lab.closedOrigin}/x`, `${lab.apiOrigin}/__lab/log?hint-probe`);
    console.log(`Firefox: fetch.toString() → ${JSON.stringify(view.fetchToString)}`);
    expectUntouchedPage(view);
  });
});
