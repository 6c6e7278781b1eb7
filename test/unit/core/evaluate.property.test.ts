/** Property tests: evaluate() is total and deterministic on hostile input (fixed seed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate';
import type { Exchange } from '../../../src/core/model';
import { ex, PAGE } from './helpers';

const SEED = 20261122;
const OUTCOMES = ['allowed', 'blocked', 'opaque', 'not-cors', 'network-error', 'unknown'];

const interestingName = fc.constantFrom(
  'Access-Control-Allow-Origin',
  'access-control-allow-credentials',
  'Access-Control-Allow-Methods',
  'ACCESS-CONTROL-ALLOW-HEADERS',
  'Access-Control-Max-Age',
  'Access-Control-Expose-Headers',
  'Origin',
  'Cookie',
  'Sec-Fetch-Mode',
  'Location',
  'Vary',
  'Content-Type',
  'Range',
  'Authorization',
);
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('*', 'null', PAGE, '', ' * ', 'true', 'GET, PUT', 'x-a x-b'));
const header = fc.record({ name: fc.oneof(interestingName, anyString), value: anyString });
const headerList = fc.array(header, { maxLength: 12 });
const url = fc.oneof(fc.constantFrom(`${PAGE}/x`, 'http://localhost:44001/x', 'https://api.example/a?b#c', 'ws://x/', 'file:///a', 'data:,x', 'myapp://cb', 'http://u:p@h/', ''), fc.webUrl(), anyString);
const error = fc.option(fc.constantFrom('net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_CONNECTION_REFUSED', 'net::ERR_INVALID_REDIRECT', 'net::ERR_BLOCKED_BY_CLIENT', 'weird'), { nil: undefined });

const observation = fc.record(
  {
    id: fc.string(),
    source: fc.constantFrom('webrequest', 'har', 'devtools'),
    url,
    method: fc.oneof(fc.constantFrom('GET', 'PUT', 'patch', 'OPTIONS', 'POST'), anyString),
    requestHeaders: headerList,
    responseHeaders: headerList,
    status: fc.oneof(fc.integer({ min: -5, max: 999 }), fc.constant(0)),
    error,
    redirectUrl: url,
    initiatorOrigin: fc.oneof(fc.constant(null), fc.constant(PAGE), anyString),
    requestHeadersProvisional: fc.boolean(),
    resourceType: fc.constantFrom('xmlhttprequest', 'fetch', 'xhr', 'script', 'image', 'main_frame', 'preflight'),
    startTime: fc.integer(),
  },
  { requiredKeys: [] },
);
const exchange = fc.record(
  {
    id: fc.string(),
    initiatorOrigin: fc.oneof(fc.constant(null), fc.constant(PAGE), anyString),
    url,
    method: anyString,
    hops: fc.array(fc.record({ request: observation, preflight: observation }, { requiredKeys: [] }), { maxLength: 4 }),
    actualNeverSent: fc.boolean(),
    preflightCacheHit: fc.boolean(),
    startTime: fc.integer(),
  },
  { requiredKeys: [] },
);

function assertVerdictShape(v: ReturnType<typeof evaluate>) {
  expect(OUTCOMES).toContain(v.outcome);
  expect(typeof v.reason).toBe('string');
  expect(typeof v.summary).toBe('string');
  expect(typeof v.explanation).toBe('string');
  for (const b of ['chrome', 'firefox', 'safari'] as const) {
    expect(v.engines[b].browser).toBe(b);
    expect(OUTCOMES).toContain(v.engines[b].outcome);
    const m = v.messages[b];
    expect(m === null || typeof m === 'string').toBe(true);
  }
  expect(Array.isArray(v.warnings)).toBe(true);
  expect(Array.isArray(v.evidence)).toBe(true);
}

describe('evaluate is total', () => {
  it('never throws on arbitrary exchanges (names, values, duplicates, non-ASCII, missing fields)', () => {
    fc.assert(
      fc.property(exchange, fc.constantFrom(undefined, 'chrome', 'firefox', 'safari'), fc.constantFrom(undefined, 'include', 'omit'), (e, browser, credentials) => {
        const v = evaluate(e as unknown as Exchange, { ...(browser ? { browser } : {}), ...(credentials ? { credentials } : {}) } as never);
        assertVerdictShape(v);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('never throws on structurally broken input', () => {
    const junk: unknown[] = [null, undefined, 42, 'x', [], {}, { hops: 'no' }, { hops: [null, 1, { request: null }] }, { hops: [{ request: { url: 5, method: {} , requestHeaders: 'x', responseHeaders: [null, { name: 1 }] } }] }];
    for (const j of junk) assertVerdictShape(evaluate(j as Exchange));
    assertVerdictShape(evaluate(ex(), { browser: 'opera' as never, mode: 'weird' as never }));
  });

  it('handles 100 KB values and thousands of headers', () => {
    const big = 'a'.repeat(100 * 1024);
    const e = ex({ req: { 'X-Big': big, Accept: big }, res: { 'Access-Control-Allow-Origin': big, 'X-Huge': big } });
    e.hops[0]!.request.responseHeaders!.push(...Array.from({ length: 5000 }, (_, i) => ({ name: `X-${i}`, value: big.slice(0, 10) })));
    const v = evaluate(e);
    assertVerdictShape(v);
    expect(v.chromiumCorsError).toBe('InvalidAllowOriginValue');
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(exchange, (e) => {
        expect(JSON.stringify(evaluate(e as unknown as Exchange))).toBe(JSON.stringify(evaluate(e as unknown as Exchange)));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a simple cross-origin GET with ACAO * and no credentials is allowed whatever other headers it has', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.stringMatching(/^X-[A-Za-z]{1,8}$/), value: fc.string() }), { maxLength: 8 }), (extra) => {
        const e = ex({ res: { 'Access-Control-Allow-Origin': '*' } });
        e.hops[0]!.request.responseHeaders!.push(...extra);
        expect(evaluate(e).outcome).toBe('allowed');
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('same-origin exchanges are never CORS-blocked', () => {
    fc.assert(
      fc.property(headerList, headerList, (rq, rs) => {
        const e = ex({ url: `${PAGE}/same` });
        e.hops[0]!.request.requestHeaders = rq.filter((h) => h.name.toLowerCase() !== 'sec-fetch-mode');
        e.hops[0]!.request.responseHeaders = rs;
        expect(['not-cors']).toContain(evaluate(e).outcome);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
