/**
 * The channel between the page hooks (MAIN world) and the relay (ISOLATED world), in one happy-dom
 * document: the handshake works whichever script runs first, pages see none of the traffic, and
 * the relay forwards only validated, rate-limited records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Window as HappyWindow } from 'happy-dom';
import { HELLO_EVENT, RECORDS_EVENT } from '../../../src/content/channel';
import { installPageHooks } from '../../../src/content/page-world/install';
import { startRelay, type RelayOptions } from '../../../src/content/relay-core';
import type { PageRecord } from '../../../src/sources/page-hints';

type Win = Window & typeof globalThis;
const windows: HappyWindow[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

const API = 'http://127.0.0.1:47020';

function page(): Win {
  const w = new HappyWindow({ url: 'http://localhost:47020/' });
  windows.push(w);
  // Deterministic network: every fetch fails like a CORS block.
  Object.defineProperty(w, 'fetch', { value: () => Promise.reject(new TypeError('Failed to fetch')), writable: true, configurable: true });
  return w as unknown as Win;
}

/** The batches the relay sent, and `until(n)`: resolves when n records have arrived (an event, not a time). */
function relay(w: Win, options: Partial<RelayOptions> = {}): PageRecord[][] & { until(n: number): Promise<void> } {
  const batches: PageRecord[][] = [];
  const waiting: Array<() => void> = [];
  const send = (r: PageRecord[]) => {
    batches.push(r);
    for (const wake of waiting.splice(0)) wake();
    return true;
  };
  startRelay(w.document, { send, batchDelayMs: 5, ...options });
  const until = async (n: number) => {
    while (batches.flat().length < n) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  return Object.assign(batches, { until });
}

/**
 * Only before asserting that nothing (more) arrived: there is no event for "nothing", so this
 * gives the relay's timers a turn. Never used to wait for something that must arrive.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 120));
const fire = (w: Win, n: number) => Promise.all(Array.from({ length: n }, (_, i) => w.fetch(`${API}/r${i}`, { credentials: 'include' }).catch(() => 'failed')));

describe('page hooks → relay', () => {
  for (const order of ['relay first', 'hooks first'] as const) {
    it(`hands records over (${order})`, async () => {
      const w = page();
      let batches: ReturnType<typeof relay>;
      if (order === 'relay first') {
        batches = relay(w);
        installPageHooks(w);
      } else {
        installPageHooks(w);
        batches = relay(w);
      }
      await fire(w, 3);
      await batches.until(3);
      const records = batches.flat();
      expect(records.map((r) => [new URL(r.url).pathname, r.credentials, r.outcome, r.error])).toEqual([
        ['/r0', 'include', 'rejected', 'TypeError'],
        ['/r1', 'include', 'rejected', 'TypeError'],
        ['/r2', 'include', 'rejected', 'TypeError'],
      ]);
    });
  }

  it('page scripts (which run after both) see no event of the channel', async () => {
    const w = page();
    const batches = relay(w);
    installPageHooks(w);
    const seen: string[] = [];
    for (const target of [w, w.document, w.document.documentElement]) {
      for (const type of [HELLO_EVENT, RECORDS_EVENT, 'cors-lens:ready', 'cors-lens:ack', 'message']) {
        target.addEventListener(type, (e) => seen.push(e.type), true);
      }
    }
    await fire(w, 2);
    await batches.until(2);
    await settle();
    expect(batches.flat()).toHaveLength(2);
    expect(seen).toEqual([]);
  });

  it('a page forging a second handshake or a records event of its own gets nothing through', async () => {
    const w = page();
    const batches = relay(w);
    installPageHooks(w);
    const forgedPort = w.document.createElement('span');
    w.document.dispatchEvent(new w.MouseEvent(HELLO_EVENT, { relatedTarget: forgedPort }));
    const forged = JSON.stringify([{ kind: 'fetch', url: `${API}/forged`, method: 'GET', headerNames: [], startTime: Date.now(), outcome: 'rejected' }]);
    forgedPort.dispatchEvent(new w.CustomEvent(RECORDS_EVENT, { detail: forged }));
    w.document.dispatchEvent(new w.CustomEvent(RECORDS_EVENT, { detail: forged }));
    await fire(w, 1);
    await batches.until(1);
    await settle();
    expect(batches.flat().map((r) => new URL(r.url).pathname)).toEqual(['/r0']);
  });
});

describe('relay: untrusted input', () => {
  /** A relay with a port the test controls, standing in for a hostile page script. */
  function hostile(options: Partial<RelayOptions> = {}) {
    const w = page();
    const batches = relay(w, options);
    const port = w.document.createElement('span');
    w.document.dispatchEvent(new w.MouseEvent(HELLO_EVENT, { relatedTarget: port }));
    const send = (detail: unknown) => port.dispatchEvent(new w.CustomEvent(RECORDS_EVENT, { detail }));
    return { batches, send };
  }
  const good = (i: number) => ({ kind: 'fetch', url: `${API}/g${i}`, method: 'GET', headerNames: [], startTime: 1_700_000_000_000 + i, outcome: 'resolved', status: 200 });

  it('drops non-strings, oversized text, junk JSON and malformed records', async () => {
    const { batches, send } = hostile();
    send([good(0)]);
    send({ toString: () => JSON.stringify([good(1)]) });
    send('x'.repeat(300_000));
    send('{');
    send(JSON.stringify([{ ...good(2), url: 'javascript:alert(1)' }, { ...good(3), method: '<img src=x>' }, good(4)]));
    await batches.until(1);
    await settle();
    expect(batches.flat().map((r) => new URL(r.url).pathname)).toEqual(['/g4']);
  });

  it('limits the rate (token bucket) and stops for good once the extension is gone', async () => {
    let now = 0;
    const { batches, send } = hostile({ burst: 5, ratePerSecond: 10, now: () => now });
    send(JSON.stringify(Array.from({ length: 20 }, (_, i) => good(i))));
    await batches.until(5);
    await settle();
    expect(batches.flat()).toHaveLength(5);
    now += 1_000; // 10 more tokens, capped at the burst of 5
    send(JSON.stringify(Array.from({ length: 20 }, (_, i) => good(i))));
    await batches.until(10);
    await settle();
    expect(batches.flat()).toHaveLength(10);

    let calls = 0;
    let firstCall!: () => void;
    const called = new Promise<void>((resolve) => (firstCall = resolve));
    const gone = hostile({ send: () => (calls++, firstCall(), false) });
    gone.send(JSON.stringify([good(1)]));
    await called;
    gone.send(JSON.stringify([good(2)]));
    await settle();
    expect(calls).toBe(1);
  });
});

describe('page hooks keep their own references (a page that replaces DOM globals after install)', () => {
  it('a swapped window.CustomEvent / MouseEvent / Headers / Request and Object.prototype getters never see the channel', async () => {
    const w = page();
    // Relay first, hooks second: the hooks' hello goes out when the page already runs (the READY path).
    installPageHooks(w);
    const leaked: unknown[] = [];
    // What a hostile page does once its scripts run: swap the constructors the hooks use …
    // (Not `Event`: the relay constructs its own in the isolated world, which the page cannot touch;
    // happy-dom has one world only.)
    for (const name of ['CustomEvent', 'MouseEvent', 'Headers', 'Request', 'URL'] as const) {
      const Native = w[name] as unknown as new (...args: unknown[]) => unknown;
      Object.defineProperty(w, name, {
        configurable: true,
        writable: true,
        value: function Forged(...args: unknown[]) {
          leaked.push([name, ...args]);
          return new Native(...args);
        },
      });
    }
    // … and put getters on Object.prototype for the members an event init dictionary is read for.
    for (const member of ['screenX', 'bubbles', 'composed', 'view']) {
      Object.defineProperty(Object.prototype, member, {
        configurable: true,
        get(this: unknown) {
          leaked.push([member, this]);
          return undefined;
        },
      });
    }
    try {
      let delivered!: (records: PageRecord[]) => void;
      const got = new Promise<PageRecord[]>((resolve) => (delivered = resolve));
      startRelay(w.document, { send: (r) => (delivered(r), true), batchDelayMs: 1 });
      await w.fetch(`${API}/swapped`, { credentials: 'include' }).catch(() => 'failed');
      const records = await got;
      expect(records.map((r) => [new URL(r.url).pathname, r.credentials, r.outcome])).toEqual([['/swapped', 'include', 'rejected']]);
      expect(leaked).toEqual([]);
    } finally {
      for (const member of ['screenX', 'bubbles', 'composed', 'view']) delete (Object.prototype as Record<string, unknown>)[member];
    }
  });
});
