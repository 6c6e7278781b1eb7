/**
 * Initiators: the browser's own CORS-mode subresource loads — module scripts (and their static
 * and dynamic imports, modulepreload), <script crossorigin>, fonts, <link rel=stylesheet
 * crossorigin>, preload as=fetch, <img crossorigin>, <audio>/<video crossorigin>, EventSource,
 * navigator.sendBeacon and fetch keepalive. Each has a passing variant and the typical failures;
 * expectations were recorded from real Chromium and Firefox (`npm run verify:lab`).
 */
import type { RequestSpec, RequestVia, ResponseSpec, Scenario } from '../scenario-types';
import type { HeaderPairs } from './build';
import { ACAC, ACAO, FF_DID_NOT_SUCCEED, REFLECT, REFLECT_CRED, allowed, answer, blocked, outcome, preflight, step } from './build';

const JS: [string, string] = ['Content-Type', 'text/javascript; charset=utf-8'];
const CSS: [string, string] = ['Content-Type', 'text/css; charset=utf-8'];
const SSE: [string, string] = ['Content-Type', 'text/event-stream'];

const MODULE_BODY = 'export const loaded = true;\n';
const CLASSIC_BODY = 'void 0;\n';
const CSS_BODY = '.lab-subresource-probe { color: rgb(1, 2, 3); }\n';
const SSE_BODY = 'data: hello\n\n';

/** The body and Content-Type a `via` needs so that a load passing CORS really succeeds. */
function content(via: RequestVia): { headers: HeaderPairs; body?: string; asset?: ResponseSpec['asset'] } {
  switch (via) {
    case 'module-script':
    case 'static-import':
    case 'dynamic-import':
    case 'modulepreload':
      return { headers: [JS], body: MODULE_BODY };
    case 'script-crossorigin':
      return { headers: [JS], body: CLASSIC_BODY };
    case 'stylesheet':
      return { headers: [CSS], body: CSS_BODY };
    case 'font-face':
    case 'font-api':
    case 'preload-font':
      return { headers: [], asset: 'font' };
    case 'img':
      return { headers: [], asset: 'png' };
    case 'audio':
    case 'video':
      return { headers: [], asset: 'wav' };
    case 'eventsource':
      return { headers: [SSE, ['Cache-Control', 'no-store']], body: SSE_BODY };
    default:
      return { headers: [], body: 'ok' };
  }
}

/** A response for `via` with these CORS headers (and the body the initiator needs). */
function served(via: RequestVia, cors: HeaderPairs, status = 200): ResponseSpec {
  const c = content(via);
  const r: ResponseSpec = { status, headers: [...cors, ...c.headers] };
  if (c.body !== undefined) r.body = c.body;
  if (c.asset) r.asset = c.asset;
  return r;
}

/** The typical answers: what the server's CORS headers say. */
const FAULTS = {
  ok: REFLECT,
  okCred: REFLECT_CRED,
  missing: [] as HeaderPairs,
  mismatch: [[ACAO, 'http://app.example.com']] as HeaderPairs,
  wildcardCred: [
    [ACAO, '*'],
    [ACAC, 'true'],
  ] as HeaderPairs,
  acacMissing: REFLECT,
};

const EXPECT = {
  ok: allowed(),
  missing: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  mismatch: blocked('AllowOriginMismatch', ['CORSAllowOriginNotMatchingOrigin'], 'http://app.example.com'),
  wildcardCred: blocked('WildcardOriginNotAllowed', ['CORSNotSupportingCredentials'], ''),
  acacMissing: blocked('InvalidAllowCredentials', ['CORSMissingAllowCredentials'], ''),
};

type Variant = keyof typeof EXPECT;

const VARIANT_TEXT: Record<Variant, { title: string; description: string; headers: HeaderPairs; credentialed: boolean }> = {
  ok: { title: 'allowed', description: 'The server reflects the origin: the load passes.', headers: FAULTS.ok, credentialed: false },
  missing: { title: 'no Allow-Origin', description: 'The server sends no Access-Control-Allow-Origin.', headers: FAULTS.missing, credentialed: false },
  mismatch: {
    title: 'Allow-Origin names another site',
    description: 'Access-Control-Allow-Origin: http://app.example.com (a static value for another site).',
    headers: FAULTS.mismatch,
    credentialed: false,
  },
  wildcardCred: {
    title: "credentialed, Allow-Origin '*'",
    description: "A credentialed load answered with Access-Control-Allow-Origin: * (and Allow-Credentials: true): '*' never works with credentials.",
    headers: FAULTS.wildcardCred,
    credentialed: true,
  },
  acacMissing: {
    title: 'credentialed, no Allow-Credentials',
    description: 'A credentialed load answered with the exact origin but without Access-Control-Allow-Credentials: true.',
    headers: FAULTS.acacMissing,
    credentialed: true,
  },
};

interface Initiator {
  via: RequestVia;
  /** Scenario id stem: `sub-{stem}-{variant}`. */
  stem: string;
  group: string;
  /** How the page makes the request, for titles: `<script type="module">`. */
  what: string;
  variants: Variant[];
  /** The credentialed variants' title word (`use-credentials`, `withCredentials`). */
  credentialsWord?: string;
}

const VARIANT_IDS: Record<Variant, string> = {
  ok: 'ok',
  missing: 'acao-missing',
  mismatch: 'acao-mismatch',
  wildcardCred: 'wildcard-cred',
  acacMissing: 'acac-missing',
};

/** Initiators whose failure is the main request itself (one request per run). */
const SIMPLE: Initiator[] = [
  { via: 'module-script', stem: 'module-script', group: 'I-script', what: '<script type="module">', variants: ['ok', 'missing', 'mismatch', 'wildcardCred'], credentialsWord: 'crossorigin="use-credentials"' },
  { via: 'dynamic-import', stem: 'dynamic-import', group: 'I-script', what: 'import(url)', variants: ['ok', 'missing', 'mismatch'] },
  { via: 'modulepreload', stem: 'modulepreload', group: 'I-script', what: '<link rel="modulepreload">', variants: ['ok', 'missing'] },
  { via: 'script-crossorigin', stem: 'script-crossorigin', group: 'I-script', what: '<script crossorigin>', variants: ['ok', 'missing', 'wildcardCred'], credentialsWord: 'crossorigin="use-credentials"' },
  { via: 'font-face', stem: 'font-face', group: 'I-font', what: '@font-face', variants: ['ok', 'missing', 'mismatch'] },
  { via: 'font-api', stem: 'font-api', group: 'I-font', what: 'new FontFace()', variants: ['ok', 'missing'] },
  { via: 'preload-font', stem: 'preload-font', group: 'I-font', what: '<link rel="preload" as="font" crossorigin>', variants: ['ok', 'missing'] },
  { via: 'stylesheet', stem: 'stylesheet', group: 'I-style', what: '<link rel="stylesheet" crossorigin>', variants: ['ok', 'missing', 'wildcardCred'], credentialsWord: 'crossorigin="use-credentials"' },
  { via: 'preload-fetch', stem: 'preload-fetch', group: 'I-preload', what: '<link rel="preload" as="fetch" crossorigin>', variants: ['ok', 'missing'] },
  { via: 'img', stem: 'img', group: 'I-image', what: '<img crossorigin>', variants: ['ok', 'missing', 'mismatch', 'wildcardCred', 'acacMissing'], credentialsWord: 'crossorigin="use-credentials"' },
  { via: 'audio', stem: 'audio', group: 'I-media', what: '<audio crossorigin>', variants: ['ok', 'missing'] },
  { via: 'video', stem: 'video', group: 'I-media', what: '<video crossorigin>', variants: ['ok', 'missing', 'wildcardCred'], credentialsWord: 'crossorigin="use-credentials"' },
  { via: 'eventsource', stem: 'eventsource', group: 'I-eventsource', what: 'new EventSource()', variants: ['ok', 'missing', 'mismatch', 'wildcardCred', 'acacMissing'], credentialsWord: 'withCredentials' },
  { via: 'keepalive', stem: 'keepalive', group: 'I-keepalive', what: 'fetch(url, {keepalive: true})', variants: ['ok', 'missing', 'wildcardCred'], credentialsWord: "credentials: 'include'" },
];

function simpleScenario(i: Initiator, v: Variant): Scenario {
  const t = VARIANT_TEXT[v];
  const request: RequestSpec = { target: 'api', method: 'GET', via: i.via };
  if (t.credentialed) request.credentials = 'include';
  const okHeaders = t.credentialed && v === 'ok' ? FAULTS.okCred : t.headers;
  const credTitle = t.credentialed && i.credentialsWord ? ` (${i.credentialsWord})` : '';
  return {
    id: `sub-${i.stem}-${VARIANT_IDS[v]}`,
    title: `${i.what}${credTitle}: ${t.title}`,
    group: i.group,
    description: `${i.what} loads a cross-origin resource. ${t.description}`,
    request,
    server: { main: step(served(i.via, okHeaders)) },
    expect: EXPECT[v],
  };
}

/** Firefox blocks a keepalive fetch without printing any console line (Firefox 153 ESR). */
function firefoxQuirks(s: Scenario): Scenario {
  if (s.request.via !== 'keepalive' || s.expect.outcome !== 'blocked') return s;
  return { ...s, expect: { ...s.expect, firefoxKeys: [] } };
}

const simple: Scenario[] = SIMPLE.flatMap((i) => i.variants.map((v) => firefoxQuirks(simpleScenario(i, v))));

/** Credentialed passing variants (the exact origin + Allow-Credentials: true). */
const credentialedOk: Scenario[] = (
  [
    ['img', 'I-image', '<img crossorigin="use-credentials">'],
    ['eventsource', 'I-eventsource', 'new EventSource(url, {withCredentials: true})'],
    ['module-script', 'I-script', '<script type="module" crossorigin="use-credentials">'],
  ] as Array<[RequestVia, string, string]>
).map(([via, group, what]) => ({
  id: `sub-${via}-cred-ok`,
  title: `${what}: allowed`,
  group,
  description: `${what} loads a credentialed cross-origin resource; the server sends the exact origin and Access-Control-Allow-Credentials: true.`,
  request: { target: 'api', method: 'GET', via, credentials: 'include' },
  server: { main: step(served(via, REFLECT_CRED)) },
  expect: allowed(),
}));

/** A module whose own load passes and whose static `import` of step `dep` does or does not. */
function staticImport(variant: 'ok' | 'missing'): Scenario {
  const id = `sub-static-import-${VARIANT_IDS[variant]}`;
  const importer = served('module-script', REFLECT);
  importer.body = `import { loaded } from '{api}/s/${id}/dep?n={nonce}';\nexport const importerLoaded = loaded;\n`;
  return {
    id,
    title: `static import: ${VARIANT_TEXT[variant].title}`,
    group: 'I-script',
    description: `A cross-origin module (allowed) statically imports another module on the API. ${VARIANT_TEXT[variant].description} (on the imported module)`,
    request: { target: 'api', method: 'GET', via: 'static-import' },
    server: { main: step(importer), dep: step(served('module-script', VARIANT_TEXT[variant].headers)) },
    expect: EXPECT[variant],
  };
}

const BEACON_JSON = { 'Content-Type': 'application/json' };

/** sendBeacon: a Blob of a non-safelisted type is preflighted and always credentialed. */
const beacons: Scenario[] = [
  {
    id: 'sub-beacon-json-ok',
    title: 'sendBeacon(JSON Blob): allowed',
    group: 'I-beacon',
    description: 'A beacon with an application/json Blob: preflighted, credentials always included; the server answers both with the exact origin and Allow-Credentials.',
    request: { target: 'api', method: 'POST', via: 'beacon', headers: BEACON_JSON, body: '{"event":"lab"}' },
    server: { main: step(answer(200, REFLECT_CRED), preflight({ credentials: true, headers: 'Content-Type' })) },
    expect: allowed({ preflights: 1 }),
  },
  {
    id: 'sub-beacon-json-preflight-no-route',
    title: 'sendBeacon(JSON Blob): no OPTIONS route',
    group: 'I-beacon',
    description: 'The beacon is preflighted, and the server has no OPTIONS handler (plain 404).',
    request: { target: 'api', method: 'POST', via: 'beacon', headers: BEACON_JSON, body: '{"event":"lab"}' },
    server: { main: step(answer(200, REFLECT_CRED)) },
    expect: blocked('PreflightMissingAllowOriginHeader', ['CORSMissingAllowOrigin2', FF_DID_NOT_SUCCEED], '', { preflights: 1 }),
  },
  {
    id: 'sub-beacon-json-preflight-wildcard',
    title: "sendBeacon(JSON Blob): preflight allows '*'",
    group: 'I-beacon',
    description: "The preflight answers Access-Control-Allow-Origin: * — a beacon is always credentialed, so '*' fails.",
    request: { target: 'api', method: 'POST', via: 'beacon', headers: BEACON_JSON, body: '{"event":"lab"}' },
    server: { main: step(answer(200, [[ACAO, '*']]), preflight({ acao: '*', headers: 'Content-Type' })) },
    expect: blocked('PreflightWildcardOriginNotAllowed', ['CORSNotSupportingCredentials', FF_DID_NOT_SUCCEED], '', { preflights: 1 }),
  },
  {
    id: 'sub-beacon-json-acac-missing',
    title: 'sendBeacon(JSON Blob): no Allow-Credentials',
    group: 'I-beacon',
    description: 'Preflight and response name the exact origin but never send Access-Control-Allow-Credentials: true, which every beacon needs.',
    request: { target: 'api', method: 'POST', via: 'beacon', headers: BEACON_JSON, body: '{"event":"lab"}' },
    server: { main: step(answer(200, REFLECT), preflight({ headers: 'Content-Type' })) },
    expect: blocked('PreflightInvalidAllowCredentials', ['CORSMissingAllowCredentials', FF_DID_NOT_SUCCEED], '', { preflights: 1 }),
  },
  {
    id: 'sub-beacon-text',
    title: 'sendBeacon(string): no CORS at all',
    group: 'I-beacon',
    description: 'A beacon with a text/plain body goes out in no-cors mode: no preflight, no CORS check, the missing Allow-Origin does not matter.',
    request: { target: 'api', method: 'POST', via: 'beacon', mode: 'no-cors', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'event=lab' },
    server: { main: step(answer(200, [])) },
    expect: outcome('opaque', [], { preflights: 0 }),
  },
];

/** fetch keepalive with a preflight (a JSON PUT). */
const keepalivePreflight: Scenario = {
  id: 'sub-keepalive-preflight-no-route',
  title: 'fetch keepalive PUT JSON: no OPTIONS route',
  group: 'I-keepalive',
  description: 'A keepalive fetch that needs a preflight; the server has no OPTIONS handler.',
  request: { target: 'api', method: 'PUT', via: 'keepalive', headers: { 'Content-Type': 'application/json' }, body: '{}' },
  server: { main: step(answer(200, REFLECT)) },
  // Firefox prints nothing for a keepalive fetch it blocks.
  expect: blocked('PreflightMissingAllowOriginHeader', [], '', { preflights: 1 }),
};

export const subresourceScenarios: Scenario[] = [
  ...simple,
  ...credentialedOk,
  staticImport('ok'),
  staticImport('missing'),
  ...beacons,
  keepalivePreflight,
];

export const SUBRESOURCE_GROUP_TITLES: Record<string, string> = {
  'I-script': 'Initiators · scripts and modules',
  'I-font': 'Initiators · fonts',
  'I-style': 'Initiators · stylesheets',
  'I-preload': 'Initiators · preload as=fetch',
  'I-image': 'Initiators · images',
  'I-media': 'Initiators · audio and video',
  'I-eventsource': 'Initiators · EventSource',
  'I-beacon': 'Initiators · sendBeacon',
  'I-keepalive': 'Initiators · fetch keepalive',
};

export const SUBRESOURCE_GROUPS = Object.keys(SUBRESOURCE_GROUP_TITLES);
