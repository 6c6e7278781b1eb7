/**
 * Request shapes: the "what the page asks for" axis of the scenario matrix. Each shape knows
 * whether the browser must preflight it and what a correct preflight answer has to allow, so the
 * matrix builders can derive healthy answers and expected failures from it.
 */
import type { RequestSpec } from '../scenario-types';

export interface Shape {
  /** kebab-case, used in scenario ids. */
  key: string;
  /** Short phrase for titles: "GET", "PUT with JSON", … */
  label: string;
  request: RequestSpec;
  /** The browser sends a preflight for it (cross-origin, mode cors). */
  preflight: boolean;
  credentials: boolean;
  /** Method as sent on the wire (case kept), what ACAM must list. */
  method: string;
  /** CORS-unsafe request-header names, lowercase, in the order Chromium checks them. */
  unsafeHeaders: string[];
}

const LONG_ACCEPT = `text/html, application/json;q=0.9, ${'application/vnd.lab.item+json;q=0.8, '.repeat(4)}*/*;q=0.1`;

function shape(
  key: string,
  label: string,
  request: RequestSpec,
  preflight: boolean,
  unsafeHeaders: string[] = [],
): Shape {
  return {
    key,
    label,
    request,
    preflight,
    credentials: request.credentials === 'include',
    method: request.method,
    unsafeHeaders,
  };
}

// Simple requests: no preflight.
export const GET = shape('get', 'GET', { target: 'api', method: 'GET' }, false);
export const GET_CRED = shape('get-cred', 'GET with credentials', { target: 'api', method: 'GET', credentials: 'include' }, false);
export const HEAD = shape('head', 'HEAD', { target: 'api', method: 'HEAD' }, false);
export const POST_TEXT = shape(
  'post-text',
  'POST text/plain',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
  false,
);
export const POST_TEXT_CRED = shape(
  'post-text-cred',
  'POST text/plain with credentials',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello', credentials: 'include' },
  false,
);
export const POST_FORM = shape(
  'post-form',
  'POST form-urlencoded',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2' },
  false,
);
export const POST_MULTIPART = shape(
  'post-multipart',
  'POST multipart/form-data',
  {
    target: 'api',
    method: 'POST',
    headers: { 'Content-Type': 'multipart/form-data; boundary=lab' },
    body: '--lab\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--lab--\r\n',
  },
  false,
);
export const POST_TEXT_CHARSET = shape(
  'post-text-charset',
  'POST text/plain;charset=utf-8',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: 'hello' },
  false,
);
export const POST_TEXT_UPPER = shape(
  'post-text-upper',
  'POST Text/Plain',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'Text/Plain' }, body: 'hello' },
  false,
);
export const RANGE_SINGLE = shape(
  'range-single',
  'GET Range bytes=0-10',
  { target: 'api', method: 'GET', headers: { Range: 'bytes=0-10' } },
  false,
);
export const XHR_GET = shape('xhr-get', 'XHR GET', { target: 'api', method: 'GET', via: 'xhr' }, false);
export const XHR_CRED = shape(
  'xhr-cred',
  'XHR GET withCredentials',
  { target: 'api', method: 'GET', via: 'xhr', credentials: 'include' },
  false,
);

// Preflighted requests.
export const PUT = shape('put', 'PUT', { target: 'api', method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'x' }, true);
export const PUT_CRED = shape(
  'put-cred',
  'PUT with credentials',
  { target: 'api', method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'x', credentials: 'include' },
  true,
);
export const DELETE = shape('delete', 'DELETE', { target: 'api', method: 'DELETE' }, true);
export const PATCH = shape(
  'patch',
  'PATCH',
  { target: 'api', method: 'PATCH', headers: { 'Content-Type': 'text/plain' }, body: 'x' },
  true,
);
export const PATCH_LOWER = shape(
  'patch-lower',
  "lowercase 'patch'",
  { target: 'api', method: 'patch', headers: { 'Content-Type': 'text/plain' }, body: 'x' },
  true,
);
export const POST_JSON = shape(
  'post-json',
  'POST JSON',
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
  true,
  ['content-type'],
);
export const CUSTOM_HEADER = shape(
  'custom-header',
  'GET with X-Custom',
  { target: 'api', method: 'GET', headers: { 'X-Custom': '1' } },
  true,
  ['x-custom'],
);
export const CUSTOM_HEADER_CRED = shape(
  'custom-header-cred',
  'GET with X-Custom and credentials',
  { target: 'api', method: 'GET', headers: { 'X-Custom': '1' }, credentials: 'include' },
  true,
  ['x-custom'],
);
export const AUTHORIZATION = shape(
  'authorization',
  'GET with Authorization',
  { target: 'api', method: 'GET', headers: { Authorization: 'Bearer lab-token' } },
  true,
  ['authorization'],
);
export const SEVERAL_HEADERS = shape(
  'several-headers',
  'GET with three custom headers',
  { target: 'api', method: 'GET', headers: { 'X-Trace': 't1', 'X-Api-Key': 'k', 'X-Requested-With': 'XMLHttpRequest' } },
  true,
  ['x-api-key', 'x-requested-with', 'x-trace'],
);
export const RANGE_MULTI = shape(
  'range-multi',
  'GET Range with two ranges',
  { target: 'api', method: 'GET', headers: { Range: 'bytes=0-10,20-30' } },
  true,
  ['range'],
);
export const LONG_ACCEPT_SHAPE = shape(
  'long-accept',
  'GET with an Accept over 128 bytes',
  { target: 'api', method: 'GET', headers: { Accept: LONG_ACCEPT } },
  true,
  ['accept'],
);
export const CT_SPACE = shape(
  'ct-space',
  "POST Content-Type 'text /plain'",
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'text /plain' }, body: 'x' },
  true,
  ['content-type'],
);
export const CT_TYPO = shape(
  'ct-typo',
  "POST Content-Type 'application/www-form-urlencoded'",
  { target: 'api', method: 'POST', headers: { 'Content-Type': 'application/www-form-urlencoded' }, body: 'a=1' },
  true,
  ['content-type'],
);
export const XHR_PUT = shape(
  'xhr-put',
  'XHR PUT with X-Custom',
  { target: 'api', method: 'PUT', via: 'xhr', headers: { 'X-Custom': '1' }, body: 'x' },
  true,
  ['x-custom'],
);

export const SIMPLE_SHAPES = [
  GET,
  HEAD,
  POST_TEXT,
  POST_FORM,
  POST_MULTIPART,
  POST_TEXT_CHARSET,
  POST_TEXT_UPPER,
  RANGE_SINGLE,
  XHR_GET,
];
export const CRED_SHAPES = [GET_CRED, POST_TEXT_CRED, XHR_CRED];
export const PREFLIGHT_SHAPES = [
  PUT,
  DELETE,
  PATCH,
  POST_JSON,
  CUSTOM_HEADER,
  AUTHORIZATION,
  SEVERAL_HEADERS,
  RANGE_MULTI,
  LONG_ACCEPT_SHAPE,
  CT_SPACE,
  CT_TYPO,
  XHR_PUT,
];

/** The ACAH value a healthy preflight answer sends for this shape (original case, comma list). */
export function allowHeadersFor(s: Shape): string | null {
  return s.unsafeHeaders.length ? s.unsafeHeaders.map(titleCase).join(', ') : null;
}

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** The healthy actual-response headers for this shape. */
export function healthyActualHeaders(s: Shape): Array<[string, string]> {
  const h: Array<[string, string]> = [
    ['Access-Control-Allow-Origin', '{origin}'],
    ['Vary', 'Origin'],
  ];
  if (s.credentials) h.push(['Access-Control-Allow-Credentials', 'true']);
  return h;
}
