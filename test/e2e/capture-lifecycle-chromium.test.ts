/**
 * Live capture is complete in Chromium: the real extension build, the lab (Firefox:
 * capture-lifecycle-firefox.test.ts).
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
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  alternating,
  captureScenarios,
  fetchOf,
  fireAllExpression,
  type FetchResult,
} from './support/capture-scenarios';
import { launchChromium, warmUp, type ChromiumSession, stopExtensionWorker } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { attachPairOracle, type ChromiumPair, type ChromiumPairs } from './support/chromium-pairs';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { nextNonce, startTestLab, waitForLabPage, type Lab } from './support/lab';
import type { PanelRow } from './support/panel-rows';
import { pairKey, storedExchangesExpression, type StoredExchange, type StoredState } from './support/store-pairs';
import { waitFor } from './support/wait';
import { BURST, MODES, mixedBatch, sorted, storedKey, type Batch } from './support/capture-batches';

/** The comparable form of what Chromium did. */
const chromiumKey = (t: ChromiumPair): string => pairKey(t.preflightStamp, t.actualStamp, t.corsError ?? 'ok');

describe.each(MODES)('Chromium ($mode capture): live capture is complete', ({ mode }) => {
  /** The DevTools window open on the tab from the start ('devtools' mode). */
  let devtools: CorsPanel | undefined;
  let lab: Lab;
  let browser: ChromiumSession;
  let truth: ChromiumPairs;
  /** Every URL this tab requested since the last navigation, for the final checks. */
  const tabUrls: string[] = [];
  /** The burst the worker was stopped in (checked on its own), and how many of its requests lack events. */
  const midBurstUrls: string[] = [];
  let midBurstLoss = 0;

  const stored = (urlPart: string): Promise<StoredState> => browser.sw.evaluate(storedExchangesExpression(urlPart)) as Promise<StoredState>;

  /**
   * Waits until Chromium finished every request to `url` and the store holds all of them, ended.
   * With `stuckOk`, a store that stays short of that (events never delivered: see the lifecycle
   * test) is accepted once it has not changed for 2 s.
   */
  async function settled(url: string, stuckOk = false): Promise<{ want: ChromiumPair[]; got: StoredExchange[] }> {
    const want = await waitFor(
      () => {
        const t = truth.byUrl(url);
        return t.length > 0 && t.every((x) => x.state !== 'pending') ? t : null;
      },
      { message: `Chromium to finish ${url}` },
    );
    const observations = want.length + want.filter((t) => t.preflightId !== undefined).length;
    let last = '';
    let since = Date.now();
    const state = await waitFor(
      async () => {
        const s = await stored(url);
        if (s.observations >= observations && s.ended === s.observations) return s;
        const now = `${s.observations}/${s.ended}`;
        if (now !== last) [last, since] = [now, Date.now()];
        return stuckOk && Date.now() - since > 2000 ? s : null;
      },
      { message: `the background to store ${observations} finished observations of ${url}` },
    ).catch(async (err: Error) => {
      const s = await stored(url).catch(() => null);
      const open = await browser.sw
        .evaluate(`self.__corsLens.tabs().flatMap((t) => self.__corsLens.observations(t)).filter((o) => o.url === ${JSON.stringify(url)} && o.endTime === undefined).map((o) => o.method + ' ' + o.id + ' status=' + o.status + ' reqHeaders=' + !!o.requestHeaders)`)
        .catch(() => []);
      throw new Error(`${err.message}\n  stored now: ${s ? `${s.observations} observations (${s.ended} ended), ${s.exchanges.length} exchanges` : 'unreadable'}; not ended: ${JSON.stringify(open)}`);
    });
    return { want, got: state.exchanges.filter((x) => x.url === url) };
  }

  /** Exchanges per URL left unfinished because Chromium never delivered their last events. */
  const stuck = new Map<string, number>();

  /**
   * Compares store and Chromium for each URL; returns human-readable problems. Every request must
   * have exactly one exchange and every preflight must be paired. With `stuckOk`, URLs whose
   * events were not all delivered (observations missing or never finished) are only counted.
   */
  async function compare(urls: string[], stuckOk = false): Promise<{ problems: string[]; exchanges: number; blocked: number; preflights: number; stuck: number; lost: number; affected: number; gaps: number; startsLost: number }> {
    const problems: string[] = [];
    let exchanges = 0;
    let blocked = 0;
    let preflights = 0;
    let stuckTotal = 0;
    let lost = 0;
    let affected = 0;
    let gaps = 0;
    let startsLost = 0;
    for (const url of urls) {
      const { want, got } = await settled(url, stuckOk);
      exchanges += got.length;
      blocked += got.filter((x) => x.outcome === 'blocked').length;
      preflights += got.filter((x) => x.preflights > 0).length;
      const unfinished = got.filter((x) => !x.done);
      if (unfinished.length > 0) stuck.set(url, unfinished.length);
      stuckTotal += unfinished.length;
      const w = sorted(want.map(chromiumKey));
      const g = sorted(got.filter((x) => x.done).map(storedKey));
      const remaining = [...w];
      const extra = g.filter((k) => {
        const i = remaining.indexOf(k);
        if (i === -1) return true;
        remaining.splice(i, 1);
        return false;
      });
      const lostHere = want.length + want.filter((t) => t.preflightId !== undefined).length - got.reduce((n, x) => n + x.observationIds.filter((id) => !id.endsWith(':actual')).length, 0);
      lost += Math.max(0, lostHere);
      const flagged = got.filter((x) => x.captureGap).length;
      gaps += got.filter((x) => x.captureGap === 'restart').length;
      startsLost += got.filter((x) => x.captureGap === 'missed-start').length;
      if (stuckOk && (lostHere > 0 || unfinished.length > 0 || flagged > 0)) {
        // Events of this URL were never delivered (Chromium drops what it dispatches to a worker
        // being stopped): counted, not compared. The product must have said so (captureGap) on
        // every such exchange that looks complete.
        affected++;
        continue;
      }
      if (extra.length > 0 || remaining.length !== unfinished.length || want.length !== got.length) {
        problems.push(`${url}: Chromium ${want.length} requests, store ${got.length} exchanges (${unfinished.length} unfinished); only in Chromium [${remaining.join(', ')}]; only in the store [${extra.join(', ')}]`);
      }
      const doubled = got.filter((x) => x.preflights > x.hops);
      if (doubled.length > 0) problems.push(`${url}: ${doubled.length} exchanges with two preflights on one hop`);
      const orphans = got.filter((x) => x.orphan);
      if (orphans.length > 0) problems.push(`${url}: ${orphans.length} preflights paired with no request`);
      const chromiumPreflights = want.filter((t) => t.preflightId !== undefined).length;
      const storedPreflights = got.filter((x) => x.preflights > 0).length;
      if (chromiumPreflights !== storedPreflights) problems.push(`${url}: Chromium sent ${chromiumPreflights} preflights, the store paired ${storedPreflights}`);
    }
    if (!stuckOk && stuckTotal > 0) problems.push(`${stuckTotal} exchanges never finished`);
    // No request was in flight at a stop between bursts, so none may carry a restart mark. A
    // request that starts while the stopped worker wakes may lose its first event (seen once in a
    // CI run): the mark says so, and the comparison above still holds it to Chromium's verdict.
    if (!stuckOk && gaps > 0) {
      const marked = [];
      for (const url of urls) for (const x of (await stored(url)).exchanges) if (x.url === url && x.captureGap === 'restart') marked.push(`${x.id} ${x.outcome}/${x.reason} ${x.observationIds.join('+')}`);
      problems.push(`${gaps} exchanges marked as in flight at a restart, though no stop happened while they were: ${marked.join('; ')}`);
    }
    return { problems, exchanges, blocked, preflights, stuck: stuckTotal, lost, affected, gaps: gaps + startsLost, startsLost };
  }

  /** What reached the lab for these URLs: preflights and actual requests. */
  function labCounts(urls: string[]): { preflights: number; actuals: number } {
    const paths = new Set(urls.map((u) => new URL(u).pathname + new URL(u).search));
    const hits = lab.requests().filter((r) => paths.has(r.url));
    return { preflights: hits.filter((r) => r.method === 'OPTIONS').length, actuals: hits.filter((r) => r.method !== 'OPTIONS').length };
  }

  async function storedLabCounts(urls: string[]): Promise<{ preflights: number; actuals: number }> {
    let preflights = 0;
    let actuals = 0;
    for (const url of urls) {
      const got = (await stored(url)).exchanges.filter((x) => x.url === url);
      preflights += got.filter((x) => x.preflights > 0).length;
      actuals += got.filter((x) => x.sent).length;
    }
    return { preflights, actuals };
  }

  const fire = (page: Page, batch: Batch): Promise<FetchResult[]> => page.evaluate(fireAllExpression(batch.fetches)) as Promise<FetchResult[]>;

  /** A value kept on the worker's global: a new one means a new worker instance. */
  const instance = (sw: Worker): Promise<number> => sw.evaluate('self.__e2eInstance ??= Math.random()') as Promise<number>;

  beforeAll(async () => {
    lab = await startTestLab(captureScenarios);
    browser = await launchChromium({ backgroundRecording: mode === 'background' });
    const { page, sw } = browser;
    expect((await backgroundReady(sw)).listenerErrors).toEqual([]);
    truth = await attachPairOracle(browser.context, page);
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    if (mode === 'devtools') devtools = await openCorsPanel(browser, page);
    await warmUp(page, sw, {
      url: `${lab.apiOrigin}/__lab/log?e2e-warmup`,
      recorded: async (w) => (await backgroundSeen(w, 'e2e-warmup')) > 0,
    });
  });

  afterAll(async () => {
    await truth?.detach();
    await devtools?.close();
    await browser?.close();
    await lab?.close();
  });

  test('50 concurrent identical preflighted requests: each exchange holds its own preflight', async () => {
    const rounds = 3;
    let exchanges = 0;
    let blocked = 0;
    let chromiumBlocked = 0;
    const problems: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const url = lab.urlFor(alternating, 'main', nextNonce('conc'));
      tabUrls.push(url);
      const results = await fire(browser.page, { fetches: Array.from({ length: BURST }, () => fetchOf(alternating, url)), urls: [url] });
      const r = await compare([url]);
      problems.push(...r.problems);
      exchanges += r.exchanges;
      blocked += r.blocked;
      const want = truth.byUrl(url);
      chromiumBlocked += want.filter((t) => t.corsError).length;
      // The page agrees with Chromium: blocked requests rejected, the others resolved.
      expect(results.filter((x) => !x.ok).length).toBe(want.filter((t) => t.corsError).length);
      // Mixed outcomes: both kinds of preflight failure, the missing ACAO, and successes.
      expect(new Set(want.map((t) => t.corsError ?? 'ok')).size).toBeGreaterThanOrEqual(3);
    }
    console.log(`concurrency: ${rounds}×${BURST} identical requests → ${exchanges} exchanges, ${blocked} blocked (Chromium: ${chromiumBlocked}); pairs differing from CDP: ${problems.length}`);
    expect(problems).toEqual([]);
    expect(exchanges).toBe(rounds * BURST);
    expect(blocked).toBe(chromiumBlocked);
  });

  test('stopping the service worker between and during bursts loses and mis-pairs nothing', async () => {
    const { page, sw } = browser;
    const urls: string[] = [];
    const before = await instance(sw);

    // 1. Some traffic with the worker running; stop it as soon as the background has it all,
    //    well inside the half second before its debounced snapshot.
    const first = mixedBatch(lab, 'life1', 20, 3);
    urls.push(...first.urls);
    await fire(page, first);
    const beforeStop = await compare(first.urls);
    expect(beforeStop.problems).toEqual([]);
    await stopExtensionWorker(browser);

    // 2. The next burst wakes it: the first burst must have survived, the second be recorded.
    const second = mixedBatch(lab, 'life2', 20, 3);
    urls.push(...second.urls);
    await fire(page, second);
    const afterFirstStop = await instance(sw);
    expect(afterFirstStop).not.toBe(before);
    expect((await compare([...first.urls, ...second.urls])).problems).toEqual([]);

    // 3. Stop it again in the middle of a burst: once the lab has seen part of it.
    const third = mixedBatch(lab, 'life3', 30, 5);
    urls.push(...third.urls);
    const paths = new Set(third.urls.map((u) => new URL(u).pathname + new URL(u).search));
    const since = lab.requests().at(-1)?.seq ?? 0;
    const inFlight = fire(page, third);
    await waitFor(() => lab.requests({ since }).filter((r) => paths.has(r.url)).length >= 10, { message: 'the burst to be under way', interval: 5 });
    await stopExtensionWorker(browser);
    const thirdResults = await inFlight;
    const midBurst = lab.requests({ since }).filter((r) => paths.has(r.url)).length;

    // 4. More traffic after that.
    const fourth = mixedBatch(lab, 'life4', 10, 2);
    urls.push(...fourth.urls);
    await fire(page, fourth);
    expect(await instance(sw)).not.toBe(afterFirstStop);

    // A stop between bursts loses nothing. A stop in the middle of a burst kills the worker while
    // Chromium is dispatching events to it, and Chromium does not deliver the events of the next
    // ~100 ms (until the new instance runs) again: measured here, requests of that burst arrive
    // without their first or last events, or not at all; the same happens to a stop right after
    // the page's fetches settle, before their final events. So for that burst: URLs whose events
    // all arrived must match Chromium exactly, the others are counted; everything recorded before
    // the stops must still be there, and recording after them must be complete again.
    const calm = [...first.urls, ...second.urls, ...fourth.urls];
    const r = await compare(calm);
    const m = await compare(third.urls, true);
    const lab1 = labCounts(calm);
    const store1 = await storedLabCounts(calm);
    const midObservations = third.urls.reduce((n, u) => n + truth.byUrl(u).length + truth.byUrl(u).filter((t) => t.preflightId).length, 0);
    console.log(
      `lifecycle: 2 worker stops; calm bursts: ${r.exchanges} exchanges (${r.blocked} blocked, ${r.startsLost} marked as having lost their first event at a wake-up), lab saw ${lab1.preflights} preflights + ${lab1.actuals} requests, store has ${store1.preflights} + ${store1.actuals}; ` +
        `mid-burst stop (${midBurst} lab requests into a ${third.fetches.length}-request burst, ${thirdResults.filter((x) => !x.ok).length} blocked): ` +
        `${m.lost} of ${midObservations} observations never delivered, ${m.stuck} exchanges left unfinished, ${m.gaps} marked as missing events, in ${m.affected} of ${third.urls.length} URLs; the other URLs exact`,
    );
    tabUrls.push(...calm);
    midBurstUrls.push(...third.urls);
    midBurstLoss = m.lost + m.stuck;
    expect(r.problems).toEqual([]);
    expect(store1).toEqual(lab1);
    expect(m.problems).toEqual([]);
  });

  test(mode === 'background' ? 'traffic recorded while DevTools was closed is listed when the panel opens' : 'the panel open all along lists every request', async () => {
    // 'background': everything so far happened with DevTools closed.
    const panel = devtools ?? (await openCorsPanel(browser, browser.page));
    try {
      const rows = await panel.waitForRows(
        (rs) => tabUrls.every((u) => rs.filter((r) => r.url === u).length >= truth.byUrl(u).length),
        `rows for the ${tabUrls.length} URLs requested before DevTools opened`,
        60_000,
      );
      const problems: string[] = [];
      for (const url of tabUrls) {
        const want = sorted(truth.byUrl(url).map((t) => t.corsError ?? ''));
        const got = sorted(rows.filter((r) => r.url === url).map((r) => r.corsError));
        if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`${url}: Chromium [${want.join(', ')}] panel [${got.join(', ')}]`);
      }
      console.log(`panel (${mode}): ${rows.length} rows, ${tabUrls.length} URLs compared with CDP`);
      expect(problems).toEqual([]);
    } finally {
      if (panel !== devtools) await panel.close();
    }
  });

  test('two DevTools windows at once: each panel lists only its own tab', async () => {
    const other = await browser.context.newPage();
    let panelA: CorsPanel | undefined;
    let panelB: CorsPanel | undefined;
    try {
      await other.goto(lab.pageUrl);
      await waitForLabPage(other);
      panelA = devtools ?? (await openCorsPanel(browser, browser.page));
      panelB = await openCorsPanel(browser, other);
      const a = mixedBatch(lab, 'iso-a', 6, 2);
      const b = mixedBatch(lab, 'iso-b', 6, 2);
      tabUrls.push(...a.urls);
      await Promise.all([fire(browser.page, a), fire(other, b)]);
      const rowsFor = (panel: CorsPanel, batch: Batch): Promise<PanelRow[]> =>
        panel.waitForRows((rs) => batch.urls.every((u) => rs.some((r) => r.url === u)), `rows of ${batch.urls.length} URLs`);
      const [rowsA, rowsB] = await Promise.all([rowsFor(panelA, a), rowsFor(panelB, b)]);
      expect(rowsA.filter((r) => r.url.includes('iso-b'))).toEqual([]);
      expect(rowsB.filter((r) => r.url.includes('iso-a'))).toEqual([]);
      // The other tab's panel shows its tab's requests only (nothing from this tab's earlier traffic).
      expect(rowsB.filter((r) => !r.url.includes('iso-b'))).toEqual([]);
      console.log(`isolation: panel A ${rowsA.length} rows, panel B ${rowsB.length} rows, none crossed`);
    } finally {
      await panelB?.close();
      if (panelA !== devtools) await panelA?.close();
      await other.close();
    }
  });

  test('the toolbar badge counts the tab’s blocked exchanges', async () => {
    for (const url of tabUrls.slice(-5)) await settled(url);
    const tabId = (await stored(tabUrls[0]!)).exchanges[0]?.tabId;
    expect(typeof tabId).toBe('number');
    const chromiumBlocked = [...tabUrls, ...midBurstUrls].reduce((n, u) => n + truth.byUrl(u).filter((t) => t.corsError).length, 0);
    // The badge is debounced: poll until it shows the store's count.
    const seen = await waitFor(
      async () => {
        const v = (await browser.sw.evaluate(`(async () => ({
          badge: await chrome.action.getBadgeText({ tabId: ${tabId} }),
          blocked: self.__corsLens.snapshot(${tabId}).blocked,
        }))()`)) as { badge: string; blocked: number };
        return v.badge === String(v.blocked) ? v : null;
      },
      { message: 'the badge to show the blocked count' },
    );
    console.log(`badge: "${seen.badge}" for tab ${tabId}; store blocked ${seen.blocked}; Chromium blocked ${chromiumBlocked} (${midBurstLoss} observations of the mid-burst stop's burst undelivered or unfinished)`);
    // Requests whose events Chromium never delivered (mid-burst stop) cannot have their verdict.
    expect(Math.abs(chromiumBlocked - seen.blocked)).toBeLessThanOrEqual(midBurstLoss);
  });
});

// ───────────────────────────────────────────── Firefox ──────────────────────────────────────────────

/** extensions.background.idle.timeout for these tests, in ms: the event page suspends after 1 s without events. */
