/** Page hints in the background: stored per tab, attached whatever the arrival order, persisted, forgotten. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation, PageHint } from '../../../src/core/model';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import { TabStore, type NewPageHint, type TabChanges } from '../../../src/background/tab-store';
import { API, PAGE, actual, headers, preflight } from '../support/observations';

const firefox = (obs: Observation[], hints: readonly PageHint[]) => analyze(obs, { hints, browser: 'firefox' });

/** A credentialed GET answered `ACAO: *`: Firefox's webRequest reports a normal completion. */
function wildcardResponse(path: string, startTime: number, rest: Partial<Observation> = {}): Observation {
  return actual('GET', `${API}${path}`, startTime, {}, {
    status: 200,
    responseHeaders: headers({ 'Access-Control-Allow-Origin': '*' }),
    endTime: startTime + 5,
    ...rest,
  });
}

function pageHint(path: string, startTime: number, over: Partial<NewPageHint> = {}): NewPageHint {
  return {
    kind: 'fetch',
    url: `${API}${path}`,
    method: 'GET',
    mode: 'cors',
    credentials: 'include',
    headerNames: [],
    startTime,
    outcome: 'rejected',
    error: 'TypeError',
    tabId: 1,
    frameId: 0,
    ...over,
  };
}

const outcomes = (list: AnalyzedExchange[]) => Object.fromEntries(list.map((a) => [new URL(a.exchange.url).pathname, a.verdict.outcome]));

describe('TabStore with page hints', () => {
  it('a hint arriving after the webRequest events re-analyses its request', () => {
    const store = new TabStore(firefox);
    store.apply([wildcardResponse('/a', 1_002), wildcardResponse('/b', 1_003)]);
    expect(outcomes(store.list())).toEqual({ '/a': 'allowed', '/b': 'allowed' });
    const changes = store.addHints([pageHint('/a', 1_000)]);
    expect(changes.upserts.map((a) => [new URL(a.exchange.url).pathname, a.verdict.outcome, a.verdict.reason])).toEqual([
      ['/a', 'blocked', 'acao-wildcard-with-credentials'],
    ]);
    expect(outcomes(store.list())).toEqual({ '/a': 'blocked', '/b': 'allowed' });
    expect(store.get(changes.upserts[0]!.exchange.id)!.exchange.pageHint?.credentials).toBe('include');
  });

  it('a loaded machine: the request starts 12 s after the call and the hint arrives after it ended; still paired, in order', () => {
    const store = new TabStore(firefox);
    // Two identical calls at 1 000 and 1 010 settle at 14 000 and 14 500; their requests start at
    // 13 000 and 13 400 and end before either hint reaches the background.
    store.apply([wildcardResponse('/slow', 13_000), wildcardResponse('/slow', 13_400)]);
    expect(outcomes(store.list())).toEqual({ '/slow': 'allowed' });
    store.addHints([
      pageHint('/slow', 1_000, { endTime: 14_000, credentials: 'include' }),
      pageHint('/slow', 1_010, { endTime: 14_500, credentials: 'omit', outcome: 'resolved', error: undefined }),
    ]);
    expect(store.list().map((a) => [a.exchange.startTime, a.exchange.pageHint?.credentials, a.verdict.outcome])).toEqual([
      [13_000, 'include', 'blocked'],
      [13_400, 'omit', 'allowed'],
    ]);
  });

  it('a hint arriving first waits for its request', () => {
    const store = new TabStore(firefox);
    expect(store.addHints([pageHint('/a', 1_000)])).toEqual({ upserts: [], removedIds: [] });
    const changes = store.apply([wildcardResponse('/a', 1_004)]);
    expect(changes.upserts.map((a) => a.verdict.outcome)).toEqual(['blocked']);
  });

  it('identical concurrent requests each get their own hint, in call order', () => {
    const store = new TabStore(firefox);
    store.addHints([pageHint('/same', 1_000, { credentials: 'include' }), pageHint('/same', 1_001, { credentials: 'omit', outcome: 'resolved' })]);
    store.apply([wildcardResponse('/same', 1_002), wildcardResponse('/same', 1_003)]);
    const list = store.list();
    expect(list.map((a) => [a.exchange.pageHint?.credentials, a.verdict.outcome])).toEqual([
      ['include', 'blocked'],
      ['omit', 'allowed'],
    ]);
    expect(new Set(list.map((a) => a.exchange.pageHint?.id)).size).toBe(2);
  });

  it('a hint stays with its exchange when a later event re-analyses the group (a preflight pairing)', () => {
    const store = new TabStore(firefox);
    const url = `${API}/put`;
    const put = actual('PUT', url, 2_002, {}, { status: 200, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }), endTime: 2_020 });
    store.apply([put]);
    store.addHints([pageHint('/put', 2_000, { method: 'put', credentials: 'include', outcome: 'resolved', error: undefined })]);
    const pf = preflight(url, 'PUT', 2_004, undefined, { status: 204, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' }), endTime: 2_010 });
    store.apply([pf]);
    const [only] = store.list();
    expect(store.list()).toHaveLength(1);
    expect(only!.exchange.hops[0]!.preflight?.id).toBe(pf.id);
    expect(only!.exchange.pageHint?.method).toBe('put');
    expect(only!.verdict.credentials.basis).toBe('observed');
  });

  it('persists hints with the observations; a restored store gives the same verdicts', () => {
    const store = new TabStore(firefox);
    store.apply([wildcardResponse('/a', 1_002)]);
    store.addHints([pageHint('/a', 1_000), pageHint('/never-sent', 1_500)]);
    const saved = JSON.parse(JSON.stringify(store.toPersisted()));
    const restored = new TabStore(firefox, {}, saved);
    expect(restored.list().map((a) => a.verdict)).toEqual(store.list().map((a) => a.verdict));
    expect(restored.hints()).toEqual(store.hints());
    // Ids continue after the restored ones.
    restored.addHints([pageHint('/c', 3_000)]);
    expect(new Set(restored.hints().map((h) => h.id)).size).toBe(3);
  });

  it('state saved before hints existed still loads', () => {
    const store = new TabStore(firefox);
    store.apply([wildcardResponse('/a', 1_002)]);
    const { hints: _h, hintSeq: _s, ...old } = store.toPersisted();
    expect(new TabStore(firefox, {}, old).list()).toHaveLength(1);
  });

  it('clear() forgets the hints of what it clears; hints of the old document are refused afterwards', () => {
    const store = new TabStore(firefox);
    store.apply([wildcardResponse('/a', 1_002)]);
    store.addHints([pageHint('/a', 1_000), pageHint('/b', 1_100)]);
    store.clear(2_000);
    expect(store.hints()).toEqual([]);
    store.addHints([pageHint('/late', 1_900)]);
    expect(store.hints()).toEqual([]);
  });

  it('bounds: unclaimed hints beyond maxPendingHints go oldest first; a dropped exchange takes its hint along', () => {
    const store = new TabStore(firefox, { maxPendingHints: 3, maxExchanges: 2 });
    store.addHints([1, 2, 3, 4, 5].map((i) => pageHint(`/p${i}`, 100 * i)));
    expect(store.hints().map((h) => h.url.slice(-2))).toEqual(['p3', 'p4', 'p5']);
    store.apply([wildcardResponse('/p3', 302)]);
    store.apply([wildcardResponse('/p4', 402)]);
    expect(store.hints()).toHaveLength(3);
    store.apply([wildcardResponse('/p5', 502)]); // the /p3 exchange is dropped (maxExchanges 2)
    expect(store.hints().map((h) => h.url.slice(-2))).toEqual(['p4', 'p5']);
    expect(store.list().map((a) => a.verdict.outcome)).toEqual(['blocked', 'blocked']);
  });
});

describe('analyze with hints', () => {
  it('is exactly core analyze when no hint applies', () => {
    const obs = [wildcardResponse('/a', 10), actual('GET', `${PAGE}/same`, 11), wildcardResponse('/b', 12, { error: 'NS_ERROR_DOM_BAD_URI' })];
    for (const browser of ['chrome', 'firefox'] as const) {
      const plain = analyze(obs, { browser });
      expect(analyze(obs, { hints: [], browser })).toEqual(plain);
      const unrelated = [{ ...pageHint('/elsewhere', 10), id: 'x' }];
      expect(analyze(obs, { hints: unrelated, browser })).toEqual(plain);
      expect(analyze(obs, { hints: unrelated, browser, includeSameOrigin: true })).toEqual(analyze(obs, { browser, includeSameOrigin: true }));
    }
  });
});

class Spy implements RecorderListener {
  changes: Array<[number, TabChanges]> = [];
  changed(tabId: number, c: TabChanges): void {
    this.changes.push([tabId, c]);
  }
  cleared(): void {}
  status(): void {}
}

describe('Recorder.handlePageHints', () => {
  const wr = (event: string, d: Record<string, unknown>) => [event, { requestId: '7', url: `${API}/a`, method: 'GET', tabId: 4, frameId: 0, type: 'xmlhttprequest', originUrl: `${PAGE}/`, ...d }] as const;
  const events = [
    wr('onBeforeRequest', { timeStamp: 1_002 }),
    wr('onSendHeaders', { timeStamp: 1_003, requestHeaders: [{ name: 'Origin', value: PAGE }, { name: 'Sec-Fetch-Mode', value: 'cors' }] }),
    wr('onHeadersReceived', { timeStamp: 1_010, statusCode: 200, responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: '*' }] }),
    wr('onCompleted', { timeStamp: 1_012, statusCode: 200, responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: '*' }] }),
  ];
  const raw = { ...pageHint('/a', 1_000), tabId: 999, frameId: 999 };

  it('takes the tab and frame from the sender, not the page, and updates the panel', () => {
    const spy = new Spy();
    const recorder = new Recorder(firefox, spy);
    for (const [e, d] of events) recorder.handle(e as never, d as never);
    recorder.handlePageHints({ tabId: 4, frameId: 0, documentId: 'doc-9' }, [raw, { junk: true }, 'x']);
    const [hint] = recorder.tab(4)!.hints();
    expect(hint).toMatchObject({ tabId: 4, frameId: 0, documentId: 'doc-9', credentials: 'include' });
    const last = spy.changes[spy.changes.length - 1]!;
    expect(last[0]).toBe(4);
    expect(last[1].upserts.map((a) => a.verdict.outcome)).toEqual(['blocked']);
    expect(recorder.takeDirty().tabs).toContain(4);
  });

  it('a page cannot reach another tab or frame; invalid senders and batches are ignored', () => {
    const recorder = new Recorder(firefox, new Spy());
    for (const [e, d] of events) recorder.handle(e as never, d as never);
    recorder.handlePageHints({ tabId: 5, frameId: 0 }, [raw]);
    recorder.handlePageHints({ tabId: 4, frameId: 2 }, [raw]);
    expect(recorder.tab(4)!.list()[0]!.verdict.outcome).toBe('allowed');
    recorder.handlePageHints({ tabId: -1 }, [raw]);
    recorder.handlePageHints({ tabId: 4 }, 'not a list');
    recorder.handlePageHints({ tabId: 4 }, [{ ...raw, url: 'javascript:1' }]);
    expect(recorder.tab(4)!.hints()).toHaveLength(1); // the frame-2 one, pending
    recorder.forgetTab(4);
    expect(recorder.tab(4)).toBeUndefined();
  });
});
