/**
 * Requests made outside the lab page's own script: dedicated (classic and module) and shared
 * workers, the page's service worker (its own requests, and a page fetch it answers with
 * respondWith(fetch(event.request))), a cross-origin iframe, and the opaque-origin documents
 * (sandboxed iframe, data: URL) that send `Origin: null`. Each context gets a passing variant and
 * the typical failures: no ACAO, ACAO for another origin, `*` with credentials, a failing preflight.
 */
import type { LabContext } from '../contexts/types';
import type { RequestSpec, Scenario, ScenarioExpectation } from '../scenario-types';

import { ACAO, REFLECT, allowed, answer, blocked, preflight, step } from './build';

export const CONTEXT_GROUPS: Record<string, string> = {
  workers: 'Workers · dedicated, module and shared workers',
  'service-worker': 'Service worker · its own requests and the ones it answers for the page',
  frames: 'Frames · cross-origin iframe',
  'opaque-origin': "Opaque origins · sandboxed iframe and data: document (Origin: null)",
};

const MISMATCH = 'CORSAllowOriginNotMatchingOrigin';
const MISSING = 'CORSMissingAllowOrigin2';
const DID_NOT_SUCCEED = 'CORSDidNotSucceed2';

interface ContextInfo {
  context: LabContext;
  group: string;
  /** Short id prefix and the words for titles. */
  key: string;
  label: string;
  /** The origin the request carries: the page's, the frame's own, or `null`. */
  opaque?: boolean;
  /** ACAO naming an origin that is not the request's (the typical mistake in this context). */
  mismatchValue: string;
  mismatchWhy: string;
}

const CONTEXTS: ContextInfo[] = [
  { context: 'dedicated-worker', group: 'workers', key: 'worker', label: 'Dedicated worker', mismatchValue: 'http://app.example.com', mismatchWhy: 'a static value for another site' },
  { context: 'module-worker', group: 'workers', key: 'module-worker', label: 'Module worker', mismatchValue: 'http://app.example.com', mismatchWhy: 'a static value for another site' },
  { context: 'shared-worker', group: 'workers', key: 'shared-worker', label: 'Shared worker', mismatchValue: 'http://app.example.com', mismatchWhy: 'a static value for another site' },
  { context: 'service-worker', group: 'service-worker', key: 'sw', label: 'Service worker', mismatchValue: 'http://app.example.com', mismatchWhy: 'a static value for another site' },
  { context: 'sw-passthrough', group: 'service-worker', key: 'sw-passthrough', label: 'Page fetch through the service worker', mismatchValue: 'http://app.example.com', mismatchWhy: 'a static value for another site' },
  { context: 'cross-origin-frame', group: 'frames', key: 'frame', label: 'Cross-origin iframe', mismatchValue: '{page}', mismatchWhy: "the top page's origin, not the frame's" },
  { context: 'sandboxed-frame', group: 'opaque-origin', key: 'sandboxed', label: 'Sandboxed iframe', opaque: true, mismatchValue: '{page}', mismatchWhy: "the page's origin, but a sandboxed frame sends Origin: null" },
  { context: 'data-frame', group: 'opaque-origin', key: 'data-frame', label: 'data: URL iframe', opaque: true, mismatchValue: '{page}', mismatchWhy: "the page's origin, but a data: document sends Origin: null" },
];

interface Case {
  key: string;
  title: string;
  description: (c: ContextInfo) => string;
  request: (c: ContextInfo) => RequestSpec;
  server: (c: ContextInfo) => Scenario['server'];
  expect: (c: ContextInfo) => ScenarioExpectation;
}

const get = (c: ContextInfo, extra: Partial<RequestSpec> = {}): RequestSpec => ({ target: 'api', method: 'GET', context: c.context, ...extra });
const put = (c: ContextInfo): RequestSpec => get(c, { method: 'PUT', headers: { 'X-Custom': '1' }, body: 'x' });

const CASES: Case[] = [
  {
    key: 'ok',
    title: 'allowed',
    description: (c) => (c.opaque ? 'The API answers Access-Control-Allow-Origin: * (an opaque origin matches nothing else).' : 'The API reflects the Origin the request carries.'),
    request: (c) => get(c),
    server: (c) => ({ main: step(answer(200, c.opaque ? [[ACAO, '*']] : REFLECT)) }),
    expect: () => allowed(),
  },
  {
    key: 'acao-missing',
    title: 'no Allow-Origin',
    description: () => 'The response has no Access-Control-Allow-Origin.',
    request: (c) => get(c),
    server: () => ({ main: step(answer(200, [])) }),
    expect: () => blocked('MissingAllowOriginHeader', [MISSING], ''),
  },
  {
    key: 'acao-mismatch',
    title: 'Allow-Origin for another origin',
    description: (c) => `Access-Control-Allow-Origin names ${c.mismatchWhy}.`,
    request: (c) => get(c),
    server: (c) => ({ main: step(answer(200, [[ACAO, c.mismatchValue], ['Vary', 'Origin']])) }),
    expect: (c) => blocked('AllowOriginMismatch', [MISMATCH], c.mismatchValue),
  },
  {
    key: 'wildcard-cred',
    title: '* with credentials',
    description: () => "credentials: 'include' and Access-Control-Allow-Origin: *.",
    request: (c) => get(c, { credentials: 'include' }),
    server: () => ({ main: step(answer(200, [[ACAO, '*']])) }),
    expect: () => blocked('WildcardOriginNotAllowed', ['CORSNotSupportingCredentials'], ''),
  },
  {
    key: 'preflight-no-route',
    title: 'preflight without a route',
    description: () => 'A PUT with X-Custom is preflighted; the OPTIONS request gets a bare 404.',
    request: (c) => put(c),
    server: () => ({ main: step(answer(200, REFLECT), answer(404, [])) }),
    expect: () => blocked('PreflightMissingAllowOriginHeader', [MISSING, DID_NOT_SUCCEED], ''),
  },
  {
    key: 'preflight-ok',
    title: 'preflighted PUT, allowed',
    description: (c) => `A PUT with X-Custom whose preflight allows it${c.opaque ? ' (Access-Control-Allow-Origin: null, risky: any opaque origin matches it)' : ''}.`,
    request: (c) => put(c),
    server: () => ({ main: step(answer(200, REFLECT), preflight({ headers: 'X-Custom' })) }),
    expect: () => allowed(),
  },
];

/**
 * A page fetch its service worker answers: Firefox logs the worker's reason in the worker's
 * console, then "CORS request did not succeed" in the page's (verified in Firefox ESR 140).
 */
function firefoxThroughWorker(c: ContextInfo, e: ScenarioExpectation): ScenarioExpectation {
  if (c.context !== 'sw-passthrough' || e.outcome !== 'blocked') return e;
  const keys = e.firefoxKeys ?? [];
  return keys.includes(DID_NOT_SUCCEED) ? e : { ...e, firefoxKeys: [...keys, DID_NOT_SUCCEED] };
}

function scenarioFor(c: ContextInfo, k: Case): Scenario {
  return {
    id: `${c.key}-${k.key}`,
    title: `${c.label}: ${k.title}`,
    group: c.group,
    description: k.description(c),
    request: k.request(c),
    server: k.server(c),
    expect: firefoxThroughWorker(c, k.expect(c)),
  };
}

const extra = (c: ContextInfo | undefined, s: Omit<Scenario, 'group'>): Scenario[] => (c ? [{ ...s, group: c.group }] : []);
const worker = CONTEXTS.find((c) => c.context === 'dedicated-worker');

/** XHR and importScripts exist only in some contexts: a few extra scenarios for them. */
const specific: Scenario[] = [
  ...extra(worker, {
    id: 'worker-xhr-acao-missing',
    title: 'Dedicated worker: XHR, no Allow-Origin',
    description: 'XMLHttpRequest from a dedicated worker; the response has no Access-Control-Allow-Origin.',
    request: { target: 'api', method: 'GET', via: 'xhr', context: 'dedicated-worker' },
    server: { main: step(answer(200, [])) },
    expect: blocked('MissingAllowOriginHeader', [MISSING], ''),
  }),
  ...extra(worker, {
    id: 'worker-import-scripts-no-cors',
    title: 'Dedicated worker: importScripts from the API',
    description: 'importScripts() loads a classic script in no-cors mode: no CORS headers needed.',
    request: { target: 'api', method: 'GET', via: 'import-scripts', mode: 'no-cors', context: 'dedicated-worker' },
    server: { main: step(answer(200, [['Content-Type', 'text/javascript']], '/* imported */')) },
    expect: { outcome: 'opaque', corsError: null, firefoxKeys: [] },
  }),
];

export const contextScenarios: Scenario[] = [...CONTEXTS.flatMap((c) => CASES.map((k) => scenarioFor(c, k))), ...specific];



