/**
 * Hostile and broken input, end to end through every pure stage: webRequest events or HAR entries
 * → observations → analyze → text / JSON / Markdown reports. Each case must neither throw nor
 * hang, keep the data (nothing silently lost), and produce reports that stay valid and inert:
 * JSON parses, Markdown holds no live HTML or links, the terminal receives no control characters.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../src/core/model';
import { toJsonReport, toMarkdownReport, toTextReport } from '../../src/core/report';
import { harToObservations } from '../../src/sources/har';
import { formatBytes, harByteLimit, harSizeProblem, MAX_HAR_BYTES } from '../../src/sources/har-size';
import { WebRequestCollector, type RawHeader, type WebRequestDetails, type WebRequestEventName } from '../../src/sources/webrequest';

const PAGE = 'http://page.test';
const API = 'http://api.test';
const HTML = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const TERMINAL = '\x1b[2J\x1b]0;pwned\x07\r\x1b[31mred';
const KB100 = 100 * 1024;

interface Case {
  name: string;
  url?: string;
  requestHeaders?: RawHeader[];
  responseHeaders: RawHeader[];
  /** What must survive into the JSON report (nothing lost). */
  keeps?: (json: string) => void;
}

const big = (c: string) => c.repeat(KB100);
const cases: Case[] = [
  {
    name: 'a 100 KB Access-Control-Allow-Origin value',
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: big('a') }],
    keeps: (json) => expect(json).toContain(big('a')),
  },
  {
    name: 'a 100 KB header value full of HTML and quotes',
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }, { name: 'X-Note', value: (HTML + '"\'`|[]()').repeat(KB100 / 64) }],
  },
  {
    name: '10,000 response headers',
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }, ...Array.from({ length: 10_000 }, (_, i) => ({ name: `X-H${i}`, value: `v${i}` }))],
  },
  {
    name: '10,000 request headers',
    requestHeaders: [{ name: 'Origin', value: PAGE }, ...Array.from({ length: 10_000 }, (_, i) => ({ name: `X-R${i}`, value: HTML }))],
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }],
  },
  {
    name: 'invalid UTF-8 bytes (binaryValue) and control characters',
    responseHeaders: [
      { name: 'Access-Control-Allow-Origin', binaryValue: [0xff, 0xfe, 0xc3, 0x28, 0x80, 0x00, 0x1b, 0x5b, 0x32, 0x4a] },
      { name: 'X-Ctl', value: TERMINAL },
      { name: 'X-Surrogates', value: '\ud800\udfff\ud800 \u2028\u2029 \u202e' },
    ],
  },
  {
    name: 'duplicate, conflicting CORS headers',
    responseHeaders: [
      { name: 'Access-Control-Allow-Origin', value: PAGE },
      { name: 'access-control-allow-origin', value: '*' },
      { name: 'Access-Control-Allow-Origin', value: 'http://evil.test' },
      { name: 'Access-Control-Allow-Credentials', value: 'true' },
      { name: 'Access-Control-Allow-Credentials', value: 'false' },
      { name: 'Access-Control-Allow-Methods', value: 'GET' },
      { name: 'Access-Control-Allow-Methods', value: '*, PUT' },
    ],
    keeps: (json) => expect((JSON.parse(json) as { exchanges: Array<{ outcome: string }> }).exchanges[0]?.outcome).toBe('blocked'),
  },
  {
    name: 'a 100 KB URL with HTML and a token in its query',
    url: `${API}/x?token=s3cr3t-value&q=${encodeURIComponent(HTML)}&pad=${big('p')}`,
    responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }],
    keeps: (json) => {
      expect(json).toContain(big('p'));
      expect(json).not.toContain('s3cr3t-value'); // redaction survives size
    },
  },
  {
    name: 'a header name that is empty, 100 KB long, or full of control characters',
    responseHeaders: [
      { name: '', value: 'x' },
      { name: big('N'), value: 'y' },
      { name: 'Bad\r\nName\x00', value: HTML },
      { name: 'Access-Control-Allow-Origin', value: PAGE },
    ],
  },
];

/** One cross-origin GET, as Chromium's webRequest reports it. */
function events(c: Case): Array<[WebRequestEventName, WebRequestDetails]> {
  const base = { requestId: '42', url: c.url ?? `${API}/items`, method: 'GET', type: 'xmlhttprequest', tabId: 1, frameId: 0, initiator: PAGE };
  const requestHeaders = c.requestHeaders ?? [{ name: 'Origin', value: PAGE }];
  return [
    ['onBeforeRequest', { ...base, timeStamp: 1000 }],
    ['onSendHeaders', { ...base, timeStamp: 1001, requestHeaders }],
    ['onHeadersReceived', { ...base, timeStamp: 1002, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: c.responseHeaders }],
    ['onCompleted', { ...base, timeStamp: 1003, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: c.responseHeaders }],
  ];
}

/** The same request as a Chrome HAR entry (string values only: HAR is JSON text). */
function har(c: Case): unknown {
  const text = (h: RawHeader) => ({ name: h.name, value: h.value ?? String.fromCharCode(...Array.from(h.binaryValue ?? [])) });
  return {
    log: {
      entries: [
        {
          startedDateTime: '2026-01-01T00:00:00.000Z',
          time: 3,
          _resourceType: 'fetch',
          request: { method: 'GET', url: c.url ?? `${API}/items`, headers: (c.requestHeaders ?? [{ name: 'Origin', value: PAGE }]).map(text) },
          response: { status: 200, statusText: 'OK', headers: c.responseHeaders.map(text), redirectURL: '' },
        },
      ],
    },
  };
}

function expectInertReports(list: AnalyzedExchange[], c: Case): void {
  const json = toJsonReport(list);
  expect(() => JSON.parse(json)).not.toThrow();
  c.keeps?.(json);

  const md = toMarkdownReport(list);
  // Outside code fences, no raw HTML tags and no link syntax from the input.
  const prose = md.replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '');
  expect(prose).not.toMatch(/<(img|script)\b/i);
  expect(prose).not.toMatch(/\]\(javascript:/i);
  expect(md.length).toBeLessThan(2_000_000); // long values are clipped for display

  for (const color of [false, true]) {
    const text = toTextReport(list, { color });
    // No control character reaches the terminal except newlines (and our own colours).
    const stripped = color ? text.replace(/\x1b\[[0-9;]*m/g, '') : text;
    expect(stripped).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/);
  }
}

describe('hostile input through the webRequest collector, analyze and every report', () => {
  for (const c of cases) {
    it(c.name, () => {
      const collector = new WebRequestCollector();
      let observations: Observation[] = [];
      for (const [ev, d] of events(c)) observations = collector.handle(ev, d).observations;
      expect(observations).toHaveLength(1);
      const o = observations[0]!;
      // Nothing lost on the way in: every header is kept, in order, at full length.
      expect(o.responseHeaders).toHaveLength(c.responseHeaders.length);
      expect(o.responseHeaders!.map((h) => h.value.length)).toEqual(
        c.responseHeaders.map((h) => (h.value !== undefined ? h.value.length : (h.binaryValue?.length ?? 0))),
      );
      if (c.url) expect(o.url).toBe(c.url);
      const list = analyze(observations, { browser: 'chrome' });
      expect(list).toHaveLength(1);
      expectInertReports(list, c);
    });
  }
});

describe('hostile input through the HAR adapter, analyze and every report', () => {
  for (const c of cases) {
    it(c.name, () => {
      // Through text, as the CLI and the panel read it.
      const { observations } = harToObservations(JSON.parse(JSON.stringify(har(c))));
      expect(observations).toHaveLength(1);
      expect(observations[0]!.responseHeaders).toHaveLength(c.responseHeaders.length);
      for (const browser of ['chrome', 'firefox', 'safari'] as const) {
        const list = analyze(observations, { browser });
        expect(list).toHaveLength(1);
        expectInertReports(list, c);
      }
    });
  }

  // How fast: bench/har-throughput.ts and bench/fix-render.ts, not a time limit here.
  it('200 entries × 1,000 hostile headers each: imported, analysed and reported', () => {
    const c: Case = {
      name: 'many',
      responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }, ...Array.from({ length: 1000 }, (_, i) => ({ name: `X-${i}`, value: HTML }))],
    };
    const one = (har(c) as { log: { entries: unknown[] } }).log.entries[0];
    const { observations } = harToObservations({ log: { entries: Array.from({ length: 200 }, () => structuredClone(one)) } });
    const list = analyze(observations);
    toJsonReport(list);
    toMarkdownReport(list);
    toTextReport(list);
    expect(list).toHaveLength(200);
  });
});

describe('HAR size guard (CLI and panel import)', () => {
  it('refuses a 1 GB file in one line, naming the size and the limit', () => {
    const message = harSizeProblem(1e9, 'big.har');
    expect(message).toBe('big.har is 1.0 GB; cors-lens reads HAR files up to 536 MB (split the HAR: export fewer pages at a time)');
    expect(message).not.toContain('\n');
  });
  it('accepts a file at the limit, refuses one byte more', () => {
    expect(harSizeProblem(MAX_HAR_BYTES, 'a.har')).toBeUndefined();
    expect(harSizeProblem(MAX_HAR_BYTES + 1, 'a.har')).toMatch(/^a\.har is 536 MB; cors-lens reads HAR files up to 536 MB/);
  });
  it('a small heap lowers the limit and says how to raise it', () => {
    const limit = harByteLimit(700e6);
    expect(limit).toBe(100e6);
    expect(harSizeProblem(150e6, 'b.har', limit)).toMatch(/^b\.har is 150 MB; cors-lens reads HAR files up to 100 MB with this much JS heap \(.*--max-old-space-size/);
    expect(harByteLimit(64e9)).toBe(MAX_HAR_BYTES);
    expect(harByteLimit(undefined)).toBe(MAX_HAR_BYTES);
  });
  it('formats sizes', () => {
    expect([formatBytes(12), formatBytes(12_345), formatBytes(12_345_678), formatBytes(1_073_741_824)]).toEqual(['12 bytes', '12 KB', '12 MB', '1.1 GB']);
  });
});

describe('webRequest collector: repeated events', () => {
  it('a stage seen twice (new time), then the first one replayed, changes nothing (found by npm run fuzz)', () => {
    const base = { requestId: '3', url: `${API}/a`, method: 'GET', tabId: 1, initiator: PAGE, statusCode: 200, responseHeaders: [] };
    const events: Array<[WebRequestEventName, WebRequestDetails]> = [
      ['onHeadersReceived', { ...base, timeStamp: 0 }],
      ['onHeadersReceived', { ...base, timeStamp: 1 }],
      ['onCompleted', { ...base, timeStamp: 0 }],
    ];
    const c = new WebRequestCollector();
    for (const [ev, d] of events) c.handle(ev, d);
    const once = JSON.stringify(c.state.chains);
    for (const [ev, d] of events) c.handle(ev, d);
    expect(JSON.stringify(c.state.chains)).toBe(once);
    expect(c.observations()).toHaveLength(1);
  });
});
