/**
 * Persistence against a storage.session with a quota, as Chrome's (10 MB) and Firefox's have:
 * over quota memory keeps every exchange; storage keeps the newest that fit (a suffix of the tab)
 * and says how many older ones it left out, which a restart counts as dropped — nothing vanishes
 * uncounted. The stored form is compact and lossless; "clear" really empties what is stored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { Observation, PageHint } from '../../../src/core/model';
import type { Persister as PersisterType } from '../../../src/background/persistence';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import { decodeTab, encodeTab } from '../../../src/background/stored-tab';
import { TabStore } from '../../../src/background/tab-store';
import type { WebRequestDetails, WebRequestEventName } from '../../../src/sources/webrequest';
import { FakeSession } from './support/fake-session';
import { chromiumCases } from '../sources/webrequest-fixtures';

const TAB = 7;
const PAGE = 'http://page.test';

class Listener implements RecorderListener {
  statuses: number[] = [];
  removed: string[] = [];
  changed(_tabId: number, c: { removedIds: string[] }): void {
    this.removed.push(...c.removedIds);
  }
  cleared(): void {}
  status(tabId: number): void {
    this.statuses.push(tabId);
  }
}

/** One cross-origin GET answered with a matching Access-Control-Allow-Origin, as webRequest reports it. */
function* request(i: number, padding: string): Generator<[WebRequestEventName, WebRequestDetails]> {
  const base = { requestId: String(1000 + i), url: `http://api.test/items/${i}`, method: 'GET', type: 'xmlhttprequest', tabId: TAB, frameId: 0, initiator: PAGE };
  const t = 1_000 + i * 10;
  yield ['onBeforeRequest', { ...base, timeStamp: t }];
  yield ['onSendHeaders', { ...base, timeStamp: t + 1, requestHeaders: [{ name: 'Origin', value: PAGE }, { name: 'X-Pad', value: padding }] }];
  const responseHeaders = [{ name: 'Access-Control-Allow-Origin', value: PAGE }];
  yield ['onHeadersReceived', { ...base, timeStamp: t + 2, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders }];
  yield ['onCompleted', { ...base, timeStamp: t + 3, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders }];
}

let session: FakeSession;
let Persister: typeof PersisterType;
let loadRecorderState: typeof import('../../../src/background/persistence').loadRecorderState;

beforeEach(async () => {
  session = new FakeSession(200_000);
  (globalThis as { chrome?: unknown }).chrome = { storage: { session } };
  vi.resetModules(); // src/platform/browser.ts reads globalThis.chrome when first imported
  ({ Persister, loadRecorderState } = await import('../../../src/background/persistence'));
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
  vi.restoreAllMocks();
});

const analyzer = (obs: Observation[]) => analyze(obs, { browser: 'chrome' });

/** `n` requests; by default each carries 400 characters of its own (no two compress together). */
function recorderWith(n: number, padding?: string) {
  const listener = new Listener();
  const recorder = new Recorder(analyzer, listener);
  for (let i = 0; i < n; i++) for (const [ev, d] of request(i, padding ?? `${i}:${'x'.repeat(400)}`)) recorder.handle(ev, d);
  return { recorder, listener };
}

const urlsOf = (observations: Observation[] | undefined) => new Set((observations ?? []).map((o) => o.url));

describe('Persister over quota', () => {
  it('keeps every exchange in memory; storage holds the newest that fit and counts the rest', async () => {
    const { recorder, listener } = recorderWith(400); // ≈ 400 × 0.5 KB of unique data: over a 200 KB quota
    const persister: PersisterType = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();

    const store = recorder.tab(TAB)!;
    expect(session.failures).toBeGreaterThan(0);
    // Memory is untouched: all 400, nothing dropped, no row removed from the panel.
    expect(store.size).toBe(400);
    expect(store.dropped).toBe(0);
    expect(listener.removed).toEqual([]);
    // Storage holds a suffix: the newest survive, the oldest went, with no gap in between.
    const restored = await loadRecorderState();
    const saved = restored.tabs?.[TAB];
    const urls = urlsOf(saved?.observations);
    expect(urls).toContain('http://api.test/items/399');
    expect(urls).not.toContain('http://api.test/items/0');
    const kept = [...urls].map((u) => Number(u.split('/').pop())).sort((a, b) => a - b);
    expect(kept.length).toBeGreaterThan(100); // most of the quota is used
    expect(kept.length).toBeLessThan(400);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 400 - kept.length + i));
    expect(persister.storedCounts(TAB)).toEqual({ stored: kept.length, omitted: 400 - kept.length });
    // A restart restores what storage held and counts the rest as dropped: nothing vanishes uncounted.
    expect(saved?.dropped).toBe(400 - kept.length);
    const after = new Recorder(analyzer, new Listener());
    after.restore(restored);
    expect(after.tab(TAB)!.size).toBe(kept.length);
    expect(after.tab(TAB)!.size + after.tab(TAB)!.dropped).toBe(400);
  });

  it('a restart adds what storage left out to the exchanges already dropped from memory', async () => {
    const listener = new Listener();
    const recorder = new Recorder(analyzer, listener, { maxExchanges: 300 });
    for (let i = 0; i < 400; i++) for (const [ev, d] of request(i, `${i}:${'x'.repeat(400)}`)) recorder.handle(ev, d);
    expect(recorder.tab(TAB)!.dropped).toBe(100); // the in-memory bound
    session.quota = 100_000;
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    const { stored, omitted } = persister.storedCounts(TAB)!;
    expect(stored + omitted).toBe(300);
    expect(omitted).toBeGreaterThan(0);
    const after = new Recorder(analyzer, new Listener(), { maxExchanges: 300 });
    after.restore(await loadRecorderState());
    expect(after.tab(TAB)!.size).toBe(stored);
    expect(after.tab(TAB)!.dropped).toBe(100 + omitted);
  });

  it('keeps saving later traffic once storage is full (the newest replace the oldest there)', async () => {
    const { recorder } = recorderWith(400);
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    for (let i = 400; i < 420; i++) for (const [ev, d] of request(i, 'y')) recorder.handle(ev, d);
    persister.schedule();
    await persister.flush();
    const saved = (await loadRecorderState()).tabs?.[TAB];
    expect(saved?.observations.some((o) => o.url.endsWith('/items/419'))).toBe(true);
    expect(recorder.tab(TAB)!.size).toBe(420);
  });

  it('a closed tab frees room: the other tab stores all it has again', async () => {
    const { recorder } = recorderWith(400);
    for (let i = 0; i < 100; i++) for (const [ev, d] of request(i, `${i}:${'y'.repeat(400)}`)) recorder.handle(ev, { ...d, tabId: TAB + 1, requestId: `b${i}` });
    session.quota = 260_000;
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    const before = persister.storedCounts(TAB)!;
    expect(before.omitted).toBeGreaterThan(0);
    recorder.forgetTab(TAB + 1);
    for (const [ev, d] of request(400, 'z')) recorder.handle(ev, d);
    persister.schedule();
    await persister.flush();
    expect(Object.keys(session.data)).not.toContain(`cl:tab:${TAB + 1}`);
    // About 100 exchanges' worth was freed: the tab stores more of its 401 than before.
    const now = persister.storedCounts(TAB)!;
    expect(now.stored + now.omitted).toBe(401);
    expect(now.stored).toBeGreaterThan(before.stored + 50);
    const saved = urlsOf((await loadRecorderState()).tabs?.[TAB]?.observations);
    expect(saved).toContain('http://api.test/items/400');
  });

  it('rethrows errors that are not about the quota, dropping nothing', async () => {
    const { recorder } = recorderWith(5);
    session.set = async () => {
      throw new Error('Error in invocation of storage.set: something else');
    };
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await expect(persister.flush()).rejects.toThrow('something else');
    expect(recorder.tab(TAB)!.dropped).toBe(0);
    expect(recorder.tab(TAB)!.size).toBe(5);
  });

  it('when not even one exchange fits, it fails loudly instead of looping', async () => {
    const { recorder } = recorderWith(5);
    session.quota = 10;
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await expect(persister.flush()).rejects.toThrow(/quota/);
    expect(recorder.tab(TAB)!.size).toBe(5);
  });
});

describe('the stored form of a tab', () => {
  const chromium = Object.values(chromiumCases()).flat();
  const recorded = () => {
    const recorder = new Recorder(analyzer, new Listener());
    for (const [ev, d] of chromium) recorder.handle(ev, d);
    const tabId = recorder.tabIds()[0]!;
    return { recorder, tabId, store: recorder.tab(tabId)! };
  };

  it('is lossless: every observation, header and hint comes back as it was', () => {
    const { tabId, store } = recorded();
    const rich: Observation = {
      id: 'har:odd', source: 'har', chainId: 'c1', hopIndex: 2, frameId: 3, documentId: 'd', documentUrl: 'http://page.test/doc',
      initiatorOrigin: null, url: 'http://api.test/x?q=<b>"', method: 'patch', resourceType: 'fetch',
      requestHeaders: [{ name: 'X-A', value: '1' }, { name: 'X-A', value: '1' }, { name: 'Origin', value: 'null' }], requestHeadersProvisional: true,
      status: 302, statusText: 'Found', responseHeaders: [], redirectUrl: 'http://api.test/y', error: 'net::ERR_FAILED', preflightHint: false,
      preflightForHint: '17', fromCache: false, ip: '::1', startTime: 1712345678901.123, endTime: 1712345678999.987, seq: 9,
    };
    const hint: PageHint = { id: 'ph:1', kind: 'fetch', url: 'http://api.test/x', method: 'GET', mode: 'cors', credentials: 'include', headerNames: ['x-a'], startTime: 5, outcome: 'rejected', error: 'TypeError', tabId };
    const parts = store.persistUnits();
    parts.loose.push(rich, { ...rich, id: 'wr:c2#0', source: 'webrequest', chainId: 'c2', hopIndex: 0, tabId: undefined, initiatorOrigin: 'http://page.test' });
    parts.pendingHints.push(hint);
    const back = decodeTab(tabId, encodeTab(tabId, parts).value)!;
    const byId = (list: Observation[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    const want = byId([...store.observations(), rich, { ...rich, id: 'wr:c2#0', source: 'webrequest', chainId: 'c2', hopIndex: 0, initiatorOrigin: 'http://page.test' }]);
    const withoutUndefinedTab = want.map((o) => (o.tabId === undefined ? (({ tabId: _, ...rest }) => rest)(o) : o));
    expect(byId(back.observations)).toEqual(withoutUndefinedTab);
    expect(back.hints).toContainEqual(hint);
    // A restored store analyses them to the same exchanges and verdicts.
    const again = new TabStore(analyzer, {}, back);
    const key = (s: TabStore) => s.list().filter((a) => !a.exchange.id.startsWith('har:') && a.exchange.id !== 'wr:c2#0').map((a) => `${a.exchange.id} ${a.verdict.outcome} ${a.verdict.reason}`);
    expect(key(again)).toEqual(key(store));
  });

  it('takes a fraction of the room the plain observations take (real Chromium headers)', () => {
    const { tabId, store } = recorded();
    const plain = JSON.stringify(store.toPersisted()).length;
    const { value, chars } = encodeTab(tabId, store.persistUnits());
    expect(chars).toBe(value.packed.length + 160);
    expect(JSON.stringify(value).length).toBeLessThan(plain / 2);
  });

  it('within a budget: the newest exchanges whole, the count of the rest, no gap', () => {
    const { tabId, store } = recorded();
    const parts = store.persistUnits();
    const full = encodeTab(tabId, parts);
    const half = encodeTab(tabId, parts, full.chars / 2);
    expect(half.chars).toBeLessThanOrEqual(full.chars / 2);
    expect(half.stored + half.omitted).toBe(parts.units.length);
    expect(half.omitted).toBeGreaterThan(0);
    const back = decodeTab(tabId, half.value)!;
    const ids = new Set(back.observations.map((o) => o.id));
    const expected = parts.units.slice(parts.units.length - half.stored).flatMap((u) => u.observations.map((o) => o.id));
    for (const id of expected) expect(ids).toContain(id);
    for (const u of parts.units.slice(0, half.omitted)) for (const o of u.observations) expect(ids).not.toContain(o.id);
    expect(back.dropped).toBe(store.dropped + half.omitted);
  });

  it('in-flight exchanges stay in flight across a restore, and malformed stored values are ignored', () => {
    const recorder = new Recorder(analyzer, new Listener());
    const [first, second] = [...request(1, 'p')];
    recorder.handle(...first!);
    recorder.handle(...second!);
    const store = recorder.tab(TAB)!;
    expect(store.list()[0]!.exchange.inFlight).toBe('response');
    const back = decodeTab(TAB, encodeTab(TAB, store.persistUnits()).value)!;
    expect(new TabStore(analyzer, {}, back).list()[0]!.exchange.inFlight).toBe('response');
    expect(decodeTab(TAB, { format: 2, packed: '{not json' })).toBeUndefined();
    expect(decodeTab(TAB, { observations: 'x' })).toBeUndefined();
    expect(decodeTab(TAB, { format: 2, packed: JSON.stringify({ s: [], o: [[99, 1], 'junk', [8, -1]] }) })!.observations).toEqual([]);
  });
});

describe('Clear empties storage', () => {
  it('after the user clears a tab, storage.session holds none of its requests', async () => {
    const { recorder } = recorderWith(20, 'z');
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    expect((await loadRecorderState()).tabs?.[TAB]?.observations.length).toBe(40 / 2);

    recorder.clearTab(TAB, Number.MAX_SAFE_INTEGER);
    persister.schedule();
    await persister.flush();
    expect(recorder.tab(TAB)!.size).toBe(0);
    expect((await loadRecorderState()).tabs?.[TAB]?.observations).toEqual([]);
    expect(JSON.stringify(session.data)).not.toContain('api.test/items');
  });

  it('a closed tab’s key is removed', async () => {
    const { recorder } = recorderWith(3, 'z');
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    recorder.forgetTab(TAB);
    persister.schedule();
    await persister.flush();
    expect(Object.keys(session.data).filter((k) => k.startsWith('cl:tab:'))).toEqual([]);
  });
});

describe('what the collector keeps (it is saved to storage.session too)', () => {
  it('a finished same-origin request is forgotten at once: its headers are never saved', () => {
    const recorder = new Recorder((obs: Observation[]) => analyze(obs), new Listener());
    for (let i = 0; i < 10; i++) {
      for (const [ev, d] of request(i, 'p')) recorder.handle(ev, { ...d, url: `${PAGE}/same/${i}`, requestHeaders: [{ name: 'Cookie', value: 'sid=secret' }] });
    }
    expect(Object.keys(recorder.collectorState().chains)).toEqual([]);
    expect(recorder.tab(TAB)).toBeUndefined();
  });

  it('finished chains kept for late events are bounded in number, however fast they come', async () => {
    const { WebRequestCollector } = await import('../../../src/sources/webrequest');
    const c = new WebRequestCollector(undefined, { maxFinishedChains: 50 });
    for (let i = 0; i < 300; i++) for (const [ev, d] of request(i, 'p')) c.handle(ev, d);
    c.prune();
    const chains = Object.values(c.state.chains);
    expect(chains.length).toBe(50);
    expect(chains.every((ch) => Number(ch.requestId) >= 1250)).toBe(true); // the newest stay
  });
});

describe('Persister and the event log', () => {
  it('deletes the log entries a snapshot covers only once the snapshot is written', async () => {
    const { EventLog } = await import('../../../src/background/event-log');
    const { recorder } = recorderWith(3);
    const log = new EventLog();
    for (const [ev, d] of request(99, 'x')) {
      log.append([ev, d]);
      recorder.handle(ev, d);
    }
    await new Promise((r) => setTimeout(r, 0));
    const logKeys = () => Object.keys(session.data).filter((k) => k.startsWith('cl:wal:'));
    expect(logKeys()).toHaveLength(4);
    // The snapshot write fails (the worker is stopped, storage is gone…): the log must survive it.
    const set = session.set.bind(session);
    session.set = async () => {
      throw new Error('Extension context invalidated.');
    };
    const persister: PersisterType = new Persister(recorder, 0, log);
    persister.schedule();
    await expect(persister.flush()).rejects.toThrow(/invalidated/);
    expect(logKeys()).toHaveLength(4);
    // Written: now the covered entries go.
    session.set = set;
    recorder.handle(...[...request(100, 'x')][0]!);
    persister.schedule();
    await persister.flush();
    expect(logKeys()).toEqual([]);
    expect(session.data['cl:wal-applied']).toBe(log.mark());
  });
});
