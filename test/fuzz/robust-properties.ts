/**
 * Fuzzing properties for input that is hostile or comes from a loaded machine: preflights dated
 * any time after (or just before) their request, Object.prototype names as header names, huge
 * header counts, and lone surrogates in URLs. Registered with the others in properties.ts.
 */
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { renderAll, STACKS } from '../../src/core/fixes/index';
import type { Header, Observation } from '../../src/core/model';
import { pairExchanges } from '../../src/core/pair';
import { synthesizePolicy } from '../../src/core/policy';
import type { AnyProperty, FuzzProperty } from './properties';
import { fail, shuffled } from './support';

const PAGE = 'http://page.test';
const API = 'http://api.test';
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__lookupGetter__', 'prototype'];
const browser = fc.constantFrom('chrome', 'firefox', 'safari') as fc.Arbitrary<'chrome' | 'firefox' | 'safari'>;

const h = (name: string, value: string): Header => ({ name, value });

/** One burst member: does its preflight pass, fail by status, or refuse the header? */
const member = fc.record({ kind: fc.constantFrom('pass', 'status', 'refuse'), startGap: fc.integer({ min: 0, max: 3 }), lag: fc.integer({ min: 0, max: 10_000 }), withId: fc.boolean() });

/** Identical preflighted PUTs; preflights in request order, each any time later. Truth: i ↔ i. */
function skewedBurst(members: Array<{ kind: string; startGap: number; lag: number }>, ids: boolean, source: 'webrequest' | 'har'): { obs: Observation[]; truth: Array<[string, string]> } {
  const url = `${API}/burst`;
  const obs: Observation[] = [];
  const truth: Array<[string, string]> = [];
  let start = 1_000;
  let pStart = 0;
  members.forEach((m, i) => {
    start += m.startGap;
    pStart = Math.max(pStart, start + m.lag);
    const answer =
      m.kind === 'pass'
        ? { status: 204, responseHeaders: [h('Access-Control-Allow-Origin', PAGE), h('Access-Control-Allow-Methods', 'PUT'), h('Access-Control-Allow-Headers', 'x-custom')] }
        : m.kind === 'status'
          ? { status: 500, responseHeaders: [h('Access-Control-Allow-Origin', PAGE)] }
          : { status: 204, responseHeaders: [h('Access-Control-Allow-Origin', PAGE), h('Access-Control-Allow-Methods', 'PUT')] };
    const p: Observation = {
      id: `p${i}`, source, url, method: 'OPTIONS', startTime: pStart, endTime: pStart + 10, initiatorOrigin: PAGE, seq: 2 * i + 1, ...answer,
      requestHeaders: [h('Origin', PAGE), h('Access-Control-Request-Method', 'PUT'), h('Access-Control-Request-Headers', 'x-custom')],
    };
    if (ids && source === 'har') Object.assign(p, { preflightHint: true, preflightForHint: `77.${100 + i}` });
    const a: Observation =
      m.kind === 'pass'
        ? { id: `a${i}`, source, url, method: 'PUT', startTime: start, endTime: start + 5, initiatorOrigin: PAGE, seq: 2 * i, status: 200, requestHeaders: [h('Origin', PAGE), h('X-Custom', '1')], responseHeaders: [h('Access-Control-Allow-Origin', PAGE)] }
        : { id: `a${i}`, source, url, method: 'PUT', startTime: start, endTime: start + 3, initiatorOrigin: PAGE, seq: 2 * i, error: 'net::ERR_FAILED' };
    obs.push(a, p);
    truth.push([a.id, p.id]);
  });
  return { obs, truth };
}

/** Inserts lone surrogates into a string at the given positions. */
const withLoneSurrogates = (s: string, at: number[]): string => at.reduce((acc, i, k) => acc.slice(0, i % (acc.length + 1)) + (k % 2 ? '\uDC01' : '\uD801') + acc.slice(i % (acc.length + 1)), s);

export const ROBUST_PROPERTIES: FuzzProperty[] = [
  {
    area: 'pairing',
    name: 'timing skew: identical preflighted requests pair first-with-first however late the preflights, in any input order',
    property: () =>
      fc.property(fc.array(member, { minLength: 1, maxLength: 20 }), fc.boolean(), fc.constantFrom('webrequest', 'har'), fc.integer(), (members, ids, source, seed) => {
        const { obs, truth } = skewedBurst(members, ids, source as 'webrequest' | 'har');
        const exchanges = pairExchanges(obs);
        if (JSON.stringify(pairExchanges(shuffled(obs, seed))) !== JSON.stringify(exchanges)) fail('the result depends on input order');
        const got = new Map(exchanges.map((x) => [x.hops[0]!.request.id, x.hops[0]!.preflight?.id]));
        for (const [a, p] of truth) if (got.get(a) !== p) fail(`${a} got ${got.get(a) ?? 'no preflight'}, not ${p}`);
        if (exchanges.length !== truth.length) fail(`${exchanges.length} exchanges for ${truth.length} requests`);
      }) as unknown as AnyProperty,
  },
  {
    area: 'evaluator',
    name: 'hostile header names (__proto__, constructor, …) never crash, and a refused one is blocked in every browser',
    property: () =>
      fc.property(fc.constantFrom(...PROTO_NAMES), fc.constantFrom(...PROTO_NAMES), browser, (requestName, responseName, b) => {
        const url = `${API}/proto`;
        const a: Observation = { id: 'a', source: 'webrequest', url, method: 'GET', startTime: 1, endTime: 9, initiatorOrigin: PAGE, error: 'net::ERR_FAILED' };
        const p: Observation = {
          id: 'p', source: 'webrequest', url, method: 'OPTIONS', startTime: 2, endTime: 8, status: 204, initiatorOrigin: PAGE,
          requestHeaders: [h('Origin', PAGE), h('Access-Control-Request-Method', 'GET'), h('Access-Control-Request-Headers', requestName.toLowerCase())],
          responseHeaders: [h('Access-Control-Allow-Origin', PAGE), h(responseName, 'x'), h('Access-Control-Allow-Headers', 'x-other')],
        };
        const list = analyze([a, p], { browser: b });
        if (list.length !== 1) fail(`${list.length} exchanges`);
        if (list[0]!.verdict.outcome !== 'blocked') fail(`outcome ${list[0]!.verdict.outcome} (${list[0]!.verdict.reason})`);
        renderAll(synthesizePolicy(list[0]!.exchange, list[0]!.verdict));
      }) as unknown as AnyProperty,
  },
  {
    area: 'fixes',
    name: 'huge header counts: any number of asked headers is analysed and every stack renders',
    property: () =>
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 50 }), browser, (n, dupEvery, b) => {
        const names = Array.from({ length: n }, (_, i) => `x-h${dupEvery ? i % (dupEvery + 1) : i}`);
        const url = `${API}/many`;
        const a: Observation = { id: 'a', source: 'webrequest', url, method: 'GET', startTime: 1, endTime: 9, initiatorOrigin: PAGE, error: 'net::ERR_FAILED', requestHeaders: [h('Origin', PAGE), ...names.map((x) => h(x, '1'))] };
        const p: Observation = {
          id: 'p', source: 'webrequest', url, method: 'OPTIONS', startTime: 2, endTime: 8, status: 204, initiatorOrigin: PAGE,
          requestHeaders: [h('Origin', PAGE), h('Access-Control-Request-Method', 'GET'), h('Access-Control-Request-Headers', [...new Set(names)].join(','))],
          responseHeaders: [h('Access-Control-Allow-Origin', PAGE)],
        };
        const [x] = analyze([a, p], { browser: b, includeSameOrigin: true });
        if (!x) fail('no exchange');
        const fixes = renderAll(synthesizePolicy(x.exchange, x.verdict));
        for (const stack of STACKS) if (typeof fixes[stack.id]?.code !== 'string') fail(`${stack.id}: no snippet`);
      }) as unknown as AnyProperty,
  },
  {
    area: 'pairing',
    name: 'lone surrogates in a URL never split an exchange, even when one side went through UTF-8',
    property: () =>
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (positions, normalizeRequest) => {
        const raw = withLoneSurrogates(`${API}/path?q=1`, positions);
        const utf8 = Buffer.from(raw, 'utf8').toString('utf8');
        const a: Observation = {
          id: 'a', source: 'webrequest', url: normalizeRequest ? utf8 : raw, method: 'PUT', startTime: 1, endTime: 20, initiatorOrigin: PAGE, status: 200,
          requestHeaders: [h('Origin', PAGE), h('X-Custom', '\uD800')], responseHeaders: [h('Access-Control-Allow-Origin', PAGE)],
        };
        const p: Observation = {
          id: 'p', source: 'webrequest', url: normalizeRequest ? raw : utf8, method: 'OPTIONS', startTime: 2, endTime: 10, status: 204, initiatorOrigin: PAGE,
          requestHeaders: [h('Origin', PAGE), h('Access-Control-Request-Method', 'PUT'), h('Access-Control-Request-Headers', 'x-custom')],
          responseHeaders: [h('Access-Control-Allow-Origin', PAGE), h('Access-Control-Allow-Methods', 'PUT'), h('Access-Control-Allow-Headers', 'x-custom')],
        };
        const xs = pairExchanges([a, p]);
        if (xs.length !== 1 || xs[0]!.hops[0]!.preflight?.id !== 'p') fail(`${xs.length} exchanges`);
      }) as unknown as AnyProperty,
  },
];
