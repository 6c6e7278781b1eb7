/**
 * A1: the CORS check on the actual response. Matrix of simple request shapes × broken
 * Access-Control-Allow-Origin / -Credentials answers, plus error pages that skip the CORS headers.
 */
import type { Scenario } from '../scenario-types';
import type { HeaderPairs } from './build';
import { ACAC, ACAO, REFLECT, answer, blocked, preflight, step } from './build';
import type { Shape } from './shapes';
import { CRED_SHAPES, GET, POST_JSON, POST_TEXT, PUT, XHR_GET, allowHeadersFor } from './shapes';

interface AcaoFault {
  key: string;
  title: string;
  description: string;
  headers: HeaderPairs;
  corsError: string;
  /** Chromium's failedParameter, with placeholders. */
  failedParameter: string;
  firefoxKeys: string[];
}

const MISMATCH = 'CORSAllowOriginNotMatchingOrigin';

/** Broken ACAO answers; the request carries no credentials. */
export const ACAO_FAULTS: AcaoFault[] = [
  {
    key: 'acao-missing',
    title: 'Allow-Origin missing',
    description: 'The response has no Access-Control-Allow-Origin at all.',
    headers: [],
    corsError: 'MissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: ['CORSMissingAllowOrigin2'],
  },
  {
    key: 'acao-mismatch',
    title: 'Allow-Origin names another origin',
    description: 'Access-Control-Allow-Origin: http://app.example.com (a static value for another site).',
    headers: [[ACAO, 'http://app.example.com']],
    corsError: 'AllowOriginMismatch',
    failedParameter: 'http://app.example.com',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-trailing-slash',
    title: 'Allow-Origin with a trailing slash',
    description: 'The origin is echoed with a trailing "/": origins never end with a slash.',
    headers: [[ACAO, '{page}/']],
    corsError: 'AllowOriginMismatch',
    failedParameter: '{page}/',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-uppercase',
    title: 'Allow-Origin in upper case',
    description: 'The origin is echoed upper-cased; the comparison is byte-exact.',
    headers: [[ACAO, '{origin-upper}']],
    corsError: 'AllowOriginMismatch',
    failedParameter: '{origin-upper}',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-null',
    title: "Allow-Origin 'null'",
    description: "Access-Control-Allow-Origin: null only matches opaque origins, not this page.",
    headers: [[ACAO, 'null']],
    corsError: 'AllowOriginMismatch',
    failedParameter: 'null',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-two-fields',
    title: 'Two Allow-Origin header fields',
    description: 'The app and a proxy both add Access-Control-Allow-Origin: two separate fields.',
    headers: [
      [ACAO, '{origin}'],
      [ACAO, '{origin}'],
    ],
    corsError: 'MultipleAllowOriginValues',
    failedParameter: '{origin}, {origin}',
    firefoxKeys: ['CORSMultipleAllowOriginNotAllowed'],
  },
  {
    key: 'acao-comma-list',
    title: 'Allow-Origin lists two origins',
    description: 'The whole allow-list in one field: "{origin}, http://app.example.com".',
    headers: [[ACAO, '{origin}, http://app.example.com']],
    corsError: 'MultipleAllowOriginValues',
    failedParameter: '{origin}, http://app.example.com',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-space-list',
    title: 'Allow-Origin space-separated list',
    description: 'Two origins separated by a space in one field.',
    headers: [[ACAO, '{origin} http://app.example.com']],
    corsError: 'MultipleAllowOriginValues',
    failedParameter: '{origin} http://app.example.com',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-empty',
    title: 'Allow-Origin empty',
    description: 'Access-Control-Allow-Origin is present but empty.',
    headers: [[ACAO, '']],
    corsError: 'InvalidAllowOriginValue',
    failedParameter: '',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-pattern',
    title: 'Allow-Origin pattern',
    description: 'Access-Control-Allow-Origin: *.example.com (patterns are not supported).',
    headers: [[ACAO, '*.example.com']],
    corsError: 'InvalidAllowOriginValue',
    failedParameter: '*.example.com',
    firefoxKeys: [MISMATCH],
  },
  {
    key: 'acao-bare-host',
    title: 'Allow-Origin without scheme',
    description: 'Access-Control-Allow-Origin: app.example.com (no scheme: not an origin).',
    headers: [[ACAO, 'app.example.com']],
    corsError: 'InvalidAllowOriginValue',
    failedParameter: 'app.example.com',
    firefoxKeys: [MISMATCH],
  },
];

/** Broken answers to credentialed requests. */
const CRED_FAULTS: AcaoFault[] = [
  {
    key: 'wildcard-with-credentials',
    title: 'Wildcard with credentials',
    description: 'Access-Control-Allow-Origin: * (plus Allow-Credentials: true) for a credentialed request.',
    headers: [
      [ACAO, '*'],
      [ACAC, 'true'],
    ],
    corsError: 'WildcardOriginNotAllowed',
    failedParameter: '',
    firefoxKeys: ['CORSNotSupportingCredentials'],
  },
  {
    key: 'acac-missing',
    title: 'Allow-Credentials missing',
    description: 'The origin is echoed but Access-Control-Allow-Credentials: true is missing.',
    headers: REFLECT,
    corsError: 'InvalidAllowCredentials',
    failedParameter: '',
    firefoxKeys: ['CORSMissingAllowCredentials'],
  },
  {
    key: 'acac-capital-true',
    title: "Allow-Credentials 'True'",
    description: 'Access-Control-Allow-Credentials: True (must be exactly lower-case "true").',
    headers: [...REFLECT, [ACAC, 'True']],
    corsError: 'InvalidAllowCredentials',
    failedParameter: 'True',
    firefoxKeys: ['CORSMissingAllowCredentials'],
  },
  {
    key: 'acao-missing-with-credentials',
    title: 'Allow-Origin missing (credentials)',
    description: 'Only Access-Control-Allow-Credentials: true is sent; Allow-Origin is missing.',
    headers: [[ACAC, 'true']],
    corsError: 'MissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: ['CORSMissingAllowOrigin2'],
  },
  {
    key: 'acao-mismatch-with-credentials',
    title: 'Allow-Origin mismatch (credentials)',
    description: 'A fixed origin for another site, with Allow-Credentials: true.',
    headers: [
      [ACAO, 'http://app.example.com'],
      [ACAC, 'true'],
    ],
    corsError: 'AllowOriginMismatch',
    failedParameter: 'http://app.example.com',
    firefoxKeys: [MISMATCH],
  },
];

function faultScenario(f: AcaoFault, s: Shape): Scenario {
  return {
    id: `${f.key}-${s.key}`,
    title: `${f.title} — ${s.label}`,
    group: 'A1',
    description: f.description,
    request: s.request,
    server: { main: step(answer(200, f.headers)) },
    expect: blocked(f.corsError, f.firefoxKeys, f.failedParameter),
  };
}

const ERROR_STATUSES: Array<[number, string]> = [
  [400, 'a validation error'],
  [401, 'the auth middleware runs before CORS'],
  [403, 'a WAF or auth rejection'],
  [404, 'a wrong path'],
  [500, 'an unhandled exception'],
  [502, 'a proxy error page'],
  [503, 'a maintenance page'],
];

function errorScenario(status: number, why: string, s: Shape): Scenario {
  const healthyPreflight = preflight({ headers: allowHeadersFor(s) });
  return {
    id: `error-${status}-no-cors-${s.key}`,
    title: `${status} without CORS headers — ${s.label}`,
    group: 'A1',
    description: `The server answers ${status} (${why}) from a handler that skips the CORS headers.`,
    request: s.request,
    server: { main: step(answer(status, [], `error ${status}`), s.preflight ? healthyPreflight : undefined) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  };
}

export const a1Scenarios: Scenario[] = [
  ...ACAO_FAULTS.flatMap((f) => [GET, POST_TEXT, XHR_GET].map((s) => faultScenario(f, s))),
  ...CRED_FAULTS.flatMap((f) => CRED_SHAPES.map((s) => faultScenario(f, s))),
  ...ERROR_STATUSES.flatMap(([status, why]) => [GET, POST_JSON].map((s) => errorScenario(status, why, s))),
  {
    id: 'actual-acao-missing-after-good-preflight',
    title: 'Preflight fine, actual response without Allow-Origin',
    group: 'A1',
    description: 'OPTIONS is answered correctly, but the PUT handler itself sends no CORS headers.',
    request: PUT.request,
    server: { main: step(answer(200, []), preflight()) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  },
  {
    id: 'actual-acao-mismatch-after-good-preflight',
    title: 'Preflight fine, actual response with another origin',
    group: 'A1',
    description: 'The OPTIONS handler echoes the origin, the PUT handler sends a fixed other origin.',
    request: PUT.request,
    server: { main: step(answer(200, [[ACAO, 'http://app.example.com']]), preflight()) },
    expect: blocked('AllowOriginMismatch', [MISMATCH], 'http://app.example.com'),
  },
];
