import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDiff, synthesizePolicy, type FixPolicy, type HeaderChange } from '../../../../src/core/policy';
import { API, INCLUDE, PAGE, exchange, verdict, type ExchangeSpec } from './build';
import type { Verdict } from '../../../../src/core/model';
import { REASON_IDS } from '../../../../src/core/reasons';

type Expect = {
  kind: FixPolicy['kind'];
  /** Each regex must match some step. */
  steps?: RegExp[];
  origins?: string[];
  methods?: string[];
  headers?: string[];
  credentials?: boolean;
  preflight?: boolean;
  /** Changes that must be present (subset match). */
  diff?: Array<Partial<HeaderChange>>;
  noDiff?: boolean;
  client?: { before?: RegExp; after?: RegExp };
};

interface Case {
  reason: string;
  spec: ExchangeSpec;
  v?: Partial<Verdict>;
  expect: Expect;
}

const JSON_PUT: ExchangeSpec = { method: 'PUT', requestHeaders: [['Content-Type', 'application/json']] };
const GOOD_PREFLIGHT: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', PAGE],
  ['Access-Control-Allow-Methods', 'PUT'],
  ['Access-Control-Allow-Headers', 'content-type'],
];

const CASES: Case[] = [
  {
    reason: 'acao-missing',
    spec: { actual: { status: 200, headers: [['Content-Type', 'application/json']] } },
    expect: { kind: 'server-headers', origins: [PAGE], methods: ['GET'], preflight: false, diff: [{ response: 'actual', action: 'add', name: 'Access-Control-Allow-Origin', to: PAGE, required: true }] },
  },
  {
    reason: 'acao-missing',
    spec: { actual: { status: 500 } },
    expect: { kind: 'server-behaviour', steps: [/HTTP 500/, /error responses carry the CORS headers/], diff: [{ action: 'add', name: 'Access-Control-Allow-Origin' }] },
  },
  {
    reason: 'acao-missing',
    spec: { method: 'patch', actual: { status: 400 } },
    expect: { kind: 'client', methods: ['PATCH'], client: { before: /method: 'patch'/, after: /method: 'PATCH'/ } },
  },
  {
    reason: 'acao-wildcard-with-credentials',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']] } },
    v: INCLUDE,
    expect: { kind: 'server-headers', credentials: true, steps: [/wildcard|`\*`/], diff: [{ action: 'set', name: 'Access-Control-Allow-Origin', from: '*', to: PAGE, required: true }, { name: 'Vary', action: 'add' }] },
  },
  {
    reason: 'acao-multiple-values',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', PAGE]] } },
    expect: { kind: 'server-headers', steps: [/two layers/i], diff: [{ action: 'remove-duplicate', name: 'Access-Control-Allow-Origin', from: `${PAGE}, ${PAGE}` }] },
  },
  {
    reason: 'acao-invalid-value',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', 'localhost:5173']] } },
    expect: { kind: 'server-headers', steps: [/lacks the scheme/], diff: [{ action: 'set', from: 'localhost:5173', to: PAGE }] },
  },
  {
    reason: 'acao-mismatch',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', `${PAGE}/`]] } },
    expect: { kind: 'server-headers', steps: [/trailing slash/], diff: [{ action: 'set', name: 'Access-Control-Allow-Origin', from: `${PAGE}/`, to: PAGE }] },
  },
  {
    reason: 'acac-invalid',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'True']] } },
    v: INCLUDE,
    expect: { kind: 'server-headers', credentials: true, diff: [{ action: 'set', name: 'Access-Control-Allow-Credentials', from: 'True', to: 'true', required: true }] },
  },
  {
    reason: 'preflight-acao-missing',
    spec: { ...JSON_PUT, preflight: { status: 401 }, actualNeverSent: true },
    expect: {
      kind: 'server-behaviour', preflight: true, methods: ['PUT'], headers: ['content-type'], steps: [/before authentication/],
      diff: [
        { response: 'preflight', name: ':status', from: '401', to: '204', required: true },
        { response: 'preflight', action: 'add', name: 'Access-Control-Allow-Origin', to: PAGE },
        { response: 'preflight', action: 'add', name: 'Access-Control-Allow-Methods', to: 'PUT' },
        { response: 'preflight', action: 'add', name: 'Access-Control-Allow-Headers', to: 'content-type' },
        { response: 'preflight', action: 'add', name: 'Access-Control-Max-Age', to: '600', required: false },
        { response: 'actual', action: 'add', name: 'Access-Control-Allow-Origin', observed: false },
      ],
    },
  },
  {
    reason: 'preflight-acao-missing',
    spec: { ...JSON_PUT, preflight: { status: 204 }, actualNeverSent: true },
    expect: { kind: 'server-headers', diff: [{ response: 'preflight', action: 'add', name: 'Access-Control-Allow-Origin' }] },
  },
  {
    reason: 'preflight-acao-wildcard-with-credentials',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type'], ['Access-Control-Allow-Credentials', 'true']] }, actualNeverSent: true },
    v: INCLUDE,
    expect: { kind: 'server-headers', credentials: true, diff: [{ response: 'preflight', action: 'set', name: 'Access-Control-Allow-Origin', from: '*', to: PAGE }] },
  },
  {
    reason: 'preflight-acao-multiple-values',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', diff: [{ response: 'preflight', action: 'remove-duplicate', name: 'Access-Control-Allow-Origin' }] },
  },
  {
    reason: 'preflight-acao-invalid-value',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', 'true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', diff: [{ response: 'preflight', action: 'set', name: 'Access-Control-Allow-Origin', from: 'true', to: PAGE }] },
  },
  {
    reason: 'preflight-acao-mismatch',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', 'https://other.example'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', diff: [{ response: 'preflight', action: 'set', from: 'https://other.example', to: PAGE }] },
  },
  {
    reason: 'preflight-acac-invalid',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: GOOD_PREFLIGHT }, actualNeverSent: true },
    v: INCLUDE,
    expect: { kind: 'server-headers', credentials: true, steps: [/OPTIONS answer needs it too/], diff: [{ response: 'preflight', action: 'add', name: 'Access-Control-Allow-Credentials', to: 'true', required: true }] },
  },
  {
    reason: 'preflight-non-ok-status',
    spec: { ...JSON_PUT, preflight: { status: 405, headers: GOOD_PREFLIGHT }, actualNeverSent: true },
    expect: { kind: 'server-behaviour', steps: [/HTTP 405/], diff: [{ response: 'preflight', name: ':status', from: '405', to: '204' }] },
  },
  {
    reason: 'preflight-redirect',
    spec: { ...JSON_PUT, url: `${API}/api/items`, preflight: { status: 301, headers: [['Location', '/api/items/']], redirectUrl: `${API}/api/items/` }, actualNeverSent: true },
    expect: {
      kind: 'client', steps: [/never follow redirects/, /do not redirect OPTIONS/],
      client: { before: /\/api\/items'/, after: /\/api\/items\/'/ },
      diff: [{ response: 'preflight', name: ':status', from: '301', to: '204' }],
    },
  },
  {
    reason: 'preflight-acam-unparsable',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET PUT'], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', steps: [/cannot be parsed/], diff: [{ response: 'preflight', action: 'set', name: 'Access-Control-Allow-Methods', from: 'GET PUT', to: 'PUT', required: true }] },
  },
  {
    reason: 'preflight-acah-unparsable',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'Content Type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', diff: [{ response: 'preflight', action: 'set', name: 'Access-Control-Allow-Headers', from: 'Content Type', to: 'content-type' }] },
  },
  {
    reason: 'preflight-method-not-allowed',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    expect: { kind: 'server-headers', methods: ['PUT'], diff: [{ response: 'preflight', action: 'set', name: 'Access-Control-Allow-Methods', from: 'GET, POST', to: 'GET, POST, PUT', required: true }] },
  },
  {
    reason: 'preflight-method-not-allowed',
    spec: { method: 'patch', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PATCH']] }, actualNeverSent: true },
    expect: { kind: 'client', methods: ['PATCH'], steps: [/case-sensitive/, /list `patch` exactly/], client: { before: /'patch'/, after: /'PATCH'/ } },
  },
  {
    reason: 'preflight-method-not-allowed',
    spec: { method: 'DELETE', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', '*']] }, actualNeverSent: true },
    v: INCLUDE,
    expect: { kind: 'server-headers', steps: [/literal name/], diff: [{ response: 'preflight', name: 'Access-Control-Allow-Methods', from: '*', to: 'DELETE' }] },
  },
  {
    reason: 'preflight-header-not-allowed',
    spec: { method: 'POST', requestHeaders: [['Content-Type', 'application/json'], ['X-Trace', 'abc'], ['Authorization', 'Bearer s3cr3t']], preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'content-type']] }, actualNeverSent: true },
    v: { failedParameter: 'authorization' },
    expect: { kind: 'server-headers', headers: ['authorization', 'content-type', 'x-trace'], diff: [{ response: 'preflight', name: 'Access-Control-Allow-Headers', from: 'content-type', to: 'content-type, authorization, x-trace', required: true }] },
  },
  {
    reason: 'preflight-network-failure',
    spec: { ...JSON_PUT, preflight: { status: 0, error: 'net::ERR_CONNECTION_REFUSED' }, actualNeverSent: true },
    expect: { kind: 'server-behaviour', steps: [/not running there/], noDiff: true },
  },
  {
    reason: 'redirect-hop-cors-check-failed',
    spec: { actual: { status: 302, headers: [['Location', 'https://cdn.example/file.json']], redirectUrl: 'https://cdn.example/file.json' } },
    expect: { kind: 'client', steps: [/redirect response/], client: { after: /cdn\.example\/file\.json/ }, diff: [{ response: 'redirect', name: 'Access-Control-Allow-Origin', action: 'add' }] },
  },
  {
    reason: 'redirect-tainted-origin',
    spec: {
      actual: { status: 302, headers: [['Access-Control-Allow-Origin', PAGE], ['Location', 'https://cdn.example/f']], redirectUrl: 'https://cdn.example/f' },
      more: [{ url: 'https://cdn.example/f', origin: null, status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] }],
    },
    v: { hop: 1 },
    expect: { kind: 'client', origins: [PAGE], steps: [/Origin: null/], client: { before: /localhost:8081/, after: /cdn\.example\/f/ }, noDiff: true },
  },
  {
    // A sandboxed iframe (or file:, data:) sends Origin: null from the start: fixed on the page, never by allowing null.
    reason: 'opaque-origin-mismatch',
    spec: { origin: null, actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] } },
    expect: { kind: 'client', steps: [/Origin: null/, /serve|sandbox/i], noDiff: true },
  },
  {
    reason: 'redirect-target-acao-missing',
    spec: {
      actual: { status: 302, headers: [['Access-Control-Allow-Origin', PAGE]], redirectUrl: 'https://cdn.example/f' },
      more: [{ url: 'https://cdn.example/f', origin: null, status: 200 }],
    },
    v: { hop: 1 },
    expect: { kind: 'client', origins: [PAGE], steps: [/Call https:\/\/cdn.example\/f directly/] },
  },
  {
    reason: 'redirect-target-acao-missing',
    spec: {
      url: `${PAGE}/api/file`,
      actual: { status: 302, redirectUrl: 'https://cdn.example/f' },
      more: [{ url: 'https://cdn.example/f', status: 200 }],
    },
    v: { hop: 1 },
    expect: { kind: 'server-headers', origins: [PAGE], diff: [{ response: 'actual', hop: 1, name: 'Access-Control-Allow-Origin', action: 'add' }] },
  },
  {
    reason: 'redirect-contains-credentials',
    spec: { actual: { status: 302, redirectUrl: 'https://user:pw@cdn.example/f' } },
    expect: { kind: 'server-behaviour', steps: [/user:password@/], noDiff: true },
  },
  {
    reason: 'redirect-non-http-scheme',
    spec: { actual: { status: 302, redirectUrl: 'myapp://callback' } },
    expect: { kind: 'server-behaviour', steps: [/non-HTTP URL/], noDiff: true },
  },
  {
    reason: 'mode-same-origin-violated',
    spec: {},
    expect: { kind: 'client', client: { before: /mode: 'same-origin'/ }, noDiff: true },
  },
  {
    reason: 'cors-disabled-scheme',
    spec: { origin: null, url: 'file:///home/me/data.json' },
    expect: { kind: 'client', origins: [], steps: [/http\.server/], client: { before: /file:/, after: /http:\/\/localhost/ } },
  },
  {
    reason: 'net-error-not-cors',
    spec: { url: 'http://localhost:9999/api/items', actual: { status: 0, error: 'net::ERR_CONNECTION_REFUSED' } },
    expect: { kind: 'server-behaviour', steps: [/localhost:9999: the server is not running there/, /not a CORS failure/], noDiff: true },
  },
  {
    reason: 'mixed-content',
    spec: { origin: 'https://app.example', url: 'http://api.example/v1/x' },
    expect: { kind: 'client', client: { before: /'http:\/\/api\.example\/v1\/x'/, after: /'https:\/\/api\.example\/v1\/x'/ }, noDiff: true },
  },
  {
    reason: 'opaque-no-cors-response',
    spec: { method: 'POST', actual: { status: 0 } },
    expect: { kind: 'client', steps: [/opaque response/], client: { before: /mode: 'no-cors'/, after: /^fetch\('[^']+', \{ method: 'POST' \}\)$/ } },
  },
  {
    reason: 'server-error-without-cors',
    spec: { actual: { status: 502 } },
    expect: { kind: 'server-behaviour', steps: [/HTTP 502 \(a proxy could not reach the application/], diff: [{ action: 'add', name: 'Access-Control-Allow-Origin', required: true }] },
  },
  { reason: 'navigation', spec: {}, expect: { kind: 'none', noDiff: true, steps: [/navigation/] } },
  { reason: 'orb-corb', spec: {}, expect: { kind: 'client', noDiff: true, steps: [/Opaque Response Blocking/] } },
  { reason: 'csp-connect-src', spec: {}, expect: { kind: 'client', noDiff: true, steps: [/connect-src/] } },
  { reason: 'corp-blocked', spec: {}, expect: { kind: 'server-behaviour', noDiff: true, steps: [/Cross-Origin-Resource-Policy/] } },
  { reason: 'coep-blocked', spec: {}, expect: { kind: 'server-behaviour', noDiff: true, steps: [/Cross-Origin-Embedder-Policy: require-corp/] } },
  { reason: 'mime-type-refused', spec: {}, expect: { kind: 'server-behaviour', noDiff: true, steps: [/text\/javascript|text\/event-stream/] } },
  { reason: 'lna-insecure-context', spec: { actual: { status: 0, error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' } }, expect: { kind: 'client', noDiff: true, steps: [/https/] } },
  { reason: 'lna-permission-denied', spec: { actual: { status: 0, error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' } }, expect: { kind: 'client', noDiff: true, steps: [/Local Network Access/, /allow="local-network"/] } },
  { reason: 'blocked-by-client', spec: { actual: { status: 0, error: 'net::ERR_BLOCKED_BY_CLIENT' } }, expect: { kind: 'client', steps: [/extension/], noDiff: true } },
  { reason: 'request-canceled', spec: { actual: { status: 0, error: 'net::ERR_ABORTED' } }, expect: { kind: 'none', noDiff: true } },
  { reason: 'opaque-redirect', spec: { actual: { status: 302, error: 'net::ERR_ABORTED' } }, expect: { kind: 'none', noDiff: true, steps: [/redirect: 'manual'/] } },
  { reason: 'redirect-limit', spec: { actual: { status: 301, redirectUrl: `${API}/api/items` } }, expect: { kind: 'server-behaviour', steps: [/loop/], noDiff: true } },
  { reason: 'no-cors-redirect-mode-not-follow', spec: {}, expect: { kind: 'client', client: { before: /redirect: 'manual'/ }, noDiff: true } },
  { reason: 'websocket-no-cors', spec: { url: 'ws://localhost:8081/socket' }, expect: { kind: 'server-behaviour', steps: [/Origin header of the handshake/], noDiff: true } },
  {
    reason: 'ok',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } },
    expect: { kind: 'none', noDiff: true },
  },
  {
    reason: 'same-origin',
    spec: { url: `${PAGE}/api/items`, actual: { status: 200 } },
    expect: { kind: 'none', noDiff: true, steps: [/CORS does not apply/] },
  },
  {
    reason: 'unknown',
    spec: {},
    expect: { kind: 'none', noDiff: true, steps: [/Not enough was captured/] },
  },
  {
    reason: 'ok',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['X-Total-Count', '5']] } },
    v: { warnings: [{ id: 'warn-reflected-origin-without-vary', severity: 'warning', message: '' }, { id: 'warn-expose-headers-missing', severity: 'info', message: '' }] },
    expect: {
      kind: 'server-headers', steps: [/Vary: Origin/, /x-total-count/],
      diff: [{ name: 'Access-Control-Expose-Headers', to: 'x-total-count', required: false }, { name: 'Vary', to: 'Origin', required: false }],
    },
  },
  {
    reason: 'warn-authorization-wildcard',
    spec: { method: 'GET', requestHeaders: [['Authorization', 'Bearer abc']], preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']] }, actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } },
    expect: { kind: 'server-headers', headers: ['authorization'], steps: [/List `authorization` explicitly/], diff: [{ response: 'preflight', name: 'Access-Control-Allow-Headers', from: '*', to: '*, authorization', required: false }] },
  },
  {
    reason: 'warn-reflect-any-origin-with-credentials',
    spec: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']] } },
    v: INCLUDE,
    expect: { kind: 'none', steps: [/Security: .*allow-list/] },
  },
  {
    reason: 'warn-max-age-exceeds-cap',
    spec: { ...JSON_PUT, preflight: { status: 204, headers: [...GOOD_PREFLIGHT, ['Access-Control-Max-Age', '86400'], ['Vary', 'Origin']] }, actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Vary', 'Origin']] } },
    expect: { kind: 'server-headers', steps: [/use 600/], diff: [{ name: 'Access-Control-Max-Age', from: '86400', to: '600', required: false }] },
  },
  {
    reason: 'warn-lowercase-method',
    spec: { method: 'patch', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'patch']] }, actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] } },
    expect: { kind: 'client', methods: ['PATCH'], client: { after: /'PATCH'/ } },
  },
];

describe('synthesizePolicy: one case per reason', () => {
  it.each(CASES.map((c, i) => [`${c.reason} #${i}`, c] as const))('%s', (_name, c) => {
    const p = synthesizePolicy(exchange(c.spec), verdict(c.reason, c.v));
    const e = c.expect;
    expect(p.kind).toBe(e.kind);
    expect(p.reason).toBe(c.reason);
    for (const re of e.steps ?? []) expect(p.steps.some((s) => re.test(s)), `no step matches ${re}\n${p.steps.join('\n')}`).toBe(true);
    if (e.origins) expect(p.allowOrigins).toEqual(e.origins);
    if (e.methods) expect(p.allowMethods).toEqual(e.methods);
    if (e.headers) expect(p.allowHeaders).toEqual(e.headers);
    if (e.credentials !== undefined) expect(p.allowCredentials).toBe(e.credentials);
    if (e.preflight !== undefined) expect(p.preflight).toBe(e.preflight);
    for (const want of e.diff ?? []) expect(p.diff, JSON.stringify(p.diff, null, 1)).toContainEqual(expect.objectContaining(want));
    if (e.noDiff) expect(p.diff).toEqual([]);
    if (e.client) {
      expect(p.clientChange).toBeDefined();
      if (e.client.before) expect(p.clientChange?.before).toMatch(e.client.before);
      if (e.client.after) expect(p.clientChange?.after).toMatch(e.client.after);
    }
    // Invariants of every policy.
    expect(p.allowOrigins).not.toContain('*');
    expect(p.allowOrigins).not.toContain('null');
    for (const set of [p.responseHeaders.preflight, p.responseHeaders.actual]) {
      if (set['Access-Control-Allow-Origin'] !== undefined) expect(set['Access-Control-Allow-Origin']).toBe(p.allowOrigins[0]);
      if (Object.keys(set).length) expect(set.Vary).toBe('Origin');
    }
    if (p.maxAge !== undefined) expect(p.maxAge).toBeLessThanOrEqual(600);
    if (p.preflight) expect(p.preflightStatus).toBe(204);
    expect(p.steps.length).toBeGreaterThan(0);
  });

  it('covers every reason id the brief lists', () => {
    const ids = [
      'acao-missing', 'acao-wildcard-with-credentials', 'acao-multiple-values', 'acao-invalid-value', 'acao-mismatch', 'acac-invalid',
      'preflight-acao-missing', 'preflight-acao-wildcard-with-credentials', 'preflight-acao-multiple-values', 'preflight-acao-invalid-value',
      'preflight-acao-mismatch', 'preflight-acac-invalid', 'preflight-non-ok-status', 'preflight-redirect', 'preflight-acam-unparsable',
      'preflight-acah-unparsable', 'preflight-method-not-allowed', 'preflight-header-not-allowed', 'preflight-network-failure',
      'redirect-hop-cors-check-failed', 'redirect-tainted-origin', 'redirect-target-acao-missing', 'redirect-contains-credentials',
      'redirect-non-http-scheme', 'mode-same-origin-violated', 'cors-disabled-scheme', 'net-error-not-cors', 'mixed-content',
      'opaque-no-cors-response', 'ok', 'same-origin', 'unknown',
    ];
    // Plus every id the evaluator's reason registry knows.
    ids.push(...REASON_IDS);
    const covered = new Set(CASES.map((c) => c.reason));
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('synthesizePolicy: safety', () => {
  it('uses both credentials headers on preflight and actual when credentials are included', () => {
    const p = synthesizePolicy(exchange({ ...JSON_PUT, preflight: { status: 204 }, actualNeverSent: true }), verdict('preflight-acao-missing', INCLUDE));
    expect(p.responseHeaders.preflight).toMatchObject({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type', 'Access-Control-Max-Age': '600', Vary: 'Origin' });
    expect(p.responseHeaders.actual).toMatchObject({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
  });

  it('never allows the opaque origin null, and says so', () => {
    const p = synthesizePolicy(exchange({ origin: null, actual: { status: 200 } }), verdict('acao-missing'));
    expect(p.allowOrigins).toEqual([]);
    expect(p.rejected).toContain('null');
    expect(p.steps.join('\n')).toMatch(/origin is unknown/);
  });

  it('rejects a hostile origin instead of putting it in an allow-list', () => {
    const evil = "https://a.example'); alert(1); ('";
    const x = exchange({ origin: evil, actual: { status: 200 } });
    const p = synthesizePolicy(x, verdict('acao-missing'));
    expect(p.allowOrigins).toEqual([]);
    expect(p.rejected).toContain(evil);
  });

  it('keeps the method exactly as sent when it is not an odd-case standard method', () => {
    const p = synthesizePolicy(exchange({ method: 'PROPFIND', preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE]] }, actualNeverSent: true }), verdict('preflight-method-not-allowed'));
    expect(p.allowMethods).toEqual(['PROPFIND']);
    expect(p.clientChange).toBeUndefined();
  });

  it('redacts secrets in the curl reproduction request', () => {
    const p = synthesizePolicy(
      exchange({ url: `${API}/api/items?access_token=abc123&page=2`, method: 'POST', requestHeaders: [['Authorization', 'Bearer s3cr3t'], ['X-Api-Key', 'k3y'], ['Content-Type', 'application/json']], preflight: { status: 204 }, actualNeverSent: true }),
      verdict('preflight-acao-missing'),
    );
    const text = JSON.stringify(p.request);
    expect(text).not.toMatch(/s3cr3t|k3y|abc123/);
    expect(p.request.headers).toContainEqual({ name: 'Authorization', value: '[redacted]' });
    expect(p.request.headers).toContainEqual({ name: 'X-Api-Key', value: '[redacted]' });
    expect(p.request.url).toContain('page=2');
  });

  it('computes unsafe header names itself when no preflight was observed', () => {
    const x = exchange({ method: 'POST', requestHeaders: [['Content-Type', 'text/plain;charset=UTF-8'], ['Accept', 'application/json'], ['X-Requested-With', 'XMLHttpRequest'], ['Range', 'bytes=0-10,20-30']], actualNeverSent: true });
    const p = synthesizePolicy(x, verdict('preflight-acao-missing'));
    expect(p.allowHeaders).toEqual(['range', 'x-requested-with']);
    expect(p.preflight).toBe(true);
  });

  it('does not touch a passing `*` without credentials (minimal change)', () => {
    const p = synthesizePolicy(
      exchange({ ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET']] }, actualNeverSent: true }),
      verdict('preflight-method-not-allowed'),
    );
    expect(p.diff.find((c) => c.name === 'Access-Control-Allow-Origin')).toBeUndefined();
    expect(p.diff).toContainEqual(expect.objectContaining({ name: 'Access-Control-Allow-Methods', from: 'GET', to: 'GET, PUT' }));
  });

  it('does not crash on a malformed exchange', () => {
    const broken = { id: 'b', url: '::', method: '', hops: [], startTime: 0 } as never;
    const p = synthesizePolicy(broken, verdict('acao-missing', { hop: 7 }));
    expect(p.kind).toBeDefined();
    expect(Array.isArray(p.steps)).toBe(true);
  });

  it('describes the diff in plain language per response', () => {
    const p = synthesizePolicy(
      exchange({ ...JSON_PUT, preflight: { status: 204, headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET']] }, actual: { status: 200, headers: [['Access-Control-Allow-Origin', 'https://x.example']] } }),
      verdict('preflight-acao-multiple-values'),
    );
    const lines = describeDiff(p.diff);
    expect(lines[0]).toMatch(/^On the OPTIONS \(preflight\) response: remove the duplicate Access-Control-Allow-Origin .*; change Access-Control-Allow-Methods from GET to GET, PUT; add Access-Control-Allow-Headers: content-type/);
    expect(lines[1]).toMatch(/^On the PUT response: change Access-Control-Allow-Origin from https:\/\/x\.example to http:\/\/localhost:5173/);
  });
});

describe('synthesizePolicy: any input (property)', () => {
  const str = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('*', 'null', PAGE, 'PUT', 'patch', 'content-type', '<img src=x onerror=alert(1)>'));
  const pairs = fc.array(fc.tuple(str, str), { maxLength: 6 });
  const reasons = fc.constantFrom(...REASON_IDS, 'warn-authorization-wildcard', 'something-new');
  it('never throws, and only ever allows serialized origins and tokens', () => {
    fc.assert(
      fc.property(str, str, pairs, pairs, fc.integer({ min: 0, max: 600 }), reasons, fc.boolean(), (origin, method, req, res, status, reason, cred) => {
        const x = exchange({ origin, method, requestHeaders: req, preflight: { status, headers: res }, actual: { status, headers: res } });
        const p = synthesizePolicy(x, verdict(reason, cred ? INCLUDE : {}));
        for (const o of p.allowOrigins) expect(o).toMatch(/^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.[\]:-]+$/);
        for (const t of [...p.allowMethods, ...p.allowHeaders, ...p.exposeHeaders]) expect(t).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
        expect(p.allowOrigins).not.toContain('*');
        for (const set of [p.responseHeaders.preflight, p.responseHeaders.actual]) for (const v of Object.values(set)) expect(v).not.toMatch(/[\r\n\0]/);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
