import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * A synthetic HAR shaped like Chrome DevTools' export (entry fields, header sets, initiator stacks,
 * timings as chrome-basic.har has them), with a realistic mix: mostly same-origin page traffic,
 * cross-origin fetches that pass or fail, preflighted requests, failed preflights with their
 * never-sent requests, redirects, cached preflights, network errors, and bursts of identical
 * concurrent requests. Deterministic for a given size.
 */

const PAGE = 'https://app.example.com';
const API = 'https://api.example.net';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

type H = { name: string; value: string };

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const baseRequestHeaders = (extra: H[], withOrigin: boolean): H[] => [
  { name: 'sec-ch-ua-platform', value: '"Linux"' },
  { name: 'Referer', value: `${PAGE}/dashboard` },
  { name: 'User-Agent', value: UA },
  { name: 'sec-ch-ua', value: '"Not:A-Brand";v="8", "Chromium";v="156"' },
  { name: 'sec-ch-ua-mobile', value: '?0' },
  { name: 'Accept', value: '*/*' },
  { name: 'Accept-Encoding', value: 'gzip, deflate, br, zstd' },
  { name: 'Accept-Language', value: 'en-US,en;q=0.9' },
  ...(withOrigin ? [{ name: 'Origin', value: PAGE }, { name: 'Sec-Fetch-Site', value: 'cross-site' }] : [{ name: 'Sec-Fetch-Site', value: 'same-origin' }]),
  { name: 'Sec-Fetch-Mode', value: 'cors' },
  { name: 'Sec-Fetch-Dest', value: 'empty' },
  ...extra,
];

const responseHeaders = (extra: H[]): H[] => [
  { name: 'Content-Type', value: 'application/json; charset=utf-8' },
  { name: 'Date', value: 'Sun, 22 Nov 2026 04:00:00 GMT' },
  { name: 'Server', value: 'nginx' },
  { name: 'Cache-Control', value: 'no-store' },
  { name: 'Content-Length', value: '512' },
  ...extra,
];

const initiator = (fn: string) => ({
  type: 'script',
  stack: {
    callFrames: [
      { functionName: fn, scriptId: '42', url: `${PAGE}/assets/app.3f9c2.js`, lineNumber: 1200, columnNumber: 17 },
      { functionName: 'request', scriptId: '42', url: `${PAGE}/assets/app.3f9c2.js`, lineNumber: 880, columnNumber: 9 },
    ],
  },
});

function entry(o: {
  t: number; dur: number; method: string; url: string; type: string; reqHeaders: H[]; status: number; resHeaders: H[];
  error?: string; redirect?: string; init?: unknown; provisional?: boolean;
}) {
  return {
    _initiator: o.init ?? initiator('load'),
    _priority: 'High',
    _resourceType: o.type,
    cache: {},
    connection: '443',
    request: {
      method: o.method, url: o.url, httpVersion: o.provisional ? '' : 'http/1.1', headers: o.reqHeaders,
      queryString: [], cookies: [], headersSize: -1, bodySize: 0,
    },
    response: {
      status: o.status, statusText: o.status ? 'OK' : '', httpVersion: o.status ? 'http/1.1' : '', headers: o.resHeaders, cookies: [],
      content: { size: o.status ? 512 : 0, mimeType: o.status ? 'application/json' : 'x-unknown' },
      redirectURL: o.redirect ?? '', headersSize: -1, bodySize: -1, _transferSize: o.status ? 812 : 0,
      _error: o.error ?? null, _fetchedViaServiceWorker: false,
    },
    serverIPAddress: o.status ? '203.0.113.7' : '',
    startedDateTime: new Date(o.t).toISOString(),
    time: o.dur,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: o.dur - 2, receive: 0.7, _blocked_queueing: 0.4 },
  };
}

const HEAD = '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
const TAIL = ']}}';

/** A Chrome-shaped HAR with about `count` entries, as a JSON string. */
export function syntheticChromeHar(count: number, seed = 1): string {
  const entries: unknown[] = [];
  for (const batch of syntheticEntryBatches(seed)) {
    entries.push(...batch);
    if (entries.length >= count) break;
  }
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } });
}

/**
 * Writes a Chrome-shaped HAR of at least `bytes` bytes to `file` without holding it in memory
 * (benchmarks of files too big for one string). Resolves with the number of entries.
 */
export async function writeSyntheticChromeHar(file: string, bytes: number, seed = 1): Promise<number> {
  const out = createWriteStream(file);
  let written = HEAD.length + TAIL.length;
  let count = 0;
  let text = HEAD;
  for (const batch of syntheticEntryBatches(seed)) {
    for (const e of batch) {
      const json = JSON.stringify(e);
      text += count++ === 0 ? json : `,${json}`;
      written += json.length + 1;
    }
    if (text.length > 1 << 20) {
      const more = out.write(text);
      text = '';
      if (!more) await once(out, 'drain');
    }
    if (written >= bytes) break;
  }
  out.end(text + TAIL);
  await once(out, 'finish');
  return count;
}

/** Endless batches of entries (one request, or a request with its preflight, or a burst). */
function* syntheticEntryBatches(seed: number): Generator<unknown[]> {
  const random = rng(seed);
  let entries: unknown[] = [];
  let total = 0;
  let t = Date.UTC(2026, 10, 22, 4, 0, 0);
  const acao = [{ name: 'Access-Control-Allow-Origin', value: PAGE }, { name: 'Vary', value: 'Origin' }];
  const custom = [{ name: 'Content-Type', value: 'application/json' }, { name: 'X-Request-Id', value: 'abc-123' }];
  const preflightHeaders = [
    { name: 'Access-Control-Request-Method', value: 'PUT' },
    { name: 'Access-Control-Request-Headers', value: 'content-type,x-request-id' },
  ];
  const goodPreflight = [...acao, { name: 'Access-Control-Allow-Methods', value: 'GET, PUT' }, { name: 'Access-Control-Allow-Headers', value: 'Content-Type, X-Request-Id' }, { name: 'Access-Control-Max-Age', value: '0' }];
  const preflightFor = (url: string, at: number, dur: number, status: number, headers: H[]) =>
    entry({ t: at, dur, method: 'OPTIONS', url, type: 'preflight', reqHeaders: baseRequestHeaders(preflightHeaders, true), status, resHeaders: responseHeaders(headers), init: { type: 'preflight', url, requestId: `${total + entries.length}.1` } });

  for (;;) {
    total += entries.length;
    entries = [];
    t += 1 + Math.floor(random() * 4);
    const n = total;
    const roll = random();
    const id = n % 997;
    if (roll < 0.45) {
      entries.push(entry({ t, dur: 12, method: 'GET', url: `${PAGE}/api/items/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], false), status: 200, resHeaders: responseHeaders([]) }));
    } else if (roll < 0.6) {
      entries.push(entry({ t, dur: 30, method: 'GET', url: `${API}/public/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], true), status: 200, resHeaders: responseHeaders(acao) }));
    } else if (roll < 0.65) {
      entries.push(entry({ t, dur: 30, method: 'GET', url: `${API}/private/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], true), status: 200, resHeaders: responseHeaders([]), error: 'net::ERR_FAILED' }));
    } else if (roll < 0.77) {
      const url = `${API}/items/${id}`;
      entries.push(entry({ t, dur: 60, method: 'PUT', url, type: 'fetch', reqHeaders: baseRequestHeaders(custom, true), status: 200, resHeaders: responseHeaders(acao) }));
      entries.push(preflightFor(url, t + 2, 20, 204, goodPreflight));
    } else if (roll < 0.83) {
      const url = `${API}/locked/${id}`;
      entries.push(entry({ t, dur: 25, method: 'PUT', url, type: 'fetch', reqHeaders: baseRequestHeaders(custom, false).filter((h) => h.name !== 'Sec-Fetch-Mode'), status: 0, resHeaders: [], error: 'net::ERR_FAILED', provisional: true }));
      entries.push(preflightFor(url, t + 2, 21, 404, []));
    } else if (roll < 0.88) {
      entries.push(entry({ t, dur: 10, method: 'GET', url: `${API}/old/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], true), status: 302, resHeaders: responseHeaders([...acao, { name: 'Location', value: `${API}/new/${id}` }]), redirect: `${API}/new/${id}` }));
      entries.push(entry({ t: t + 11, dur: 20, method: 'GET', url: `${API}/new/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], true), status: 200, resHeaders: responseHeaders(acao) }));
    } else if (roll < 0.93) {
      entries.push(entry({ t, dur: 30, method: 'PUT', url: `${API}/items/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders(custom, true), status: 200, resHeaders: responseHeaders(acao) }));
    } else if (roll < 0.95) {
      entries.push(entry({ t, dur: 3, method: 'GET', url: `https://down.example.org/x/${id}`, type: 'fetch', reqHeaders: baseRequestHeaders([], false), status: 0, resHeaders: [], error: 'net::ERR_CONNECTION_REFUSED', provisional: true }));
    } else {
      // A burst of six identical preflighted requests, mixed outcomes, same millisecond.
      const url = `${API}/burst/${id}`;
      for (let k = 0; k < 6; k++) {
        const ok = k % 2 === 0;
        entries.push(ok
          ? entry({ t, dur: 80 + k, method: 'PUT', url, type: 'fetch', reqHeaders: baseRequestHeaders(custom, true), status: 200, resHeaders: responseHeaders(acao) })
          : entry({ t, dur: 40 + k, method: 'PUT', url, type: 'fetch', reqHeaders: baseRequestHeaders(custom, false), status: 0, resHeaders: [], error: 'net::ERR_FAILED', provisional: true }));
      }
      for (let k = 0; k < 6; k++) entries.push(preflightFor(url, t + 3, k % 2 === 0 ? 30 + 10 * k : 39 + k, k % 2 === 0 ? 204 : 404, k % 2 === 0 ? goodPreflight : []));
    }
    yield entries;
  }
}
