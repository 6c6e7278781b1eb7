import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Observation } from '../../../src/core/model';
import { WebRequestCollector, emptyCollectorState, type CollectorState } from '../../../src/sources/webrequest';
import { chromiumCases, firefoxEvents, type RecordedEvent } from './webrequest-fixtures';

const chromium = chromiumCases();
const allChromium: RecordedEvent[] = Object.values(chromium).flat();
const allFirefox = firefoxEvents();

function feed(events: RecordedEvent[], c = new WebRequestCollector()): WebRequestCollector {
  for (const [ev, d] of events) {
    const { observations, removedIds } = c.handle(ev, d);
    // Removed ids are exactly the ids that no hop of the chain carries any more.
    for (const id of removedIds) expect(observations.map((o) => o.id)).not.toContain(id);
  }
  return c;
}

/** Observations keyed by id, without `seq` (arrival order legitimately differs between feeds). */
function byId(c: WebRequestCollector): Record<string, Omit<Observation, 'seq'>> {
  const out: Record<string, Omit<Observation, 'seq'>> = {};
  for (const { seq: _seq, ...o } of c.observations()) out[o.id] = o;
  return out;
}

const header = (o: Observation | undefined, list: 'requestHeaders' | 'responseHeaders', name: string) =>
  o?.[list]?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

function obsOf(events: RecordedEvent[]): Observation[] {
  return feed(events).observations().sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

describe('webRequest collector — Chromium events (extraHeaders)', () => {
  it('a CORS-blocked simple request keeps the response headers from onHeadersReceived and the error', () => {
    const [o, ...rest] = obsOf(chromium.a_no_acao!);
    expect(rest).toHaveLength(0);
    expect(o).toMatchObject({
      id: 'wr:12#0',
      source: 'webrequest',
      chainId: '12',
      hopIndex: 0,
      method: 'GET',
      url: 'http://localhost:8702/no-acao',
      status: 200,
      error: 'net::ERR_FAILED',
      initiatorOrigin: 'http://127.0.0.1:8701',
      resourceType: 'xmlhttprequest',
      frameId: 0,
      tabId: 212907849,
    });
    expect(o!.documentId).toMatch(/^[0-9A-F]{32}$/);
    expect(header(o, 'requestHeaders', 'Origin')).toBe('http://127.0.0.1:8701');
    expect(header(o, 'responseHeaders', 'Access-Control-Allow-Origin')).toBeUndefined();
    expect(o!.responseHeaders!.length).toBeGreaterThan(0);
    expect(o!.endTime).toBeGreaterThanOrEqual(o!.startTime);
  });

  it('a failed preflight: OPTIONS with ACRM and 404, the actual request never got headers', () => {
    const obs = obsOf(chromium.c_preflight_404!);
    expect(obs.map((o) => o.method)).toEqual(['PUT', 'OPTIONS']);
    const [actual, pre] = obs;
    expect(actual).toMatchObject({ error: 'net::ERR_FAILED' });
    expect(actual!.status).toBeUndefined();
    expect(actual!.requestHeaders).toBeUndefined();
    expect(pre).toMatchObject({ status: 404, statusText: 'Not Found', ip: '::1', fromCache: false });
    expect(pre!.error).toBeUndefined();
    expect(header(pre, 'requestHeaders', 'Access-Control-Request-Method')).toBe('PUT');
    expect(pre!.url).toBe(actual!.url);
    expect(pre!.documentId).toBe(actual!.documentId);
  });

  it('a followed redirect becomes two hops of one chain', () => {
    const obs = obsOf(chromium.f_redirect_ok!);
    expect(obs.map((o) => [o.id, o.hopIndex, o.status, o.redirectUrl])).toEqual([
      ['wr:22#0', 0, 302, 'http://localhost:8702/ok'],
      ['wr:22#1', 1, 200, undefined],
    ]);
    expect(obs.every((o) => o.chainId === '22')).toBe(true);
    expect(obs[1]!.url).toBe('http://localhost:8702/ok');
    expect(header(obs[0], 'responseHeaders', 'Location')).toBe('http://localhost:8702/ok');
  });

  it('a redirect blocked by CORS stays one hop with the 302 and the error', () => {
    const obs = obsOf(chromium.f_redirect_noacao!);
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ status: 302, error: 'net::ERR_FAILED' });
    expect(obs[0]!.redirectUrl).toBeUndefined();
  });

  it('records the Cookie header of a credentialed same-site request', () => {
    const [o] = obsOf(chromium.j1_samesite_cred!);
    expect(header(o, 'requestHeaders', 'Cookie')).toBe('lax=1');
    expect(header(obsOf(chromium.j2_samesite_nocred!)[0], 'requestHeaders', 'Cookie')).toBeUndefined();
  });

  it('every recorded case yields one observation per request id and hop', () => {
    const c = feed(allChromium);
    const ids = c.observations().map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const requestIds = new Set(allChromium.map(([, d]) => d.requestId));
    expect(ids.length).toBe(requestIds.size + 1); // + the second hop of f_redirect_ok
  });
});

describe('webRequest collector — Firefox events', () => {
  const fx = obsOf(allFirefox);
  const find = (path: string, method: string) => fx.find((o) => o.url.endsWith(path) && o.method === method);

  it('maps originUrl/documentUrl to the initiator origin and document URL', () => {
    const o = find('/a-no-acao', 'GET');
    expect(o).toMatchObject({ initiatorOrigin: 'http://127.0.0.1:38471', documentUrl: 'http://127.0.0.1:38471/', status: 200, tabId: 1 });
    expect(o!.error).toBeUndefined(); // Firefox reports this CORS failure as a normal completion
  });

  it('a failed preflight ends both requests with NS_ERROR_DOM_BAD_URI', () => {
    const pre = find('/d-missing-header', 'OPTIONS');
    const actual = find('/d-missing-header', 'GET');
    expect(pre).toMatchObject({ status: 204, error: 'NS_ERROR_DOM_BAD_URI' });
    expect(header(pre, 'requestHeaders', 'Access-Control-Request-Headers')).toBe('x-custom,x-other');
    expect(header(pre, 'responseHeaders', 'Access-Control-Allow-Headers')).toBe('X-Other, Content-Type');
    expect(actual).toMatchObject({ error: 'NS_ERROR_DOM_BAD_URI' });
    expect(header(actual, 'requestHeaders', 'X-Custom')).toBe('1'); // Firefox announces the actual request first
    expect(pre!.documentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('connection refused keeps its network error', () => {
    const o = find('/f-refused', 'GET');
    expect(o).toMatchObject({ error: 'NS_ERROR_CONNECTION_REFUSED' });
    expect(o!.status).toBeUndefined();
  });

  it('the main_frame navigation has no initiator', () => {
    expect(fx[0]).toMatchObject({ resourceType: 'main_frame' });
    expect(fx[0]!.initiatorOrigin).toBeUndefined();
  });
});

describe('webRequest collector — delivery order and restarts', () => {
  /** Firefox after an event-page wake: all events of one type, then the next type. */
  function groupedByType(events: RecordedEvent[], typeOrder: string[]): RecordedEvent[] {
    return typeOrder.flatMap((t) => events.filter(([ev]) => ev === t));
  }

  for (const [name, events] of [['Chromium', allChromium], ['Firefox', allFirefox]] as const) {
    it(`${name}: events grouped by type (even completions first) give the same observations`, () => {
      const expected = byId(feed(events));
      const canonical = ['onBeforeRequest', 'onBeforeSendHeaders', 'onSendHeaders', 'onHeadersReceived', 'onResponseStarted', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'];
      expect(byId(feed(groupedByType(events, canonical)))).toEqual(expected);
      expect(byId(feed(groupedByType(events, [...canonical].reverse())))).toEqual(expected);
    });

    it(`${name}: any interleaving of requests, duplicates and a JSON round-trip of the state lose and duplicate nothing`, () => {
      const expected = byId(feed(events));
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: events.length, maxLength: events.length }), fc.nat(events.length), fc.boolean(), (keys, cut, dup) => {
          // Shuffle whole requests against each other but keep each request's own order, the
          // way concurrent requests interleave.
          const queues = new Map<string, RecordedEvent[]>();
          for (const e of events) queues.set(e[1].requestId, [...(queues.get(e[1].requestId) ?? []), e]);
          const ids = [...queues.keys()];
          const order: RecordedEvent[] = [];
          let k = 0;
          while (order.length < events.length) {
            const live = ids.filter((id) => queues.get(id)!.length > 0);
            const id = live[(keys[k++] ?? 0) % live.length]!;
            order.push(queues.get(id)!.shift()!);
          }
          const first = feed(order.slice(0, cut));
          const restored = new WebRequestCollector(JSON.parse(JSON.stringify(first.state)) as CollectorState);
          feed(order.slice(dup ? Math.max(0, cut - 3) : cut), restored); // replay a few events twice
          expect(byId(restored)).toEqual(expected);
        }),
        { numRuns: 60, seed: 20261122 },
      );
    });
  }

  it('a completion delivered before the request headers still lands on the same hop', () => {
    const events = chromium.e_good_put!.filter(([, d]) => d.method === 'PUT');
    const completed = events.filter(([ev]) => ev === 'onCompleted');
    const rest = events.filter(([ev]) => ev !== 'onCompleted');
    const c = feed([...completed, ...rest]);
    const obs = c.observations();
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ id: 'wr:20#0', status: 200 });
    expect(header(obs[0], 'requestHeaders', 'Origin')).toBe('http://127.0.0.1:8701');
  });

  it('a redirect back to the same URL yields two hops, events matched by time', () => {
    const base = { requestId: '9', url: 'http://a.test/x', method: 'GET', tabId: 1, initiator: 'http://p.test' };
    const events: RecordedEvent[] = [
      ['onBeforeRequest', { ...base, timeStamp: 1 }],
      ['onHeadersReceived', { ...base, timeStamp: 2, statusCode: 302, responseHeaders: [{ name: 'Location', value: '/x' }] }],
      ['onBeforeRedirect', { ...base, timeStamp: 3, statusCode: 302, redirectUrl: 'http://a.test/x' }],
      ['onBeforeRequest', { ...base, timeStamp: 4 }],
      ['onHeadersReceived', { ...base, timeStamp: 5, statusCode: 200 }],
      ['onCompleted', { ...base, timeStamp: 6, statusCode: 200 }],
    ];
    const expected = byId(feed(events));
    expect(Object.values(expected).map((o) => [o.hopIndex, o.status, o.redirectUrl])).toEqual([
      [0, 302, 'http://a.test/x'],
      [1, 200, undefined],
    ]);
    const grouped = ['onBeforeRequest', 'onHeadersReceived', 'onBeforeRedirect', 'onCompleted'].flatMap((t) => events.filter(([ev]) => ev === t));
    expect(byId(feed(grouped))).toEqual(expected);
  });

  it('binary header values, opaque initiators and hostile input do not break it', () => {
    const c = new WebRequestCollector();
    const out = c.handle('onSendHeaders', {
      requestId: '1',
      url: 'http://a.test/',
      method: 'GET',
      timeStamp: 1,
      initiator: 'null',
      requestHeaders: [{ name: 'X-Bin', binaryValue: [0x68, 0x69, 0xe9] }, { name: 'X-Html', value: '<img src=x onerror=alert(1)>' }],
    });
    expect(out.observations[0]).toMatchObject({ initiatorOrigin: null });
    expect(out.observations[0]!.requestHeaders).toEqual([{ name: 'X-Bin', value: 'hi\u00e9' }, { name: 'X-Html', value: '<img src=x onerror=alert(1)>' }]);
    expect(c.handle('onCompleted', null as never).observations).toEqual([]);
    expect(c.handle('onCompleted', { requestId: 5 } as never).observations).toEqual([]);
  });

  it('prunes finished chains after the retention window and forgets closed tabs', () => {
    const c = new WebRequestCollector(emptyCollectorState(), { finishedRetentionMs: 100, staleMs: 1000 });
    const d = { url: 'http://a.test/', method: 'GET', tabId: 3 };
    c.handle('onBeforeRequest', { ...d, requestId: '1', timeStamp: 0 });
    c.handle('onCompleted', { ...d, requestId: '1', timeStamp: 10, statusCode: 200 });
    c.handle('onBeforeRequest', { ...d, requestId: '2', timeStamp: 50 });
    c.handle('onBeforeRequest', { ...d, requestId: '3', timeStamp: 200, tabId: 4 });
    expect(c.prune()).toEqual(['1']); // 2 is unfinished and not yet stale
    c.forgetTab(3);
    expect(Object.keys(c.state.chains)).toEqual(['3']);
  });

  it('a repeated event for a finished request it let go of, however late, starts no phantom request', () => {
    const c = new WebRequestCollector(emptyCollectorState(), { finishedRetentionMs: 100, staleMs: 1000 });
    const d = { url: 'http://a.test/', method: 'GET', tabId: 3 };
    c.handle('onBeforeRequest', { ...d, requestId: '1', timeStamp: 0 });
    c.handle('onCompleted', { ...d, requestId: '1', timeStamp: 10, statusCode: 200 });
    c.handle('onBeforeRequest', { ...d, requestId: '2', timeStamp: 5_000 });
    expect(c.prune()).toEqual(['1']);
    // Seconds later in event time (a loaded machine delivering a repeat late): nothing new.
    expect(c.handle('onCompleted', { ...d, requestId: '1', timeStamp: 10, statusCode: 200 })).toEqual({ observations: [], removedIds: [] });
    expect(c.handle('onErrorOccurred', { ...d, requestId: '1', timeStamp: 6_000, error: 'net::ERR_ABORTED' }).observations).toEqual([]);
    // Also after a restart from saved state; other requests are unaffected.
    const restored = new WebRequestCollector(JSON.parse(JSON.stringify(c.state)) as typeof c.state, { finishedRetentionMs: 100 });
    expect(restored.handle('onCompleted', { ...d, requestId: '1', timeStamp: 10, statusCode: 200 }).observations).toEqual([]);
    expect(restored.handle('onBeforeRequest', { ...d, requestId: '9', timeStamp: 7_000 }).observations).toHaveLength(1);
    // Unfinished chains dropped as stale are not remembered: their remaining events still count.
    expect(c.state.forgotten).toEqual(['1']);
  });
});

describe('webRequest collector — Firefox merges repeated response fields', () => {
  // Verified in Firefox ESR 153: two `Access-Control-Allow-Origin` fields reach webRequest as one
  // value joined by ", " (and Set-Cookie fields joined by "\n").
  const page = 'http://127.0.0.1:51001';
  const ff = (acao: string) => ({
    requestId: '7',
    url: 'http://localhost:51002/two',
    method: 'GET',
    timeStamp: 10,
    originUrl: `${page}/`,
    documentUrl: `${page}/`,
    statusCode: 200,
    statusLine: 'HTTP/1.1 200 OK',
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: acao }],
  });
  const acaoFields = (d: ReturnType<typeof ff>, chromeShape = false) => {
    const c = new WebRequestCollector();
    const details = chromeShape ? { ...d, originUrl: undefined, documentUrl: undefined, initiator: page } : d;
    if (chromeShape) {
      delete (details as { originUrl?: string }).originUrl;
      delete (details as { documentUrl?: string }).documentUrl;
    }
    c.handle('onHeadersReceived', details);
    return (c.observations()[0]?.responseHeaders ?? []).filter((h) => h.name.toLowerCase() === 'access-control-allow-origin').map((h) => h.value);
  };

  it('the same origin twice is split back into its two fields (app + proxy)', () => {
    expect(acaoFields(ff(`${page}, ${page}`))).toEqual([page, page]);
  });

  it('a list of distinct origins stays one field (indistinguishable from one allow-list field)', () => {
    expect(acaoFields(ff(`${page}, http://app.example.com`))).toEqual([`${page}, http://app.example.com`]);
  });

  it('Chrome gives fields separately, so a Chrome value is never split', () => {
    expect(acaoFields(ff(`${page}, ${page}`), true)).toEqual([`${page}, ${page}`]);
  });
});

describe('webRequest collector — capture gaps', () => {
  it('no request the real browsers reported is marked as having lost events', () => {
    for (const events of [allChromium, allFirefox]) {
      const marked = feed(events).observations().filter((o) => o.captureGap !== undefined);
      expect(marked.map((o) => `${o.method} ${o.url}`)).toEqual([]);
    }
  });

  it('a request that ends without its first event is marked missed-start; a late first event clears it', () => {
    const [first, ...rest] = chromium.a_no_acao!;
    const c = feed(rest);
    expect(c.observations().map((o) => o.captureGap)).toEqual(['missed-start']);
    feed([first!], c); // Firefox may deliver it last
    expect(c.observations().map((o) => o.captureGap)).toEqual([undefined]);
  });

  it('after a restart, requests still in flight are marked; finished ones are not', () => {
    const done = chromium.a_no_acao!;
    const cut = chromium.c_preflight_404!;
    const c = feed([...done, ...cut.slice(0, 2)]);
    const marked = c.markInFlightGaps().flat();
    expect(marked.length).toBeGreaterThan(0);
    const inFlight = new Set(cut.slice(0, 2).map(([, d]) => d.requestId));
    expect(new Set(marked.map((o) => o.chainId))).toEqual(inFlight);
    expect(c.observations().filter((o) => o.captureGap === 'restart').every((o) => inFlight.has(o.chainId!))).toBe(true);
    expect(c.observations().filter((o) => o.chainId === done[0]![1].requestId).every((o) => o.captureGap === undefined)).toBe(true);
    // The mark survives the rest of the request's events (what was lost stays lost).
    feed(cut.slice(2), c);
    expect(c.observations().some((o) => o.captureGap === 'restart')).toBe(true);
  });
});

describe('webRequest collector — a restart mark is lifted when the request proves complete', () => {
  it('a request that then completes with every response stage is no longer marked', () => {
    const ok = Object.entries(chromium).find(([, evs]) => evs.every(([ev]) => ev !== 'onErrorOccurred') && evs.some(([ev]) => ev === 'onCompleted'));
    expect(ok, 'a recorded Chromium case that completes').toBeDefined();
    const events = ok![1];
    const c = feed(events.slice(0, 1));
    c.markInFlightGaps();
    expect(c.observations().some((o) => o.captureGap === 'restart')).toBe(true);
    feed(events.slice(1), c);
    expect(c.observations().filter((o) => o.captureGap !== undefined)).toEqual([]);
  });
});

describe('webRequest collector — redirects out of sight', () => {
  const base = { requestId: '9', url: 'http://api.test/r', method: 'GET', type: 'xmlhttprequest', tabId: 1, frameId: 0, initiator: 'http://page.test' };
  it('a redirect to a non-HTTP scheme ends the chain (no later event will come) and is forgotten with the finished ones', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', { ...base, timeStamp: 1 });
    c.handle('onHeadersReceived', { ...base, timeStamp: 2, statusCode: 302, responseHeaders: [{ name: 'Location', value: 'ftp://api.test/x' }] });
    expect(c.isDone('9')).toBe(false);
    c.handle('onBeforeRedirect', { ...base, timeStamp: 3, statusCode: 302, redirectUrl: 'ftp://api.test/x' });
    expect(c.isDone('9')).toBe(true);
    expect(c.forgetFinished()).toBe(1);
  });
  it('a redirect to another http URL keeps the chain open for its next hop', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', { ...base, timeStamp: 1 });
    c.handle('onBeforeRedirect', { ...base, timeStamp: 3, statusCode: 302, redirectUrl: 'https://api.test/x' });
    expect(c.isDone('9')).toBe(false);
  });
});
