/**
 * The fuzzing properties, one registry for both runs:
 *   - CI (`test/unit/fuzz.test.ts`): every property, fixed seed, modest runs — deterministic;
 *   - `npm run fuzz` (scripts/fuzz.ts): the same properties, FUZZ_RUNS inputs each, a fresh seed
 *     printed up front so any failure can be replayed.
 * Areas: the evaluator, pairing, the HAR adapter, every fix renderer, plus the webRequest collector
 * and the reports. Each property states what must hold for *any* input, not a hand-picked one.
 */
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { evaluate } from '../../src/core/evaluate';
import { renderAll, STACKS } from '../../src/core/fixes/index';
import type { Exchange, Header, Observation, Verdict } from '../../src/core/model';
import { pairExchanges } from '../../src/core/pair';
import { synthesizePolicy } from '../../src/core/policy';
import { toJsonReport, toMarkdownReport, toTextReport } from '../../src/core/report';
import { HarFormatError, harToObservations } from '../../src/sources/har';
import { WEBREQUEST_EVENTS, WebRequestCollector, type WebRequestDetails } from '../../src/sources/webrequest';
import { ROBUST_PROPERTIES } from './robust-properties';
import { fail, shuffled } from './support';

export const CI_SEED = 20261122;
export const CI_RUNS = 100;

/** Properties of different input types, run alike. */
export type AnyProperty = fc.IProperty<unknown>;

export type FuzzArea = 'evaluator' | 'pairing' | 'har' | 'fixes' | 'webrequest' | 'reports';

export interface FuzzProperty {
  area: FuzzArea;
  name: string;
  /** Built on demand: fast-check properties carry run state. */
  property: () => AnyProperty;
}

// ─── Arbitraries ────────────────────────────────────────────────────────────────────────────────

const PAGE = 'http://page.test';
const API = 'http://api.test';
const HOSTILE = ['<img src=x onerror=alert(1)>', '\x1b[2J', '\r\n', '\0', '\ud800', '`', '"\'', '${x}', '*', 'null', PAGE, ' * ', 'true', 'GET, PUT', ''];

/** Any string: ASCII, full Unicode with lone surrogates, control characters, and known troublemakers. */
export const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...HOSTILE),
);
const corsName = fc.constantFrom(
  'Access-Control-Allow-Origin', 'access-control-allow-credentials', 'Access-Control-Allow-Methods', 'ACCESS-CONTROL-ALLOW-HEADERS',
  'Access-Control-Max-Age', 'Access-Control-Expose-Headers', 'Access-Control-Request-Method', 'Access-Control-Request-Headers',
  'Origin', 'Cookie', 'Authorization', 'Sec-Fetch-Mode', 'Location', 'Vary', 'Content-Type', 'Referer',
);
const header: fc.Arbitrary<Header> = fc.record({ name: fc.oneof(corsName, corsName, anyString), value: fc.oneof(fc.constantFrom(PAGE, '*', 'null', 'true', 'PUT', 'content-type'), anyString) });
const headers = fc.array(header, { maxLength: 8 });
/** A small pool of URLs so that pairing sees the same URL many times. */
const url = fc.oneof(
  fc.constantFrom(`${API}/a`, `${API}/a`, `${API}/b?token=s3cr3t`, `${PAGE}/same`, 'http://other.test/r', 'data:,x', 'ws://api.test/', ''),
  fc.webUrl(),
  anyString,
);
const method = fc.oneof(fc.constantFrom('GET', 'PUT', 'POST', 'OPTIONS', 'OPTIONS', 'patch', 'DELETE'), anyString);

const observationFields = fc.record(
  {
    source: fc.constantFrom('webrequest', 'har', 'devtools'),
    chainId: fc.constantFrom('c1', 'c2', 'c3'),
    hopIndex: fc.integer({ min: 0, max: 3 }),
    tabId: fc.constantFrom(1, 2),
    documentId: fc.constantFrom('d1', 'd2'),
    initiatorOrigin: fc.oneof(fc.constant(null), fc.constant(PAGE), anyString),
    url,
    method,
    resourceType: fc.constantFrom('xmlhttprequest', 'fetch', 'script', 'image', 'preflight', 'main_frame'),
    requestHeaders: headers,
    requestHeadersProvisional: fc.boolean(),
    status: fc.oneof(fc.constantFrom(0, 200, 204, 302, 307, 404, 500), fc.integer({ min: -5, max: 999 })),
    responseHeaders: headers,
    redirectUrl: url,
    error: fc.constantFrom('net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_CONNECTION_REFUSED', 'weird'),
    preflightHint: fc.boolean(),
    fromCache: fc.boolean(),
    startTime: fc.integer({ min: 0, max: 200 }),
    endTime: fc.integer({ min: 0, max: 400 }),
    seq: fc.integer({ min: 0, max: 50 }),
  },
  { requiredKeys: ['url', 'method', 'startTime'] },
);

/** Observations with unique ids (as every source guarantees), otherwise anything. */
export const observations: fc.Arbitrary<Observation[]> = fc
  .array(observationFields, { maxLength: 14 })
  .map((list) => list.map((o, i) => ({ id: `o${i}`, ...o }) as Observation));

/** Exchanges as pairing would build them, from anything. */
const exchange: fc.Arbitrary<Exchange> = observations.chain((obs) =>
  fc.record({
    id: fc.constant('x'),
    initiatorOrigin: fc.oneof(fc.constant(null), fc.constant(PAGE), anyString),
    url,
    method,
    hops: fc.constant(obs.slice(0, 4).map((request, i) => (obs[i + 4] ? { request, preflight: obs[i + 4]! } : { request }))),
    actualNeverSent: fc.boolean(),
    preflightCacheHit: fc.boolean(),
    startTime: fc.integer({ min: 0, max: 100 }),
  }) as fc.Arbitrary<Exchange>,
);
const browser = fc.constantFrom('chrome', 'firefox', 'safari') as fc.Arbitrary<'chrome' | 'firefox' | 'safari'>;

const OUTCOMES = new Set(['allowed', 'blocked', 'opaque', 'not-cors', 'network-error', 'unknown']);
function checkVerdict(v: Verdict): void {
  if (!OUTCOMES.has(v.outcome)) fail(`unknown outcome ${v.outcome}`);
  if (typeof v.reason !== 'string' || typeof v.summary !== 'string' || typeof v.explanation !== 'string') fail('verdict texts missing');
  for (const b of ['chrome', 'firefox', 'safari'] as const) {
    if (!OUTCOMES.has(v.engines[b].outcome)) fail(`engine ${b}: unknown outcome`);
    const m = v.messages[b];
    if (m !== null && typeof m !== 'string') fail(`message ${b} is not text`);
  }
}

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────

export const PROPERTIES: FuzzProperty[] = [
  {
    area: 'evaluator',
    name: 'evaluate() is total, well-formed and deterministic for any exchange and browser',
    property: () =>
      fc.property(exchange, browser, fc.constantFrom(undefined, 'include', 'omit'), (x, b, credentials) => {
        const options = credentials ? { browser: b, credentials } : { browser: b };
        const v = evaluate(x, options as never);
        checkVerdict(v);
        if (JSON.stringify(evaluate(structuredClone(x), options as never)) !== JSON.stringify(v)) fail('not deterministic');
      }) as unknown as AnyProperty,
  },
  {
    area: 'evaluator',
    name: 'a response with a credentials-free ACAO * never blocks a simple GET, whatever else it carries',
    property: () =>
      fc.property(headers, browser, (extra, b) => {
        const request: Observation = {
          id: 'r', source: 'webrequest', url: `${API}/simple`, method: 'GET', initiatorOrigin: PAGE, resourceType: 'xmlhttprequest', startTime: 1, endTime: 2,
          requestHeaders: [{ name: 'Origin', value: PAGE }, { name: 'Sec-Fetch-Mode', value: 'cors' }],
          status: 200,
          responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: '*' }, ...extra.filter((h) => !/^access-control-|^vary$/i.test(h.name.trim()))],
        };
        const x: Exchange = { id: 'x', initiatorOrigin: PAGE, url: request.url, method: 'GET', hops: [{ request }], actualNeverSent: false, preflightCacheHit: false, startTime: 1 };
        const v = evaluate(x, { browser: b });
        if (v.outcome !== 'allowed') fail(`blocked: ${v.reason}`);
      }) as unknown as AnyProperty,
  },
  {
    area: 'pairing',
    name: 'pairExchanges() uses every observation exactly once and ignores input order',
    property: () =>
      fc.property(observations, fc.integer(), (obs, seed) => {
        const exchanges = pairExchanges(obs);
        const input = new Set(obs.map((o) => o.id));
        const used: string[] = [];
        for (const x of exchanges) {
          for (const h of x.hops) {
            if (h.preflight) used.push(h.preflight.id);
            if (input.has(h.request.id)) used.push(h.request.id);
            // A preflight without its request gets a stand-in request, and nothing else may be invented.
            else if (!(h.preflight && h.request.id === `${h.preflight.id}:actual`)) fail(`invented request ${h.request.id}`);
          }
        }
        if (used.length !== obs.length || new Set(used).size !== obs.length) fail(`${obs.length} observations, ${used.length} used (${new Set(used).size} distinct)`);
        if (JSON.stringify(pairExchanges(shuffled(obs, seed))) !== JSON.stringify(exchanges)) fail('the result depends on input order');
      }) as unknown as AnyProperty,
  },
  {
    area: 'pairing',
    name: 'analyze() = pair + evaluate, total for any observations',
    property: () =>
      fc.property(observations, browser, fc.boolean(), (obs, b, all) => {
        const list = analyze(obs, { browser: b, includeSameOrigin: all });
        for (const a of list) checkVerdict(a.verdict);
        if (all && list.length !== pairExchanges(obs).length) fail('includeSameOrigin lost exchanges');
      }) as unknown as AnyProperty,
  },
  {
    area: 'har',
    name: 'harToObservations() throws only one-line HarFormatErrors, whatever the JSON',
    property: () =>
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ log: fc.anything() }),
          fc.record({ log: fc.record({ entries: fc.array(fc.oneof(fc.anything(), fc.record({ request: fc.anything(), response: fc.anything(), startedDateTime: fc.anything() }))) }) }),
        ),
        (input) => {
          try {
            const { observations: obs, warnings } = harToObservations(input);
            for (const w of warnings) if (w.includes('\n')) fail('multi-line warning');
            analyze(obs);
          } catch (e) {
            if (!(e instanceof HarFormatError)) throw e;
            if (e.message.includes('\n')) fail('multi-line error');
          }
        },
      ) as unknown as AnyProperty,
  },
  {
    area: 'har',
    name: 'a well-formed HAR entry becomes exactly one observation with its URL, method and headers; one with an invalid URL is skipped and named',
    property: () =>
      fc.property(
        fc.array(
          fc.record({
            startedDateTime: fc.oneof(fc.constant('2026-01-01T00:00:00.000Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyString),
            time: fc.oneof(fc.double(), fc.nat()),
            _resourceType: fc.constantFrom('fetch', 'preflight', 'xhr', 'document'),
            request: fc.record({ method, url: fc.oneof(url, anyString), headers }),
            response: fc.record({ status: fc.oneof(fc.integer({ min: -1, max: 999 }), fc.double()), headers, redirectURL: fc.oneof(url, fc.constant('')), _error: fc.constantFrom(undefined, 'net::ERR_FAILED', '') }),
          }),
          { maxLength: 12 },
        ),
        (entries) => {
          const { observations: obs, warnings } = harToObservations(JSON.parse(JSON.stringify({ log: { entries } })));
          const parsable = (u: string) => URL.canParse(u);
          const kept = entries.map((e, i) => ({ e, i })).filter(({ e }) => parsable(e.request.url));
          if (obs.length !== kept.length) fail(`${kept.length} entries with a valid URL, ${obs.length} observations`);
          const skipped = entries.length - kept.length;
          if (skipped > 0) {
            const line = warnings.find((w) => w.includes('request.url is not a valid URL'));
            const first = entries.findIndex((e) => !parsable(e.request.url));
            if (!line || !line.startsWith(`${skipped} `) || !line.includes(`entry ${first} (`)) fail(`skipped entries not named: ${JSON.stringify(warnings)}`);
          }
          obs.forEach((o, k) => {
            const { e, i } = kept[k]!;
            if (o.id !== `har:${i}`) fail(`entry ${i}: became ${o.id}`);
            if (o.url !== e.request.url || o.method !== e.request.method) fail(`entry ${i}: url/method changed`);
            if ((o.requestHeaders?.length ?? 0) !== e.request.headers.length) fail(`entry ${i}: request headers lost`);
          });
        },
      ) as unknown as AnyProperty,
  },
  {
    area: 'fixes',
    name: 'every fix renderer renders any synthesized policy: no crash, no raw CR/NUL, every stack present',
    property: () =>
      fc.property(exchange, browser, (x, b) => {
        const verdict = evaluate(x, { browser: b });
        const fixes = renderAll(synthesizePolicy(x, verdict));
        for (const stack of STACKS) {
          const f = fixes[stack.id];
          if (!f || typeof f.code !== 'string') fail(`${stack.id}: no snippet`);
          if (f.notes?.some((n) => n.startsWith('Could not render this stack'))) fail(`${stack.id}: ${f.notes.join(' ')}`);
          if (/[\r\0]/.test(f.code)) fail(`${stack.id}: raw CR or NUL in the snippet`);
        }
      }) as unknown as AnyProperty,
  },
  {
    area: 'webrequest',
    name: 'the webRequest collector takes any event sequence, and replaying it changes nothing',
    property: () =>
      fc.property(
        fc.array(
          fc.record({
            event: fc.constantFrom(...WEBREQUEST_EVENTS),
            requestId: fc.constantFrom('1', '2', '3'),
            url,
            method,
            // Browsers always stamp events; an unstamped one cannot be recognised as a repeat.
            timeStamp: fc.integer({ min: 0, max: 100 }),
            tabId: fc.constantFrom(-1, 1),
            initiator: fc.oneof(fc.constant(PAGE), fc.constant('null'), anyString),
            statusCode: fc.constantFrom(0, 200, 302, 404),
            redirectUrl: url,
            error: fc.constantFrom('net::ERR_FAILED', 'weird'),
            requestHeaders: fc.array(fc.record({ name: anyString, value: anyString }), { maxLength: 4 }),
            responseHeaders: fc.array(fc.oneof(fc.record({ name: anyString, value: anyString }), fc.record({ name: anyString, binaryValue: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }) })), { maxLength: 4 }),
          }),
          { maxLength: 16 },
        ),
        (events) => {
          const c = new WebRequestCollector();
          for (const { event, ...d } of events) c.handle(event, d as WebRequestDetails);
          const once = JSON.stringify(c.state);
          for (const { event, ...d } of events) c.handle(event, d as WebRequestDetails);
          if (JSON.stringify(c.state.chains) !== JSON.stringify(JSON.parse(once).chains)) fail('replaying the same events changed the state');
          analyze(c.observations());
        },
      ) as unknown as AnyProperty,
  },
  {
    area: 'reports',
    name: 'text, JSON and Markdown reports stay valid and inert for any analysed traffic',
    property: () =>
      fc.property(observations, browser, fc.boolean(), (obs, b, includeSecrets) => {
        const list = analyze(obs, { browser: b, includeSameOrigin: true });
        const json = toJsonReport(list, { includeSecrets });
        if ((JSON.parse(json) as { exchanges: unknown[] }).exchanges.length !== list.length) fail('JSON report lost exchanges');
        const md = toMarkdownReport(list, { includeSecrets }).replace(/(`{3,})[^\n]*\n[\s\S]*?\n\1/g, '');
        if (/<(img|script)\b/i.test(md)) fail('live HTML in the Markdown report');
        const text = toTextReport(list, { includeSecrets, browser: b });
        if (/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(text)) fail('control character in the text report');
        if (!includeSecrets && /s3cr3t/.test(json + text)) fail('a token survived redaction');
      }) as unknown as AnyProperty,
  },
  ...ROBUST_PROPERTIES,
];
