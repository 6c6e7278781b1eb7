/**
 * Healthy scenarios: every request shape with a correct server, plus a cached preflight, so the
 * lab shows what "right" looks like next to each failure.
 */
import type { Scenario } from '../scenario-types';
import { ACAH, ACAM, ACAO, ACMA, REFLECT_CRED, allowed, answer, okActual, preflight, step } from './build';
import type { Shape } from './shapes';
import { CRED_SHAPES, PREFLIGHT_SHAPES, PUT, PUT_CRED, SIMPLE_SHAPES, allowHeadersFor, healthyActualHeaders } from './shapes';

function healthy(s: Shape): Scenario {
  const pre = s.preflight ? preflight({ headers: allowHeadersFor(s), credentials: s.credentials }) : undefined;
  return {
    id: `healthy-${s.key}`,
    title: `Healthy — ${s.label}`,
    group: 'healthy',
    description: s.preflight
      ? 'The preflight allows the method and headers; both answers echo the origin.'
      : 'The response echoes the page origin with Vary: Origin.',
    request: s.request,
    server: { main: step(okActual(healthyActualHeaders(s)), pre) },
    expect: allowed(),
  };
}

export const healthyScenarios: Scenario[] = [
  ...[...SIMPLE_SHAPES, ...CRED_SHAPES, ...PREFLIGHT_SHAPES, PUT_CRED].map(healthy),
  {
    id: 'healthy-wildcard-get',
    title: "Healthy — public API with '*'",
    group: 'healthy',
    description: 'Access-Control-Allow-Origin: * is right for public data requested without credentials.',
    request: { target: 'api', method: 'GET' },
    server: { main: step(answer(200, [[ACAO, '*']])) },
    expect: allowed(),
  },
  {
    id: 'healthy-wildcard-preflight',
    title: "Healthy — '*' for origin, methods and headers",
    group: 'healthy',
    description: 'Without credentials, "*" works in Allow-Origin, Allow-Methods and Allow-Headers.',
    request: { target: 'api', method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Custom': '1' }, body: '{}' },
    server: {
      main: step(
        answer(200, [[ACAO, '*']]),
        answer(204, [
          [ACAO, '*'],
          [ACAM, '*'],
          [ACAH, '*'],
          [ACMA, '0'],
        ]),
      ),
    },
    expect: allowed(),
  },
  {
    id: 'healthy-same-site-cookie',
    title: 'Healthy — same-site API with cookie',
    group: 'healthy',
    description: 'Credentialed GET to 127.0.0.1:API (same site as the page): the lab cookie is sent and allowed.',
    request: { target: 'api-same-site', method: 'GET', credentials: 'include' },
    server: { main: step(okActual(REFLECT_CRED)) },
    expect: allowed(),
  },
  {
    id: 'healthy-acah-case-insensitive',
    title: 'Healthy — Allow-Headers in another case',
    group: 'healthy',
    description: 'Header names in Access-Control-Allow-Headers match case-insensitively: X-CUSTOM allows x-custom.',
    request: { target: 'api', method: 'GET', headers: { 'X-Custom': '1' } },
    server: { main: step(okActual(), preflight({ headers: 'X-CUSTOM' })) },
    expect: allowed(),
  },
  {
    id: 'healthy-preflight-202',
    title: 'Healthy — preflight answered 202',
    group: 'healthy',
    description: 'Any 2xx is an ok status for a preflight, 202 included.',
    request: PUT.request,
    server: { main: step(okActual(), preflight({ status: 202 })) },
    expect: allowed(),
  },
  {
    id: 'healthy-preflight-200-body',
    title: 'Healthy — preflight answered 200 with a body',
    group: 'healthy',
    description: 'A 200 with a body is as good as a 204 for a preflight.',
    request: PUT.request,
    server: { main: step(okActual(), { ...preflight({ status: 200 }), body: 'preflight ok' }) },
    expect: allowed(),
  },
  {
    id: 'healthy-preflight-cached',
    title: 'Healthy — preflight cached (Max-Age 600, twice)',
    group: 'healthy',
    description: 'Access-Control-Max-Age: 600 lets the second PUT skip the preflight.',
    request: { ...PUT.request, repeat: 2 },
    server: { main: step(okActual(), preflight({ maxAge: '600' })) },
    expect: allowed({ preflights: 1 }),
  },
  {
    id: 'healthy-error-404-with-cors',
    title: 'Healthy — 404 that keeps its CORS headers',
    group: 'healthy',
    description: 'The error handler sends CORS headers too: the page can read the 404 and show a real message.',
    request: { target: 'api', method: 'GET' },
    server: { main: step(answer(404, [[ACAO, '{origin}'], ['Vary', 'Origin']], 'not found')) },
    expect: allowed(),
  },
];
