/**
 * Live capture is complete in Firefox ESR: the real extension build, the lab (Chromium:
 * capture-lifecycle-chromium.test.ts).
 *
 * - Concurrency: 50 identical preflighted requests at once, the server answering preflights and
 *   requests in turns (support/capture-scenarios.ts), so identical requests end differently. Each
 *   stored exchange must hold its own preflight: in Chromium, CDP names each preflight's request,
 *   and every response carries its arrival number (X-Lab-Turn), so "(preflight turn, actual turn,
 *   verdict)" is compared one for one.
 * - Lifecycle: the background is stopped (Chromium: ServiceWorker.stopAllWorkers; Firefox: the
 *   event page suspends after a 1 s idle timeout) between and during bursts; nothing may be lost
 *   or mis-paired (checked against CDP / the lab's request log).
 * - Traffic made while DevTools was closed is listed when the panel opens.
 * - Two DevTools windows at once: each panel lists only its own tab.
 * - The toolbar badge counts the tab's blocked exchanges.
 *
 * Each browser's suite runs in both capture modes (issue 13): the product's default, where the
 * tab is recorded while its DevTools is open (opened before any traffic here, and the lists are
 * read from that panel), and the opt-in "Record in the background", where everything happens with
 * DevTools closed and the panel is opened at the end.
 */
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { Scenario } from '../../src/lab/scenario-types';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alternating,
  alternatingProblem,
  captureScenarios,
  fetchOf,
  fireAllExpression,
  type FetchResult,
} from './support/capture-scenarios';
import { launchFirefox, type FirefoxPanel, type FirefoxSession } from './support/firefox';
import { backgroundState, readBackground } from './support/firefox-background';
import { nextNonce, startTestLab, waitForLabPage, type Lab } from './support/lab';
import { storedExchangesExpression, type StoredExchange, type StoredState } from './support/store-pairs';
import { waitFor } from './support/wait';
import { BURST, MODES, mixedBatch, sorted, type Batch } from './support/capture-batches';

const IDLE_MS = 1000;

describe.each(MODES)('Firefox ($mode capture): live capture is complete across event-page suspensions', ({ mode }) => {
  /** The toolbox open on the tab from the start ('devtools' mode). */
  let devtools: FirefoxPanel | undefined;
  let lab: Lab;
  let browser: FirefoxSession;
  /** URL → what the page asked for there (scenario, number of fetches). */
  const planned = new Map<string, { scenario: Scenario; count: number }>();
  const pageResults: FetchResult[] = [];

  /** A request from the page: wakes a suspended event page the ordinary way. */
  const nudge = (): Promise<unknown> => browser.page.evaluate((u: string) => fetch(u).then(() => 0, () => 0), `${lab.apiOrigin}/__lab/log?ff-nudge`);
  const bg = <T>(expression: string): Promise<T> => readBackground<T>(browser, `self.__corsLens.ready.then(() => ${expression})`, nudge);
  const stored = (urlPart: string): Promise<StoredState> => bg<StoredState>(storedExchangesExpression(urlPart));

  function plan(batch: Batch): void {
    for (const f of batch.fetches) {
      const scenario = captureScenarios.find((s) => f.url.includes(`/s/${s.id}/`))!;
      const known = planned.get(f.url);
      if (known) known.count++;
      else planned.set(f.url, { scenario, count: 1 });
    }
  }

  const fireFf = async (page: PuppeteerPage, batch: Batch): Promise<FetchResult[]> => {
    plan(batch);
    const results = (await page.evaluate(fireAllExpression(batch.fetches))) as FetchResult[];
    pageResults.push(...results);
    return results;
  };

  /** The lab's preflights for a URL (the page's fetch count is known from the plan). */
  const labPreflights = (url: string): number => {
    const u = new URL(url);
    return lab.requests().filter((r) => r.url === u.pathname + u.search && r.method === 'OPTIONS').length;
  };

  /** Waits until the background holds every request and preflight of these URLs, finished. */
  async function settledFf(urls: string[]): Promise<Map<string, StoredExchange[]>> {
    const part = urls.length === 1 ? urls[0]! : '/s/e2e-';
    const expected = urls.reduce((n, u) => n + planned.get(u)!.count + labPreflights(u), 0);
    const state = await waitFor(
      async () => {
        const s = await stored(part);
        const mine = s.exchanges.filter((x) => urls.includes(x.url));
        const observations = mine.reduce((n, x) => n + x.observationIds.filter((id) => !id.endsWith(':actual')).length, 0);
        return observations >= expected && mine.every((x) => x.done) ? mine : null;
      },
      { message: `the Firefox background to hold ${expected} finished observations of ${urls.length} URLs`, interval: 300 },
    );
    const byUrl = new Map<string, StoredExchange[]>();
    for (const x of state) byUrl.set(x.url, [...(byUrl.get(x.url) ?? []), x]);
    return byUrl;
  }

  /** Store vs lab and page, per URL: one exchange per fetch, every preflight paired, verdicts right. */
  function check(byUrl: Map<string, StoredExchange[]>, urls: string[]): string[] {
    const problems: string[] = [];
    for (const url of urls) {
      const { scenario, count } = planned.get(url)!;
      const got = byUrl.get(url) ?? [];
      if (got.length !== count) problems.push(`${url}: ${count} fetches, ${got.length} exchanges`);
      const paired = got.filter((x) => x.preflights > 0).length;
      if (paired !== labPreflights(url)) problems.push(`${url}: the lab got ${labPreflights(url)} preflights, ${paired} are paired`);
      if (got.some((x) => x.orphan || x.preflights > x.hops)) problems.push(`${url}: an orphan or doubled preflight`);
      if (scenario.id === alternating.id) {
        for (const x of got) {
          const p = alternatingProblem(x);
          if (p) problems.push(`${url}: ${p}`);
        }
        const stamps = got.map((x) => x.preflightStamp).filter((v) => v !== null);
        if (new Set(stamps).size !== stamps.length) problems.push(`${url}: a preflight is in two exchanges`);
      } else {
        for (const x of got) if (x.outcome !== scenario.expect.outcome) problems.push(`${url}: ${x.outcome}/${x.reason}, expected ${scenario.expect.outcome}`);
      }
      // The page saw the same: blocked fetches rejected, the others resolved.
      const rejected = pageResults.filter((r) => r.url === url && !r.ok).length;
      const blocked = got.filter((x) => x.outcome === 'blocked').length;
      if (rejected !== blocked) problems.push(`${url}: the page saw ${rejected} rejections, the store has ${blocked} blocked`);
    }
    return problems;
  }

  const waitSuspended = (): Promise<string> =>
    waitFor(async () => ((await backgroundState(browser)) === 'stopped' ? 'stopped' : null), {
      message: 'the event page to suspend (extensions.background.idle.timeout = 1 s)',
      interval: 100,
    });

  beforeAll(async () => {
    lab = await startTestLab(captureScenarios);
    // The product default (no page hooks): with a 1 s idle timeout the event page is stopped before a
    // launch could turn them on (only traffic wakes it).
    // The pref is in milliseconds (Firefox's default is 30000). It used to be 1 — 1 ms, not the
    // 1 s intended: the event page was suspended in any 1 ms lull, between two events of a burst
    // and while it was still loading its state, and API calls of a page being torn down are
    // dropped (a whole burst went missing; reads of the page hung while it unloaded).
    browser = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_MS }, pageHooks: false, backgroundRecording: mode === 'background' });
    await browser.page.goto(lab.pageUrl);
    await waitForLabPage(browser.page);
    // With DevTools open the event page still suspends after the 1 s idle timeout (its port
    // drops; the DevTools page reconnects, which wakes it): the suspensions below happen all the same.
    if (mode === 'devtools') {
      devtools = await browser.openCorsPanel();
      // Firefox primes (keeps listening for, while suspended) only the listeners the event page
      // registered during a start: the tab's are among them from the first start after DevTools
      // opened. Requests made during the very first suspension before that are not seen (README,
      // "When it records"); with Firefox's default 30 s idle timeout the DevTools page's pings
      // (every 20 s) are meant to keep it from suspending at all.
      await waitSuspended();
      await waitFor(async () => (await bg<{ tabs: number[] }>('self.__corsLens.capture()')).tabs.length > 0, { message: 'the event page to start again with the tab' });
    }
    expect(await bg<string[]>('self.__corsLens.listenerErrors')).toEqual([]);
    let n = 0;
    await waitFor(
      async () => {
        n += 1;
        const url = `${lab.apiOrigin}/__lab/log?ff-warmup=${n}`;
        await browser.page.evaluate((u: string) => fetch(u).then((r) => r.text(), () => ''), url);
        return (await bg<number>(`self.__corsLens.seen('ff-warmup=')`)) > 0;
      },
      { message: 'the Firefox background to record a warm-up request', interval: 200 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });

  // This test is about pairing, not suspension (the next two are). It used to raise the idle
  // timeout for its duration, but Firefox 153 keeps the value it read at start (measured: set to
  // 30000 and back to 1000 at run time, the page then ran on for more than 6 s without events).
  test('50 concurrent identical preflighted requests: each exchange holds its own preflight', async () => {
    const problems: string[] = [];
    let exchanges = 0;
    let blocked = 0;
    for (let round = 0; round < 2; round++) {
      const url = lab.urlFor(alternating, 'main', nextNonce('ff-conc'));
      await fireFf(browser.page, { fetches: Array.from({ length: BURST }, () => fetchOf(alternating, url)), urls: [url] });
      const byUrl = await settledFf([url]);
      problems.push(...check(byUrl, [url]));
      exchanges += byUrl.get(url)?.length ?? 0;
      blocked += (byUrl.get(url) ?? []).filter((x) => x.outcome === 'blocked').length;
    }
    console.log(`Firefox concurrency: 2×${BURST} identical requests → ${exchanges} exchanges, ${blocked} blocked; problems: ${problems.length}`);
    expect(problems).toEqual([]);
  });

  /**
   * What the panel must list for a URL, from what reached the lab: for `alternating`, the n-th
   * preflight and the n-th actual request got known answers (turns), so the multiset of verdicts
   * follows from the lab's counts; the other scenarios have one fetch per URL.
   */
  function expectedRows(url: string): string[] {
    const { scenario } = planned.get(url)!;
    if (scenario.id !== alternating.id) return [scenario.expect.outcome];
    const u = new URL(url);
    const hits = lab.requests().filter((r) => r.url === u.pathname + u.search);
    const out: string[] = [];
    hits.filter((r) => r.method === 'OPTIONS').forEach((_, t) => {
      if (t % 4 === 1) out.push('blocked/preflight-non-ok-status');
      if (t % 4 === 3) out.push('blocked/preflight-header-not-allowed');
    });
    hits.filter((r) => r.method !== 'OPTIONS').forEach((_, a) => out.push(a % 3 === 2 ? 'blocked/acao-missing' : 'allowed/ok'));
    return sorted(out);
  }

  test('bursts with the event page suspended in between: the lab saw every request', async () => {
    // Each burst starts with the event page suspended (checked through Firefox's own state, which
    // does not wake it): its first request wakes it, and Firefox delivers the events queued
    // meanwhile grouped by type (feasibility, Firefox §2). The store is read when the panel opens.
    const page = browser.page;
    let suspensions = 0;
    for (const [i, alt, each] of [[1, 20, 3], [2, 20, 3], [3, 30, 5], [4, 10, 2]] as const) {
      await waitSuspended();
      suspensions++;
      await fireFf(page, mixedBatch(lab, `ff-life${i}`, alt, each));
    }
    const fetches = [...planned.values()].reduce((n, p) => n + p.count, 0);
    console.log(`Firefox lifecycle: ${suspensions} bursts, each started with the event page suspended; ${fetches} fetches in this file so far`);
    expect(suspensions).toBe(4);
  });

  // Found here: events that arrive while a woken event page loads its saved state used to wait in
  // memory only; suspended again before its debounced snapshot, the page lost them, and every
  // burst after the first suspension showed 0 rows. They are now logged when delivered.
  test(mode === 'background' ? 'traffic recorded while DevTools was closed (across suspensions) is listed when the panel opens' : 'the panel open all along lists every request (across suspensions)', async () => {
    const urls = [...planned.keys()];
    const panel: FirefoxPanel = devtools ?? (await browser.openCorsPanel());
    const rows = await panel
      // Every row, each with its verdict: a row is listed from its request's first event and gets
      // its verdict from the last, which a loaded machine delivers to a waking event page later
      // (seen under test:stress: the last burst's rows still pending when only counts were awaited).
      .waitForRows(
        (rs) => urls.every((u) => { const mine = rs.filter((r) => r.url === u); return mine.length >= planned.get(u)!.count && !mine.some((r) => r.outcome === 'pending'); }),
        `Firefox panel rows with their verdicts for ${urls.length} URLs`,
      )
      .catch(() => panel.rows()); // compared below, burst by burst, so a failure says what is missing
    const problems: string[] = [];
    const perBurst = new Map<string, { fetches: number; rows: number }>();
    for (const url of urls) {
      const tag = /n=(ff-[a-z]+\d*)/.exec(url)?.[1] ?? 'other';
      const b = perBurst.get(tag) ?? { fetches: 0, rows: 0 };
      b.fetches += planned.get(url)!.count;
      b.rows += rows.filter((r) => r.url === url).length;
      perBurst.set(tag, b);
    }
    const summary = [...perBurst].map(([tag, b]) => `${tag} ${b.rows}/${b.fetches}`).join(', ');
    if ([...perBurst.values()].some((b) => b.rows !== b.fetches)) problems.push(`rows/fetches per burst: ${summary}`);
    let blocked = 0;
    for (const url of urls) {
      const mine = rows.filter((r) => r.url === url);
      blocked += mine.filter((r) => r.outcome === 'blocked').length;
      const alternatingUrl = planned.get(url)!.scenario.id === alternating.id;
      const want = expectedRows(url);
      const got = sorted(mine.map((r) => (alternatingUrl ? `${r.outcome}/${r.reason}` : r.outcome)));
      if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${url}: expected [${want.join(', ')}] panel [${got.join(', ')}]`);
    }
    const rejected = pageResults.filter((r) => !r.ok).length;
    console.log(`Firefox panel (${mode}): ${rows.length} rows for ${urls.length} URLs (${summary}), ${blocked} blocked (the page saw ${rejected} rejections); problems: ${problems.length}`);
    expect(problems).toEqual([]);
    expect(blocked).toBe(rejected);
  });
});

