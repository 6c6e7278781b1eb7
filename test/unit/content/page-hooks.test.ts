/**
 * The page-world hooks must be invisible to the page: wrapped fetch / XHR / EventSource behave
 * exactly like the originals (values, errors, `this`, events, readyState, timing within a
 * microtask), and record only shapes and outcomes — never bodies or header values.
 * happy-dom windows; a loopback server on a fixed port for real requests (the next one stays closed).
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Window as HappyWindow } from 'happy-dom';
import { installPageHooks } from '../../../src/content/page-world/install';
import type { PageRecord } from '../../../src/sources/page-hints';
import { fixedPortBlock } from '../../e2e/support/fixed-ports';

// Fixed (the expectations name it), outside the ephemeral range: test/e2e/support/fixed-ports.ts.
const PORT = fixedPortBlock('page-hooks-unit');
const PAGE = `http://localhost:${PORT}/page`;
const API = `http://127.0.0.1:${PORT}`;
const CLOSED = `http://127.0.0.1:${PORT + 1}`;
const SECRET = 'value-that-must-not-leak';

type Win = Window & typeof globalThis;
let server: http.Server;
const windows: HappyWindow[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const status = req.url?.startsWith('/status404') ? 404 : 200;
    res.writeHead(status, {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': '*',
      'Content-Type': 'text/plain',
    });
    res.end(req.method === 'HEAD' ? undefined : `hello ${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

function newWindow(): Win {
  const w = new HappyWindow({ url: PAGE });
  windows.push(w);
  return w as unknown as Win;
}

function hooked(setup?: (w: Win) => void): { w: Win; records: PageRecord[] } {
  const w = newWindow();
  setup?.(w);
  const records: PageRecord[] = [];
  installPageHooks(w, { emit: (r) => records.push(r) });
  return { w, records };
}

/** Replaces the window's fetch before the hooks wrap it (to observe exactly what the wrapper does). */
const withFetch = (stub: (...args: unknown[]) => unknown) => (w: Win) => {
  Object.defineProperty(w, 'fetch', { value: stub, writable: true, configurable: true, enumerable: true });
};

describe('fetch wrapper: same behaviour as the original', () => {
  it('resolves with the very value and rejects with the very reason of the original', async () => {
    const value = { marker: 'response' };
    const reason = new TypeError('Failed to fetch');
    const { w } = hooked(withFetch((url) => (String(url).includes('bad') ? Promise.reject(reason) : Promise.resolve(value))));
    await expect(w.fetch(`${API}/ok`)).resolves.toBe(value);
    await expect(w.fetch(`${API}/bad`)).rejects.toBe(reason);
  });

  it('passes `this` and the arguments through, rethrows synchronous exceptions, returns non-promises untouched', () => {
    const seen: unknown[] = [];
    const boom = new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
    const returned = { not: 'a promise' };
    const { w, records } = hooked(
      withFetch(function (this: unknown, ...args: unknown[]) {
        seen.push(this, ...args);
        if (args[0] === 'throw') throw boom;
        return returned;
      }),
    );
    const init = { method: 'POST' };
    expect(w.fetch.call(w, `${API}/x`, init as RequestInit)).toBe(returned);
    expect(seen).toEqual([w, `${API}/x`, init]);
    expect(seen[2]).toBe(init);
    expect(() => (w.fetch as unknown as (u: string) => unknown)('throw')).toThrow(boom);
    expect(records).toEqual([]);
  });

  it('settles at most one microtask after the original', async () => {
    const { w } = hooked(withFetch(() => Promise.resolve('r')));
    const order: string[] = [];
    const original = Promise.resolve('r');
    void w.fetch(`${API}/x`).then(() => order.push('wrapped'));
    void original.then(() => order.push('original'));
    let ticks = 0;
    const tick = (): Promise<void> => Promise.resolve().then(() => {
      ticks++;
      order.push(`tick${ticks}`);
      return ticks < 4 ? tick() : undefined;
    });
    await tick();
    // The original's reaction runs at tick 1; the wrapped one at most one tick later.
    expect(order.indexOf('wrapped')).toBeLessThan(order.indexOf('tick2'));
    expect(order.indexOf('original')).toBeLessThan(order.indexOf('tick1'));
  });

  it('looks native: toString, name and length as before', () => {
    const w = newWindow();
    const original = w.fetch;
    installPageHooks(w, { emit: () => {} });
    expect(w.fetch).not.toBe(original);
    expect(Function.prototype.toString.call(w.fetch)).toMatch(/\{\s*\[native code\]\s*\}/);
    expect(w.fetch.name).toBe(original.name);
    expect(w.fetch.length).toBe(original.length);
    expect(Object.getOwnPropertyDescriptor(w, 'fetch')).toMatchObject({ writable: true, configurable: true });
    expect(() => new (w.fetch as unknown as new () => unknown)()).toThrow(TypeError);
  });

  it('never runs a getter of the page’s init object (fetch reads it once); that call is simply not recorded', async () => {
    let reads = 0;
    const init = {
      get method() {
        reads++;
        return 'POST';
      },
    };
    const { w, records } = hooked(withFetch((_u, i) => Promise.resolve((i as { method: string }).method)));
    await expect(w.fetch(`${API}/x`, init)).resolves.toBe('POST');
    expect(reads).toBe(1);
    expect(records).toEqual([]);
  });

  it('a failure inside the hook leaves the call alone', async () => {
    const { w, records } = hooked(withFetch(() => Promise.resolve('still called')));
    await expect(w.fetch('http://[broken')).resolves.toBe('still called');
    await expect(w.fetch({ toString: () => `${API}/x` } as unknown as string)).resolves.toBe('still called');
    expect(records).toEqual([]);
  });

  it('records the call’s shape and outcome — header names only, never values or bodies', async () => {
    const { w, records } = hooked(withFetch(() => Promise.reject(new TypeError('Failed to fetch'))));
    await w
      .fetch(`${API}/a#frag`, { method: 'patch', credentials: 'include', mode: 'cors', redirect: 'manual', headers: { 'X-Secret': SECRET }, body: SECRET })
      .catch(() => undefined);
    await w.fetch(new w.Request(`${API}/b`, { method: 'PUT', headers: [['X-Pair', SECRET]], credentials: 'omit' })).catch(() => undefined);
    await w.fetch('/relative', { headers: new w.Headers({ 'X-H': SECRET }) }).catch(() => undefined);
    expect(records.map(({ startTime, endTime, ...r }) => r)).toEqual([
      { kind: 'fetch', url: `${API}/a#frag`, method: 'patch', mode: 'cors', credentials: 'include', redirect: 'manual', headerNames: ['x-secret'], outcome: 'rejected', error: 'TypeError' },
      { kind: 'fetch', url: `${API}/b`, method: 'PUT', mode: 'cors', credentials: 'omit', redirect: 'follow', headerNames: ['x-pair'], outcome: 'rejected', error: 'TypeError' },
      { kind: 'fetch', url: `http://localhost:${PORT}/relative`, method: 'GET', mode: 'cors', credentials: 'same-origin', redirect: 'follow', headerNames: ['x-h'], outcome: 'rejected', error: 'TypeError' },
    ]);
    expect(JSON.stringify(records)).not.toContain(SECRET);
    // Epoch milliseconds, as webRequest's timeStamp (not performance.now()'s page-relative time).
    const before = Date.now();
    for (const r of records) expect(r.startTime).toBeGreaterThan(Date.UTC(2020, 0, 1));
    for (const r of records) expect(r.startTime).toBeLessThanOrEqual(before);
    // Stamped when the call settled: the background rules out requests that started later.
    for (const r of records) expect(r.endTime).toBeGreaterThanOrEqual(r.startTime);
  });

  it('real requests: the same outcome through the wrapper; same-origin successes are not reported', async () => {
    const plain = newWindow();
    const { w, records } = hooked();
    const settle = async (p: Promise<Response>) => {
      try {
        const r = await p;
        return { ok: true, status: r.status, text: await r.text() };
      } catch (e) {
        return { ok: false, name: (e as Error).name, message: (e as Error).message };
      }
    };
    const expected: Array<[string, string, unknown]> = [];
    for (const url of [`${API}/ok`, `${API}/status404`, `http://localhost:${PORT}/same`, `${CLOSED}/x`]) {
      const a = await settle(plain.fetch(url));
      const b = await settle(w.fetch(url));
      expect(b, url).toEqual(a);
      if (url.includes('/same') && a.ok) continue; // same-origin success: not reported
      expected.push([new URL(url).pathname, a.ok ? 'resolved' : 'rejected', a.ok ? a.status : a.name]);
    }
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(records.map((r) => [new URL(r.url).pathname, r.outcome, r.outcome === 'resolved' ? r.status : r.error])).toEqual(expected);
  });
});

/** Runs one XHR and returns everything the page can observe about it. */
function runXhr(w: Win, url: string, opts: { method?: string; withCredentials?: boolean; headers?: Record<string, string>; abort?: boolean } = {}) {
  return new Promise<{ events: string[]; text: string; status: number; withCredentials: boolean; responseURL: string }>((resolve) => {
    const x = new w.XMLHttpRequest();
    const events: string[] = [];
    let ended = false;
    for (const type of ['readystatechange', 'loadstart', 'load', 'error', 'abort', 'timeout', 'loadend']) {
      x.addEventListener(type, () => {
        events.push(`${type}:${x.readyState}:${x.status}`);
        // What the page saw up to the end of the task that ended the request (an abort's trailing
        // readystatechange included). happy-dom lets an aborted request's response arrive in a
        // later task and fire again; when that lands depends on the machine's load, not on the wrapper.
        if (type === 'loadend' && !ended) {
          ended = true;
          queueMicrotask(() => resolve({ events: [...events], text: x.responseText, status: x.status, withCredentials: x.withCredentials, responseURL: x.responseURL }));
        }
      });
    }
    x.open(opts.method ?? 'GET', url);
    events.push(`opened:${x.readyState}`);
    if (opts.withCredentials) x.withCredentials = true;
    for (const [k, v] of Object.entries(opts.headers ?? {})) x.setRequestHeader(k, v);
    x.send();
    events.push(`sent:${x.readyState}`);
    if (opts.abort) x.abort();
  });
}

describe('XMLHttpRequest wrapper: same behaviour as the original', () => {
  it('events, readyState, status, response and withCredentials are unchanged', async () => {
    const plain = newWindow();
    const { w, records } = hooked();
    const cases = [
      { url: `${API}/ok`, withCredentials: true, headers: { 'X-Secret': SECRET } },
      { url: `${API}/status404` },
      { url: `${CLOSED}/refused` },
      { url: `${API}/aborted`, abort: true },
    ];
    const expected: Array<Partial<PageRecord>> = [];
    for (const c of cases) {
      const a = await runXhr(plain, c.url, c);
      const b = await runXhr(w, c.url, c);
      expect(b, c.url).toEqual(a);
      const ended = a.events.find((e) => /^(load|error|abort|timeout):/.test(e))!.split(':')[0]!;
      const outcome = ended === 'load' ? { outcome: 'resolved' as const } : { outcome: 'rejected' as const, error: { error: 'NetworkError', abort: 'AbortError', timeout: 'TimeoutError' }[ended] };
      expected.push({ kind: 'xhr', url: c.url, method: 'GET', mode: 'cors', credentials: c.withCredentials ? 'include' : 'same-origin', headerNames: Object.keys(c.headers ?? {}).map((h) => h.toLowerCase()), ...outcome, status: a.status });
    }
    // At least one of each: a response the page could read, and a failure.
    expect(expected.map((e) => e.outcome)).toContain('resolved');
    expect(expected.map((e) => e.error)).toEqual(expect.arrayContaining(['NetworkError', 'AbortError']));
    expect(records.map(({ startTime, endTime, ...r }) => r)).toEqual(expected);
    expect(JSON.stringify(records)).not.toContain(SECRET);
  });

  it('the same exceptions from open/send/setRequestHeader; no record for a request never made', () => {
    const plain = newWindow();
    const { w, records } = hooked();
    const errorOf = (fn: () => void) => {
      try {
        fn();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const scenarios: Array<(x: XMLHttpRequest) => void> = [
      (x) => x.send(),
      (x) => x.setRequestHeader('X-A', '1'),
      (x) => x.open('BAD METHOD', `${API}/x`),
    ];
    for (const s of scenarios) expect(errorOf(() => s(new w.XMLHttpRequest()))).toBe(errorOf(() => s(new plain.XMLHttpRequest())));
    expect(records).toEqual([]);
  });

  it('looks native and only touches the window it was installed in', () => {
    const other = newWindow();
    const before = other.XMLHttpRequest.prototype.open;
    const { w } = hooked();
    for (const name of ['open', 'send', 'setRequestHeader'] as const) {
      const f = w.XMLHttpRequest.prototype[name];
      expect(Function.prototype.toString.call(f), name).toMatch(/\[native code\]/);
    }
    expect(other.XMLHttpRequest.prototype.open).toBe(before);
  });
});

describe('EventSource wrapper', () => {
  it('constructs the same kind of object, keeps statics and instanceof, and reports the first outcome once', () => {
    type FakeCtor = { new (url: string, init?: { withCredentials?: boolean }): EventTarget & { url: string; withCredentials: boolean }; CONNECTING: number };
    let Fake: FakeCtor | undefined;
    const { w, records } = hooked((win) => {
      // happy-dom has no EventSource: a stand-in with the same surface, built on the window's EventTarget.
      const Base = win.EventTarget as unknown as new () => EventTarget;
      class FakeEventSource extends Base {
        static readonly CONNECTING = 0;
        readonly withCredentials: boolean;
        constructor(
          readonly url: string,
          init?: { withCredentials?: boolean },
        ) {
          super();
          this.withCredentials = init?.withCredentials === true;
        }
      }
      Fake = FakeEventSource;
      Object.defineProperty(win, 'EventSource', { value: FakeEventSource, writable: true, configurable: true });
    });
    const ES = (w as unknown as { EventSource: FakeCtor }).EventSource;
    expect(ES).not.toBe(Fake);
    const es = new ES(`${API}/sse`, { withCredentials: true });
    expect(es).toBeInstanceOf(Fake!);
    expect(es).toBeInstanceOf(ES);
    // Identity as without the hooks (issue 13): the instance's constructor is the global.
    expect(es.constructor).toBe(ES);
    expect((ES as unknown as { prototype: object }).prototype.constructor).toBe(ES);
    expect(ES.CONNECTING).toBe(0);
    expect(es.url).toBe(`${API}/sse`);
    es.dispatchEvent(new w.Event('error'));
    es.dispatchEvent(new w.Event('open'));
    expect(records.map(({ startTime, endTime, ...r }) => r)).toEqual([
      { kind: 'eventsource', url: `${API}/sse`, method: 'GET', mode: 'cors', credentials: 'include', headerNames: [], outcome: 'rejected', error: 'NetworkError' },
    ]);
    class Sub extends ES {}
    expect(new Sub(`${API}/sub`)).toBeInstanceOf(Sub);
  });
});
