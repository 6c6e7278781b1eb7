/**
 * A7: requests that work today but carry a risk or cost: reflected origins without Vary, any
 * origin with credentials, non-conformant wildcards, preflight caching that is defeated or capped.
 */
import type { Scenario } from '../scenario-types';
import { ACAC, ACAO, ACEH, allowed, answer, preflight, step } from './build';
import { AUTHORIZATION, PATCH_LOWER, PUT } from './shapes';

const GET = { target: 'api', method: 'GET' } as const;

/** PUT twice in a row with one preflight answer; `preflights` counts OPTIONS that reach the server. */
function cacheScenario(id: string, title: string, description: string, maxAge: string | null, chromium: number, firefox: number): Scenario {
  const e = allowed({ preflights: chromium });
  if (firefox !== chromium) e.firefoxPreflights = firefox;
  return {
    id,
    title,
    group: 'A7',
    description,
    request: { ...PUT.request, repeat: 2 },
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin']]), preflight({ maxAge })) },
    expect: e,
  };
}

export const a7Scenarios: Scenario[] = [
  {
    id: 'reflect-origin-without-vary',
    title: 'Reflected origin without Vary: Origin',
    group: 'A7',
    description: 'Works, but a shared cache may serve this answer (with this origin) to another site.',
    request: GET,
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Cache-Control', 'public, max-age=60']])) },
    expect: allowed(),

  },
  {
    id: 'reflect-any-origin-with-credentials',
    title: 'Any origin reflected, with credentials',
    group: 'A7',
    description: 'The server echoes every Origin and allows credentials: any site can read authenticated data.',
    request: { target: 'api-same-site', method: 'GET', credentials: 'include' },
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin'], [ACAC, 'true']])) },
    expect: allowed(),

  },
  {
    id: 'acac-with-wildcard-no-credentials',
    title: "Allow-Origin '*' with Allow-Credentials: true",
    group: 'A7',
    description: 'Harmless without credentials (ACAC is ignored), fatal as soon as the request includes them.',
    request: GET,
    server: { main: step(answer(200, [[ACAO, '*'], [ACAC, 'true']])) },
    expect: allowed(),
  },
  {
    id: 'authorization-under-acah-wildcard',
    title: "Authorization under Allow-Headers '*'",
    group: 'A7',
    description: 'The spec says "*" does not cover Authorization; browsers still allow it, with a deprecation warning.',
    request: AUTHORIZATION.request,
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin']]), preflight({ headers: '*' })) },
    expect: allowed(),

  },
  {
    id: 'patch-lower-acam-lower',
    title: "Lowercase 'patch' allowed by Allow-Methods 'patch'",
    group: 'A7',
    description:
      "Works because the preflight lists 'patch' and the lab accepts the lowercase method; most servers reject it (405/400).",
    request: PATCH_LOWER.request,
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin']]), preflight({ methods: 'GET, POST, patch' })) },
    expect: allowed(),
  },
  {
    id: 'patch-lower-acam-wildcard',
    title: "Lowercase 'patch' allowed by Allow-Methods '*'",
    group: 'A7',
    description: "'*' allows any method without credentials, including the lowercase 'patch'.",
    request: PATCH_LOWER.request,
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin']]), preflight({ methods: '*' })) },
    expect: allowed(),
  },
  {
    id: 'expose-headers-missing',
    title: 'Custom response header not exposed',
    group: 'A7',
    description: 'X-Total-Count is sent but not listed in Access-Control-Expose-Headers: headers.get() returns null.',
    request: GET,
    server: { main: step(answer(200, [[ACAO, '{origin}'], ['Vary', 'Origin'], ['X-Total-Count', '42']])) },
    expect: allowed(),
  },
  {
    id: 'expose-headers-wildcard',
    title: "Expose-Headers '*'",
    group: 'healthy',
    description: 'Access-Control-Expose-Headers: * exposes every header to a request without credentials.',
    request: GET,
    server: { main: step(answer(200, [[ACAO, '*'], [ACEH, '*'], ['X-Total-Count', '42']])) },
    expect: allowed(),
  },
  cacheScenario(
    'preflight-max-age-zero',
    'Preflight Max-Age: 0 (twice)',
    'Access-Control-Max-Age: 0 disables the preflight cache: every PUT pays an extra round trip.',
    '0',
    2,
    2,
  ),
  cacheScenario(
    'preflight-max-age-above-cap',
    'Preflight Max-Age: 86400 (twice)',
    'Chromium caps the preflight cache at 2 hours (7200 s): the 24 h asked for is silently clamped.',
    '86400',
    1,
    1,
  ),
  cacheScenario(
    'preflight-max-age-missing',
    'Preflight without Max-Age (twice)',
    'Without Max-Age the preflight is cached for the 5 s default (Chromium and Firefox 153 alike).',
    null,
    1,
    1,
  ),
  cacheScenario(
    'preflight-max-age-unparsable',
    "Preflight Max-Age: 'ten' (twice)",
    'An unparsable Max-Age falls back to the 5 s default in Chromium; Firefox does not cache at all.',
    'ten',
    1,
    2,
  ),
  cacheScenario(
    'preflight-max-age-negative',
    'Preflight Max-Age: -1 (twice)',
    'A negative Max-Age means "do not cache": every request is preflighted.',
    '-1',
    2,
    2,
  ),
];
