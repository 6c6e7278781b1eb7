/**
 * A2: CORS-preflight failures. Generic preflight faults (no OPTIONS route, auth on OPTIONS, bad
 * Allow-Origin on the preflight, redirects) crossed with preflighted shapes, then the method- and
 * header-specific faults on the shapes they concern.
 */
import type { ResponseSpec, Scenario } from '../scenario-types';
import { ACAO, FF_DID_NOT_SUCCEED, answer, blocked, okActual, preflight, step } from './build';
import type { Shape } from './shapes';
import {
  AUTHORIZATION,
  CT_SPACE,
  CUSTOM_HEADER,
  CUSTOM_HEADER_CRED,
  DELETE,
  LONG_ACCEPT_SHAPE,
  PATCH,
  PATCH_LOWER,
  POST_JSON,
  PUT,
  PUT_CRED,
  RANGE_MULTI,
  SEVERAL_HEADERS,
  XHR_PUT,
  allowHeadersFor,
  healthyActualHeaders,
} from './shapes';

interface PreflightFault {
  key: string;
  title: string;
  description: string;
  /** Built per shape so the rest of the answer stays correct for that shape. */
  answer: (s: Shape) => ResponseSpec | undefined;
  corsError: string;
  failedParameter?: string;
  firefoxKeys: string[];
  shapes: Shape[];
}

const CORE = [PUT, DELETE, POST_JSON, CUSTOM_HEADER];
const MISSING_FF = ['CORSMissingAllowOrigin2', FF_DID_NOT_SUCCEED];
const STATUS_FF = ['CORSPreflightDidNotSucceed3', FF_DID_NOT_SUCCEED];

const noCors = (status: number) => () => answer(status, [], `OPTIONS ${status}`);
const withCors = (status: number) => (s: Shape) => preflight({ status, headers: allowHeadersFor(s) });

const PREFLIGHT_FAULTS: PreflightFault[] = [
  {
    key: 'preflight-no-route',
    title: 'No OPTIONS route (404)',
    description: 'The server has no OPTIONS handler: the preflight gets a plain 404.',
    answer: () => undefined,
    corsError: 'PreflightMissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: MISSING_FF,
    shapes: [...CORE, PATCH, AUTHORIZATION, XHR_PUT],
  },
  ...[401, 403, 405, 500].map<PreflightFault>((status) => ({
    key: `preflight-${status}-no-cors`,
    title: `Preflight ${status} without CORS headers`,
    description: `OPTIONS is answered ${status} by a middleware that runs before CORS.`,
    answer: noCors(status),
    corsError: 'PreflightMissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: MISSING_FF,
    shapes: status === 401 ? [...CORE, AUTHORIZATION] : [PUT, POST_JSON],
  })),
  ...[401, 404, 500].map<PreflightFault>((status) => ({
    key: `preflight-${status}-with-cors`,
    title: `Preflight ${status} with CORS headers`,
    description: `OPTIONS carries correct CORS headers but status ${status}: a preflight needs a 2xx.`,
    answer: withCors(status),
    corsError: 'PreflightInvalidStatus',
    failedParameter: '',
    firefoxKeys: STATUS_FF,
    shapes: status === 404 ? CORE : [PUT, POST_JSON],
  })),
  ...[301, 302, 307, 308].map<PreflightFault>((status) => ({
    key: `preflight-redirect-${status}`,
    title: `Preflight answered with ${status}`,
    description: `OPTIONS is redirected (${status}, e.g. a trailing-slash or https redirect); preflights never follow redirects.`,
    answer: (s: Shape) => ({
      ...preflight({ status, headers: allowHeadersFor(s) }),
      redirect: { target: 'api', step: 'next' },
    }),
    corsError: 'PreflightDisallowedRedirect',
    failedParameter: '',
    // Firefox prints three lines: the redirect, the preflight status, then the generic failure.
    firefoxKeys: ['CORSExternalRedirectNotAllowed', 'CORSPreflightDidNotSucceed3', FF_DID_NOT_SUCCEED],
    shapes: status === 302 ? CORE : [PUT],
  })),
  {
    key: 'preflight-redirect-no-cors-302',
    title: 'Preflight answered with a bare 302',
    description: 'A proxy redirects OPTIONS (http→https, trailing slash) without any CORS header on the 302.',
    answer: () => ({ ...answer(302, []), redirect: { target: 'api', step: 'next' } }),
    corsError: 'PreflightDisallowedRedirect',
    failedParameter: '',
    // Firefox ESR CORS-checks the redirect response first and names the missing Allow-Origin, not
    // CORSExternalRedirectNotAllowed (that comes only once the 3xx passes), then two generic lines.
    firefoxKeys: ['CORSMissingAllowOrigin2', FF_DID_NOT_SUCCEED, FF_DID_NOT_SUCCEED],
    shapes: [PUT],
  },
  {
    key: 'preflight-202-no-cors',
    title: 'Preflight 202 without CORS headers',
    description: 'A catch-all handler answers OPTIONS 202 Accepted — a fine status, but no CORS headers.',
    answer: noCors(202),
    corsError: 'PreflightMissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: MISSING_FF,
    shapes: [PUT],
  },
  {
    key: 'preflight-acao-missing',
    title: 'Preflight 204 without Allow-Origin',
    description: 'OPTIONS answers 204 with Allow-Methods/-Headers but forgets Access-Control-Allow-Origin.',
    answer: (s) => preflight({ acao: null, headers: allowHeadersFor(s) }),
    corsError: 'PreflightMissingAllowOriginHeader',
    failedParameter: '',
    firefoxKeys: MISSING_FF,
    shapes: CORE,
  },
  {
    key: 'preflight-acao-mismatch',
    title: 'Preflight Allow-Origin names another origin',
    description: 'The OPTIONS handler returns a fixed origin for another site.',
    answer: (s) => preflight({ acao: 'http://app.example.com', headers: allowHeadersFor(s) }),
    corsError: 'PreflightAllowOriginMismatch',
    failedParameter: 'http://app.example.com',
    firefoxKeys: ['CORSAllowOriginNotMatchingOrigin', FF_DID_NOT_SUCCEED],
    shapes: CORE,
  },
  {
    key: 'preflight-acao-two-fields',
    title: 'Preflight with two Allow-Origin fields',
    description: 'Proxy and app both answer OPTIONS with Access-Control-Allow-Origin.',
    answer: (s) => ({
      ...preflight({ headers: allowHeadersFor(s) }),
      headers: [[ACAO, '{origin}'], ...(preflight({ headers: allowHeadersFor(s) }).headers ?? [])],
    }),
    corsError: 'PreflightMultipleAllowOriginValues',
    failedParameter: '{origin}, {origin}',
    firefoxKeys: ['CORSMultipleAllowOriginNotAllowed', FF_DID_NOT_SUCCEED],
    shapes: [PUT, POST_JSON],
  },
  {
    key: 'preflight-acao-invalid',
    title: 'Preflight Allow-Origin pattern',
    description: 'OPTIONS answers Access-Control-Allow-Origin: *.example.com.',
    answer: (s) => preflight({ acao: '*.example.com', headers: allowHeadersFor(s) }),
    corsError: 'PreflightInvalidAllowOriginValue',
    failedParameter: '*.example.com',
    firefoxKeys: ['CORSAllowOriginNotMatchingOrigin', FF_DID_NOT_SUCCEED],
    shapes: [PUT, POST_JSON],
  },
  {
    key: 'preflight-wildcard-with-credentials',
    title: 'Preflight wildcard with credentials',
    description: 'OPTIONS answers Access-Control-Allow-Origin: * for a request with credentials.',
    answer: (s) => preflight({ acao: '*', credentials: true, headers: allowHeadersFor(s) }),
    corsError: 'PreflightWildcardOriginNotAllowed',
    failedParameter: '',
    firefoxKeys: ['CORSNotSupportingCredentials', FF_DID_NOT_SUCCEED],
    shapes: [PUT_CRED, CUSTOM_HEADER_CRED],
  },
  {
    key: 'preflight-acac-missing',
    title: 'Preflight without Allow-Credentials',
    description: 'Allow-Credentials: true is only on the actual response, not on the OPTIONS answer.',
    answer: (s) => preflight({ headers: allowHeadersFor(s) }),
    corsError: 'PreflightInvalidAllowCredentials',
    failedParameter: '',
    firefoxKeys: ['CORSMissingAllowCredentials', FF_DID_NOT_SUCCEED],
    shapes: [PUT_CRED, CUSTOM_HEADER_CRED],
  },
];

function faultScenario(f: PreflightFault, s: Shape): Scenario {
  const pre = f.answer(s);
  return {
    id: `${f.key}-${s.key}`,
    title: `${f.title} — ${s.label}`,
    group: 'A2',
    description: f.description,
    request: s.request,
    server: {
      main: step(okActual(healthyActualHeaders(s)), pre),
      next: step(okActual(healthyActualHeaders(s)), pre ? preflight({ headers: allowHeadersFor(s) }) : undefined),
    },
    expect: blocked(f.corsError, f.firefoxKeys, f.failedParameter),
  };
}

const METHOD_FF = ['CORSMethodNotFound', FF_DID_NOT_SUCCEED];
const HEADER_FF = ['CORSMissingAllowHeaderFromPreflight2', FF_DID_NOT_SUCCEED];

function specific(
  id: string,
  title: string,
  description: string,
  s: Shape,
  pre: ResponseSpec,
  corsError: string,
  failedParameter: string,
  firefoxKeys: string[],
): Scenario {
  return {
    id,
    title,
    group: 'A2',
    description,
    request: s.request,
    server: { main: step(okActual(healthyActualHeaders(s)), pre) },
    expect: blocked(corsError, firefoxKeys, failedParameter),
  };
}

const methodNotListed = [PUT, DELETE, PATCH].map((s) =>
  specific(
    `acam-missing-method-${s.key}`,
    `Allow-Methods lacks ${s.method}`,
    `OPTIONS answers Access-Control-Allow-Methods: GET, POST — ${s.method} is not listed.`,
    s,
    preflight({ methods: 'GET, POST', headers: allowHeadersFor(s) }),
    'MethodDisallowedByPreflightResponse',
    s.method,
    METHOD_FF,
  ),
);

const headerNotListed = [POST_JSON, CUSTOM_HEADER, AUTHORIZATION, SEVERAL_HEADERS, RANGE_MULTI, LONG_ACCEPT_SHAPE, CT_SPACE].map(
  (s) => {
    // Allow every unsafe header but the first one Chromium checks, so exactly one is missing.
    const allowedNames = s.unsafeHeaders.slice(1);
    const missing = s.unsafeHeaders[0] ?? '';
    return specific(
      `acah-missing-header-${s.key}`,
      `Allow-Headers lacks ${missing} — ${s.label}`,
      `The preflight asks for ${s.unsafeHeaders.join(', ')}; Access-Control-Allow-Headers does not list ${missing}.`,
      s,
      preflight({ headers: allowedNames.length ? allowedNames.join(', ') : 'X-Unrelated' }),
      'HeaderDisallowedByPreflightResponse',
      missing,
      HEADER_FF,
    );
  },
);

export const a2Scenarios: Scenario[] = [
  ...PREFLIGHT_FAULTS.flatMap((f) => f.shapes.map((s) => faultScenario(f, s))),
  ...methodNotListed,
  ...headerNotListed,
  specific(
    'acam-lowercase-put',
    "Allow-Methods 'put' in lower case",
    'PUT is normalised to upper case and Allow-Methods matching is case-sensitive: "put" does not allow it.',
    PUT,
    preflight({ methods: 'get, post, put' }),
    'MethodDisallowedByPreflightResponse',
    'PUT',
    METHOD_FF,
  ),
  specific(
    'acam-lowercase-patch',
    "Allow-Methods 'patch' for an upper-case PATCH",
    "The request sends PATCH; Allow-Methods lists only 'patch'. Matching is byte-exact.",
    PATCH,
    preflight({ methods: 'get, post, patch' }),
    'MethodDisallowedByPreflightResponse',
    'PATCH',
    METHOD_FF,
  ),
  specific(
    'preflight-acac-capital-true',
    "Preflight Allow-Credentials 'True'",
    "The OPTIONS answer says Access-Control-Allow-Credentials: True — only lower-case 'true' counts.",
    PUT_CRED,
    preflight({ extra: [['Access-Control-Allow-Credentials', 'True']] }),
    'PreflightInvalidAllowCredentials',
    'True',
    ['CORSMissingAllowCredentials', FF_DID_NOT_SUCCEED],
  ),
  specific(
    'acam-wildcard-with-credentials',
    "Allow-Methods '*' with credentials",
    'With credentials, "*" in Access-Control-Allow-Methods is a literal method name, not a wildcard.',
    PUT_CRED,
    preflight({ methods: '*', credentials: true }),
    'MethodDisallowedByPreflightResponse',
    'PUT',
    METHOD_FF,
  ),
  specific(
    'patch-lower-acam-upper',
    "Lowercase 'patch' vs Allow-Methods PATCH",
    "fetch sends 'patch' as written (only DELETE/GET/HEAD/OPTIONS/POST/PUT are upper-cased); PATCH does not match.",
    PATCH_LOWER,
    preflight({ methods: 'GET, POST, PATCH' }),
    'MethodDisallowedByPreflightResponse',
    'patch',
    METHOD_FF,
  ),
  {
    id: 'patch-lower-node-400',
    title: "Lowercase 'patch' rejected by the HTTP parser",
    group: 'A2',
    description:
      "The preflight allows 'patch', but the server's HTTP parser (Node's default) rejects the lowercase method with a bare 400.",
    request: PATCH_LOWER.request,
    server: { main: step(answer(400, [], 'Bad Request'), preflight({ methods: 'GET, POST, patch' })) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  },
  specific(
    'acah-wildcard-with-credentials',
    "Allow-Headers '*' with credentials",
    'With credentials, "*" in Access-Control-Allow-Headers is literal: X-Custom is not allowed.',
    CUSTOM_HEADER_CRED,
    preflight({ headers: '*', credentials: true }),
    'HeaderDisallowedByPreflightResponse',
    'x-custom',
    HEADER_FF,
  ),
  ...[POST_JSON, CUSTOM_HEADER].map((s) =>
    specific(
      `acah-unparsable-${s.key}`,
      `Allow-Headers 'Content Type' (unparsable) — ${s.label}`,
      'Access-Control-Allow-Headers: Content Type — a space inside a name is not a valid token list.',
      s,
      preflight({ headers: 'Content Type, X-Custom' }),
      'InvalidAllowHeadersPreflightResponse',
      '',
      ['CORSInvalidAllowHeader', FF_DID_NOT_SUCCEED],
    ),
  ),
  ...[PUT, CUSTOM_HEADER].map((s) =>
    specific(
      `acam-unparsable-${s.key}`,
      `Allow-Methods 'GET POST PUT' (unparsable) — ${s.label}`,
      'Access-Control-Allow-Methods: GET POST PUT — space-separated instead of comma-separated.',
      s,
      preflight({ methods: 'GET POST PUT', headers: allowHeadersFor(s) }),
      'InvalidAllowMethodsPreflightResponse',
      '',
      ['CORSInvalidAllowMethod', FF_DID_NOT_SUCCEED],
    ),
  ),
];
