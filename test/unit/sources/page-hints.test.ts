import { describe, expect, it } from 'vitest';
import type { Exchange, PageHint } from '../../../src/core/model';
import { attachPageHints, CLOCK_SLACK_MS, matchPageHints } from '../../../src/core/pairing/page-hints';
import { PAGE_RECORD_LIMITS, hintUrl, sanitizePageRecord, sanitizePageRecords, wireMethod } from '../../../src/sources/page-hints';

const API = 'http://localhost:45001';
const URL_A = `${API}/a?n=1`;

const record = (over: Record<string, unknown> = {}) => ({
  kind: 'fetch',
  url: URL_A,
  method: 'GET',
  mode: 'cors',
  credentials: 'include',
  redirect: 'follow',
  headerNames: ['x-token'],
  startTime: 1_000,
  outcome: 'rejected',
  error: 'TypeError',
  ...over,
});

let hintSeq = 0;
const hint = (over: Partial<PageHint> = {}): PageHint => ({
  id: `h${++hintSeq}`,
  kind: 'fetch',
  url: URL_A,
  method: 'GET',
  headerNames: [],
  startTime: 1_000,
  outcome: 'resolved',
  tabId: 1,
  frameId: 0,
  ...over,
});

let exSeq = 0;
const exchange = (startTime: number, over: { url?: string; method?: string; frameId?: number; tabId?: number; documentId?: string } = {}): Exchange => {
  const url = over.url ?? URL_A;
  const method = over.method ?? 'GET';
  const id = `wr:${++exSeq}#0`;
  const request = { id, source: 'webrequest' as const, url, method, startTime, tabId: over.tabId ?? 1, frameId: over.frameId ?? 0 };
  if (over.documentId) Object.assign(request, { documentId: over.documentId });
  return { id, url, method, hops: [{ request }], startTime };
};

describe('sanitizePageRecord: untrusted page data', () => {
  it('keeps a well-formed record, lower-casing header names and dropping the fragment', () => {
    const r = sanitizePageRecord(record({ url: `${URL_A}#frag`, headerNames: ['X-Token', 'x-token', 'Content-Type'] }));
    expect(r).toEqual({ ...record(), headerNames: ['x-token', 'content-type'] });
  });

  it('keeps the settle time only when it is a time at or after the call', () => {
    expect(sanitizePageRecord(record({ endTime: 1_200 }))!.endTime).toBe(1_200);
    for (const bad of [999, Number.NaN, Infinity, '1200', null]) expect(sanitizePageRecord(record({ endTime: bad }))).not.toHaveProperty('endTime');
  });

  it('rejects malformed shapes and non-http URLs', () => {
    for (const bad of [
      null,
      'x',
      [],
      record({ kind: 'websocket' }),
      record({ url: 'javascript:alert(1)' }),
      record({ url: 'data:text/plain,x' }),
      record({ url: 'not a url' }),
      record({ url: `${API}/${'a'.repeat(PAGE_RECORD_LIMITS.urlLength)}` }),
      record({ method: 'GE T' }),
      record({ method: '<script>' }),
      record({ method: 'X'.repeat(40) }),
      record({ startTime: Number.NaN }),
      record({ startTime: -1 }),
      record({ outcome: 'maybe' }),
    ]) {
      expect(sanitizePageRecord(bad), JSON.stringify(bad)?.slice(0, 80)).toBeNull();
    }
  });

  it('drops unknown enum values and bad optional fields instead of trusting them', () => {
    const r = sanitizePageRecord(
      record({ mode: 'navigate', credentials: 'always', redirect: 'sometimes', responseType: '<b>', status: 1e6, error: 'Type Error<img>', headerNames: ['ok', 'bad name', 42, 'x'.repeat(200)] }),
    );
    expect(r).not.toBeNull();
    expect(r).not.toHaveProperty('mode');
    expect(r).not.toHaveProperty('credentials');
    expect(r).not.toHaveProperty('redirect');
    expect(r).not.toHaveProperty('responseType');
    expect(r).not.toHaveProperty('status');
    expect(r).not.toHaveProperty('error');
    expect(r!.headerNames).toEqual(['ok']);
  });

  it('caps header names and batch sizes; refuses oversized JSON before parsing it', () => {
    const many = Array.from({ length: 500 }, (_, i) => `h${i}`);
    expect(sanitizePageRecord(record({ headerNames: many }))!.headerNames).toHaveLength(PAGE_RECORD_LIMITS.headerNames);
    const batch = Array.from({ length: 300 }, () => record());
    expect(sanitizePageRecords(batch)).toHaveLength(PAGE_RECORD_LIMITS.batch);
    expect(sanitizePageRecords(JSON.stringify(batch.slice(0, 3)))).toHaveLength(3);
    expect(sanitizePageRecords('x'.repeat(PAGE_RECORD_LIMITS.batchChars + 1))).toEqual([]);
    expect(sanitizePageRecords('{not json')).toEqual([]);
    expect(sanitizePageRecords({ length: 1, 0: record() })).toEqual([]);
  });

  it('hintUrl and wireMethod normalise like the browser does', () => {
    expect(hintUrl('HTTP://LOCALHOST:45001/a#x')).toBe('http://localhost:45001/a');
    expect(hintUrl('ftp://localhost/')).toBeNull();
    expect(wireMethod('delete')).toBe('DELETE');
    expect(wireMethod('patch')).toBe('patch');
    expect(wireMethod('Post')).toBe('POST');
  });
});

describe('matchPageHints', () => {
  it('links a hint to the request it describes: same URL, wire method, tab, frame, start within the call', () => {
    const e = exchange(1_005);
    // The call settled at 1 050: a request a minute later is not its request, whatever the load.
    const h = hint({ method: 'get', endTime: 1_050 });
    expect(matchPageHints([e], [h]).get(e)).toBe(h);
    for (const other of [
      exchange(1_005, { url: `${API}/b` }),
      exchange(1_005, { method: 'POST' }),
      exchange(1_005, { frameId: 3 }),
      exchange(1_005, { tabId: 2 }),
      exchange(1_005 + 60_000),
      exchange(1_000 - 5_000),
    ]) {
      expect(matchPageHints([other], [h]).size).toBe(0);
    }
  });

  it('a loaded machine: a request starting seconds after its call is still that call’s', () => {
    // Measured under load: webRequest's start 12 s after the page's call, the call settled later.
    const h = hint({ startTime: 1_000, endTime: 14_000 });
    const e = exchange(13_000);
    expect(matchPageHints([e], [h]).get(e)).toBe(h);
    // Without a settle time the data rules nothing out after the call: still paired.
    const old = hint({ startTime: 1_000 });
    const late = exchange(61_000);
    expect(matchPageHints([late], [old]).get(late)).toBe(old);
    // Only clock rounding may put a request before its call; seconds before is another request.
    expect(matchPageHints([exchange(1_000 - CLOCK_SLACK_MS - 1)], [h]).size).toBe(0);
  });

  it('a loaded machine: a burst of identical calls whose requests start seconds late pair in call order', () => {
    // Three identical calls 5 ms apart; the browser starts their requests 3–4 s later, bunched up.
    const hs = [0, 5, 10].map((t) => hint({ startTime: 1_000 + t, endTime: 6_000 + t, credentials: (['include', 'omit', 'same-origin'] as const)[t / 5] }));
    const es = [4_000, 4_001, 4_002].map((t) => exchange(t));
    const m = matchPageHints([es[2]!, es[0]!, es[1]!], [hs[1]!, hs[2]!, hs[0]!]);
    es.forEach((e, i) => expect(m.get(e)).toBe(hs[i]));
  });

  it('two identical requests are told apart by order and by what each call lived to see', () => {
    // Call A settled (rejected before the network, e.g. a CSP block) before B was made; B's request
    // is the only one. A's settle time proves it cannot be A's, even though A is older.
    const a = hint({ startTime: 1_000, endTime: 1_001, outcome: 'rejected', error: 'TypeError' });
    const b = hint({ startTime: 5_000, endTime: 5_100 });
    const e = exchange(5_050);
    const m = matchPageHints([e], [a, b]);
    expect(m.get(e)).toBe(b);
    // Two calls, two requests, the second request delayed past the second call: first with first.
    const c1 = hint({ startTime: 1_000, endTime: 9_000 });
    const c2 = hint({ startTime: 1_200, endTime: 9_500 });
    const r1 = exchange(7_000);
    const r2 = exchange(8_000);
    const both = matchPageHints([r2, r1], [c2, c1]);
    expect(both.get(r1)).toBe(c1);
    expect(both.get(r2)).toBe(c2);
  });

  it('huge groups (linear pass) obey the same rules: a call that settled before a request never takes it', () => {
    const n = 600;
    const stale = hint({ startTime: 9_000, endTime: 9_001 });
    const hs = Array.from({ length: n }, (_, i) => hint({ startTime: 10_000 + i * 20, endTime: 10_000 + i * 20 + 5_000 }));
    const es = Array.from({ length: n }, (_, i) => exchange(13_000 + i * 20));
    const m = matchPageHints(es, [stale, ...hs]);
    expect(m.size).toBe(n);
    es.forEach((e, i) => expect(m.get(e)).toBe(hs[i]));
  });

  it('compares documents only when both sides know them', () => {
    const h = hint({ documentId: 'doc-A' });
    expect(matchPageHints([exchange(1_002, { documentId: 'doc-A' })], [h]).size).toBe(1);
    expect(matchPageHints([exchange(1_002, { documentId: 'doc-B' })], [h]).size).toBe(0);
    expect(matchPageHints([exchange(1_002)], [h]).size).toBe(1);
  });

  it('identical concurrent requests pair in call order (FIFO), even when nearest-first would cross them', () => {
    const h1 = hint({ startTime: 100 });
    const h2 = hint({ startTime: 101 });
    const e1 = exchange(101);
    const e2 = exchange(102);
    const m = matchPageHints([e2, e1], [h2, h1]);
    expect(m.get(e1)).toBe(h1);
    expect(m.get(e2)).toBe(h2);
  });

  it('a call that never reached the network does not shift later pairs', () => {
    const stale = hint({ startTime: 0, outcome: 'rejected', error: 'TypeError' });
    const h1 = hint({ startTime: 400 });
    const h2 = hint({ startTime: 800 });
    const e1 = exchange(402);
    const e2 = exchange(803);
    const m = matchPageHints([e1, e2], [stale, h1, h2]);
    expect(m.get(e1)).toBe(h1);
    expect(m.get(e2)).toBe(h2);
  });

  it('sequential repeats pair each request with the nearest call; each hint is used once', () => {
    const hs = [0, 50, 100].map((t) => hint({ startTime: 1_000 + t }));
    const es = [0, 50, 100].map((t) => exchange(1_003 + t));
    const m = matchPageHints(es, hs);
    es.forEach((e, i) => expect(m.get(e)).toBe(hs[i]));
    const lonely = exchange(1_200);
    expect(matchPageHints([...es, lonely], hs).has(lonely)).toBe(false);
  });

  it('huge groups fall back to a linear FIFO pass with the same result on regular traffic', () => {
    const n = 600;
    const hs = Array.from({ length: n }, (_, i) => hint({ startTime: 10_000 + i * 20 }));
    const es = Array.from({ length: n }, (_, i) => exchange(10_002 + i * 20));
    const m = matchPageHints(es, hs);
    expect(m.size).toBe(n);
    es.forEach((e, i) => expect(m.get(e)).toBe(hs[i]));
  });

  it('attachPageHints sets pageHint on the matched exchanges only; malformed input never throws', () => {
    const e = exchange(1_001);
    const other = exchange(1_001, { url: `${API}/elsewhere` });
    expect(attachPageHints([e, other], [hint()])).toBe(1);
    expect(e.pageHint?.url).toBe(URL_A);
    expect(other.pageHint).toBeUndefined();
    const junk = [{}, { hops: null }, { hops: [{ request: { url: 42 } }] }] as unknown as Exchange[];
    expect(() => attachPageHints(junk, [{} as PageHint, hint({ url: 'nope' })])).not.toThrow();
  });
});
