import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../../src/core/model';
import { Recorder, isCrossOrigin, type PersistedRecorder, type RecorderListener } from '../../../src/background/recorder';
import type { TabChanges } from '../../../src/background/tab-store';
import { chromiumCases, firefoxEvents, type RecordedEvent } from '../sources/webrequest-fixtures';

const chromium = chromiumCases();
const TAB = 212907849;
const allChromium = Object.values(chromium).flat();
const analyzer = (browser: 'chrome' | 'firefox') => (obs: Observation[]) => analyze(obs, { browser });

/** A listener that mirrors what a panel would hold, to check the incremental messages add up. */
class Mirror implements RecorderListener {
  readonly tabs = new Map<number, Map<string, AnalyzedExchange>>();
  clears: Array<[number, string]> = [];
  changed(tabId: number, c: TabChanges): void {
    const m = this.tabs.get(tabId) ?? new Map<string, AnalyzedExchange>();
    this.tabs.set(tabId, m);
    for (const id of c.removedIds) m.delete(id);
    for (const a of c.upserts) m.set(a.exchange.id, a);
  }
  cleared(tabId: number, reason: string): void {
    this.clears.push([tabId, reason]);
    this.tabs.set(tabId, new Map());
  }
  status(): void {}
  ids(tabId: number): string[] {
    return [...(this.tabs.get(tabId)?.keys() ?? [])].sort();
  }
}

function record(events: RecordedEvent[], browser: 'chrome' | 'firefox' = 'chrome', options = {}) {
  const mirror = new Mirror();
  const recorder = new Recorder(analyzer(browser), mirror, options);
  for (const [ev, d] of events) recorder.handle(ev, d);
  return { recorder, mirror };
}

const summary = (list: AnalyzedExchange[]) => list.map((a) => `${a.exchange.method} ${new URL(a.exchange.url).pathname} ${a.verdict.outcome}`).sort();

describe('Recorder with the real analyser', () => {
  it('keeps every cross-origin case of the Chromium recording, and none of the same-origin one', () => {
    const { recorder, mirror } = record(allChromium);
    const list = recorder.tab(TAB)!.list();
    expect(list.some((a) => a.exchange.url.endsWith('/same'))).toBe(false);
    // Ground truth: which fetches failed in Chromium (results recorded by the probe).
    const urls = new Set(list.map((a) => `${a.exchange.method} ${a.exchange.url}`));
    for (const [name, events] of Object.entries(chromium)) {
      if (name === 'same') continue;
      const first = events[0]![1];
      expect(urls, name).toContain(`${first.method} ${first.url}`);
    }
    // The panel mirror, built only from incremental messages, equals the store.
    expect(mirror.ids(TAB)).toEqual(list.map((a) => a.exchange.id).sort());
  });

  it('incremental analysis equals analysing everything at once', () => {
    const { recorder } = record(allChromium);
    const store = recorder.tab(TAB)!;
    expect(summary(store.list())).toEqual(summary(analyze(store.observations(), { browser: 'chrome' })));
    expect(store.list().map((a) => a.verdict)).toEqual(
      analyze(store.observations(), { browser: 'chrome' })
        .sort((a, b) => a.exchange.startTime - b.exchange.startTime)
        .map((a) => a.verdict),
    );
  });

  it('Firefox: grouped-by-type delivery after a wake yields the same exchanges as live delivery', () => {
    const events = firefoxEvents();
    const live = record(events, 'firefox').recorder.tab(1)!.list();
    const order = ['onBeforeRequest', 'onBeforeSendHeaders', 'onSendHeaders', 'onHeadersReceived', 'onResponseStarted', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'];
    // The navigation comes first live; after a wake everything arrives in type groups.
    const grouped = order.flatMap((t) => events.filter(([ev]) => ev === t));
    const woke = record(grouped, 'firefox');
    expect(summary(woke.recorder.tab(1)!.list())).toEqual(summary(live));
    expect(woke.mirror.ids(1)).toEqual(live.map((a) => a.exchange.id).sort());
    expect(live.length).toBeGreaterThanOrEqual(8);
  });

  it('a restart mid-stream (state through JSON) loses and duplicates nothing', () => {
    const full = record(allChromium).recorder.tab(TAB)!.list();
    for (const cut of [5, 40, 77, allChromium.length - 3]) {
      const first = record(allChromium.slice(0, cut));
      const persisted: PersistedRecorder = JSON.parse(
        JSON.stringify({
          collector: first.recorder.collectorState(),
          tabs: Object.fromEntries(first.recorder.tabIds().map((id) => [id, first.recorder.tab(id)!.toPersisted()])),
        }),
      );
      const second = new Recorder(analyzer('chrome'), new Mirror());
      second.restore(persisted);
      for (const [ev, d] of allChromium.slice(cut)) second.handle(ev, d);
      expect(second.tab(TAB)!.list().map((a) => [a.exchange.id, a.verdict.outcome, a.verdict.reason])).toEqual(
        full.map((a) => [a.exchange.id, a.verdict.outcome, a.verdict.reason]),
      );
    }
  });
});

describe('Recorder bookkeeping', () => {
  const nav = (tabId: number, t: number, status = 200): RecordedEvent => [
    'onResponseStarted',
    { requestId: `nav${t}`, url: 'http://127.0.0.1:8701/', method: 'GET', type: 'main_frame', frameId: 0, tabId, timeStamp: t, statusCode: status },
  ];
  const navTime = chromium.e_good_put![0]![1].timeStamp - 0.5;

  it('bounds each tab, dropping the oldest first and counting them', () => {
    const { recorder, mirror } = record(allChromium, 'chrome', { maxExchanges: 3 });
    const store = recorder.tab(TAB)!;
    const full = record(allChromium).recorder.tab(TAB)!.list();
    expect(store.size).toBe(3);
    expect(store.dropped).toBe(full.length - 3);
    expect(store.list().map((a) => a.exchange.url)).toEqual(full.slice(-3).map((a) => a.exchange.url));
    expect(mirror.ids(TAB)).toEqual(store.list().map((a) => a.exchange.id).sort());
  });

  it('a top-level navigation clears what started before it, unless preserve log is on', () => {
    const before = allChromium.filter(([, d]) => d.timeStamp < navTime);
    const after = allChromium.filter(([, d]) => d.timeStamp >= navTime);
    const { recorder, mirror } = record([...before, nav(TAB, navTime), ...after]);
    const kept = recorder.tab(TAB)!.list();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((a) => a.exchange.startTime >= navTime)).toBe(true);
    expect(mirror.clears).toEqual([[TAB, 'navigation']]);
    // Order of arrival does not matter: the navigation delivered last cuts the same way.
    const late = record([...before, ...after, nav(TAB, navTime)]).recorder.tab(TAB)!.list();
    expect(late.map((a) => a.exchange.id)).toEqual(kept.map((a) => a.exchange.id));
    // Redirects and 204s don't replace the document.
    expect(record([...allChromium, nav(TAB, navTime, 302), nav(TAB, navTime + 1, 204)]).mirror.clears).toEqual([]);

    const preserved = new Recorder(analyzer('chrome'), new Mirror());
    preserved.setPreserveLog(TAB, true);
    for (const [ev, d] of [...before, nav(TAB, navTime), ...after]) preserved.handle(ev, d);
    expect(preserved.tab(TAB)!.size).toBe(record(allChromium).recorder.tab(TAB)!.size);
  });

  it('user clear, tab isolation and closed tabs', () => {
    const other = allChromium.map(([ev, d]): RecordedEvent => [ev, { ...d, tabId: 5, requestId: `o${d.requestId}` }]);
    const { recorder, mirror } = record([...allChromium, ...other]);
    const a = recorder.tab(TAB)!.list();
    const b = recorder.tab(5)!.list();
    expect(b.length).toBe(a.length);
    expect(new Set(b.flatMap((x) => x.exchange.hops.map((h) => h.request.tabId)))).toEqual(new Set([5]));
    recorder.clearTab(5, Number.MAX_SAFE_INTEGER);
    expect(recorder.tab(5)!.size).toBe(0);
    expect(recorder.tab(TAB)!.size).toBe(a.length);
    expect(mirror.clears).toEqual([[5, 'user']]);
    recorder.forgetTab(TAB);
    expect(recorder.tab(TAB)).toBeUndefined();
    expect(recorder.tabIds()).toEqual([5]);
    // Requests outside any tab (the extension's own, service workers) are ignored.
    const bg = record(allChromium.map(([ev, d]): RecordedEvent => [ev, { ...d, tabId: -1 }]));
    expect(bg.recorder.tabIds()).toEqual([]);
  });

  it('cross-origin test', () => {
    const o = (url: string, initiatorOrigin: string | null | undefined): Observation => ({ id: 'x', source: 'webrequest', url, method: 'GET', startTime: 0, initiatorOrigin });
    expect(isCrossOrigin(o('http://a.test/x', 'http://a.test'))).toBe(false);
    expect(isCrossOrigin(o('http://a.test:81/x', 'http://a.test'))).toBe(true);
    expect(isCrossOrigin(o('http://a.test/x', null))).toBe(true);
    expect(isCrossOrigin(o('http://a.test/x', undefined))).toBe(false);
    expect(isCrossOrigin(o('data:text/plain,hi', 'http://a.test'))).toBe(true);
  });
});

describe('incremental analysis stays small', () => {
  function counting() {
    const sizes: number[] = [];
    const analyzeCounting = (obs: Observation[]) => {
      sizes.push(obs.length);
      return analyze(obs, { browser: 'chrome' });
    };
    return { sizes, recorder: new Recorder(analyzeCounting, new Mirror()) };
  }
  const base = { url: 'http://localhost:9000/poll', frameId: 0, tabId: 1, initiator: 'http://127.0.0.1:8000', type: 'xmlhttprequest' };
  const origin = [{ name: 'Origin', value: base.initiator }];

  it('polling one URL 6,000 times: each request is analysed on its own and the store stays bounded', () => {
    const { sizes, recorder } = counting();
    for (let i = 0; i < 6000; i++) {
      const d = { ...base, method: 'GET', requestId: String(i), timeStamp: i * 1000 };
      recorder.handle('onBeforeRequest', d);
      recorder.handle('onSendHeaders', { ...d, timeStamp: d.timeStamp + 1, requestHeaders: origin });
      recorder.handle('onHeadersReceived', { ...d, timeStamp: d.timeStamp + 5, statusCode: 200, responseHeaders: [] });
      recorder.handle('onErrorOccurred', { ...d, timeStamp: d.timeStamp + 6, error: 'net::ERR_FAILED' });
    }
    const store = recorder.tab(1)!;
    expect(store.size).toBe(5000);
    expect(store.dropped).toBe(1000);
    expect(store.list().every((a) => a.verdict.outcome === 'blocked' && a.exchange.url === base.url)).toBe(true);
    expect(Math.max(...sizes)).toBe(1);
  });

  it('polling with preflights: groups stay bounded (by count, not time), pairs stay right', () => {
    const { sizes, recorder } = counting();
    const n = 150;
    for (let i = 0; i < n; i++) {
      const t = i * 1000;
      const actual = { ...base, method: 'PUT', requestId: `a${i}` };
      const pre = { ...base, method: 'OPTIONS', requestId: `p${i}` };
      const acrm = [...origin, { name: 'Access-Control-Request-Method', value: 'PUT' }];
      const allow = [{ name: 'Access-Control-Allow-Origin', value: base.initiator }, { name: 'Access-Control-Allow-Methods', value: 'PUT' }];
      recorder.handle('onBeforeRequest', { ...actual, timeStamp: t });
      recorder.handle('onBeforeRequest', { ...pre, timeStamp: t + 1 });
      recorder.handle('onSendHeaders', { ...pre, timeStamp: t + 2, requestHeaders: acrm });
      recorder.handle('onCompleted', { ...pre, timeStamp: t + 3, statusCode: 204, responseHeaders: allow });
      recorder.handle('onSendHeaders', { ...actual, timeStamp: t + 4, requestHeaders: origin });
      recorder.handle('onCompleted', { ...actual, timeStamp: t + 5, statusCode: 200, responseHeaders: allow });
    }
    const list = recorder.tab(1)!.list();
    expect(list).toHaveLength(n);
    expect(list.every((a, i) => a.exchange.hops[0]!.preflight?.chainId === `p${i}` && a.verdict.outcome === 'allowed')).toBe(true);
    // At most maxGroup (200) observations per event, however the polls are spaced in time.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
  });
});
