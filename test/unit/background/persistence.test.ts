/**
 * Persistence against a storage.session with a quota, as Chrome's (10 MB) and Firefox's have:
 * over quota the oldest exchanges are dropped — in memory and in storage alike — counted, and the
 * panel is told; "clear" really empties what is stored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { Observation } from '../../../src/core/model';
import type { Persister as PersisterType } from '../../../src/background/persistence';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import type { WebRequestDetails, WebRequestEventName } from '../../../src/sources/webrequest';

const TAB = 7;
const PAGE = 'http://page.test';

/** storage.session in memory, refusing writes that would make its JSON exceed `quota` bytes. */
class FakeSession {
  data: Record<string, unknown> = {};
  failures = 0;
  constructor(public quota: number) {}
  private bytes(d: Record<string, unknown>): number {
    return Object.entries(d).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  }
  async get(keys: string[] | null): Promise<Record<string, unknown>> {
    if (keys === null) return structuredClone(this.data);
    return Object.fromEntries(keys.filter((k) => k in this.data).map((k) => [k, structuredClone(this.data[k])]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const next = { ...this.data, ...structuredClone(items) };
    if (this.bytes(next) > this.quota) {
      this.failures++;
      throw new Error('Session storage quota bytes exceeded. Values were not stored.');
    }
    this.data = next;
  }
  async remove(keys: string[]): Promise<void> {
    for (const k of keys) delete this.data[k];
  }
}

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

function recorderWith(n: number, padding = 'x'.repeat(400)) {
  const listener = new Listener();
  const recorder = new Recorder((obs: Observation[]) => analyze(obs, { browser: 'chrome' }), listener);
  for (let i = 0; i < n; i++) for (const [ev, d] of request(i, padding)) recorder.handle(ev, d);
  return { recorder, listener };
}

describe('Persister over quota', () => {
  it('drops the oldest exchanges until the tab fits, in memory and in storage, and says how many', async () => {
    const { recorder, listener } = recorderWith(400); // ≈ 400 × 0.9 KB: well over a 200 KB quota
    const persister: PersisterType = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();

    const store = recorder.tab(TAB)!;
    expect(session.failures).toBeGreaterThan(0);
    expect(store.dropped).toBeGreaterThan(0);
    expect(store.size + store.dropped).toBe(400); // nothing vanished without being counted
    // The newest survive, the oldest went.
    const kept = store.list().map((a) => a.exchange.url);
    expect(kept).toContain('http://api.test/items/399');
    expect(kept).not.toContain('http://api.test/items/0');
    // The panel was told: rows removed, and a state (dropped count) update for the tab.
    expect(listener.removed.length).toBe(store.dropped);
    expect(listener.statuses).toContain(TAB);
    // What a restarted background would load is exactly what is in memory, dropped count included.
    const restored = await loadRecorderState();
    const saved = restored.tabs?.[TAB];
    expect(saved?.dropped).toBe(store.dropped);
    expect(new Set(saved?.observations.map((o) => o.id))).toEqual(new Set(store.observations().map((o) => o.id)));
  });

  it('keeps saving later traffic after a drop', async () => {
    const { recorder } = recorderWith(400);
    const persister = new Persister(recorder, 0);
    persister.schedule();
    await persister.flush();
    for (let i = 400; i < 420; i++) for (const [ev, d] of request(i, 'y')) recorder.handle(ev, d);
    persister.schedule();
    await persister.flush();
    const saved = (await loadRecorderState()).tabs?.[TAB];
    expect(saved?.observations.some((o) => o.url.endsWith('/items/419'))).toBe(true);
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
