/**
 * Small, self-contained readers of what was on the wire, for the fix policy. They follow the
 * taxonomy's B-section rules; kept here so the policy does not depend on evaluator internals.
 */
import type { HeaderList } from '../model';

/** RFC 9110 token: method names and header field names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/**
 * A serialized origin a browser can send and an allow-list may hold: `scheme://host[:port]`,
 * lowercase, no path, no trailing slash. Opaque `null` is deliberately not accepted.
 */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;
export function isSerializedOrigin(s: string): boolean {
  return s.length <= 512 && ORIGIN.test(s);
}

/** All values of a header (case-insensitive name), one per field, in order. */
export function fieldValues(headers: HeaderList | undefined, name: string): string[] {
  if (!headers) return [];
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const h of headers) {
    if (typeof h?.name === 'string' && h.name.toLowerCase() === lower) out.push(String(h.value ?? ''));
  }
  return out;
}

/** The combined value ("get": fields joined with ", "), or null when absent. */
export function combined(headers: HeaderList | undefined, name: string): string | null {
  const v = fieldValues(headers, name);
  return v.length === 0 ? null : v.join(', ');
}

/** Splits a `#token` list; `valid` holds the tokens, `invalid` the elements that are not tokens. */
export function splitList(value: string | null): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  if (value === null) return { valid, invalid };
  for (const part of value.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    (isToken(t) ? valid : invalid).push(t);
  }
  return { valid, invalid };
}

export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];
/** Methods fetch/XHR upper-case; every other method is sent exactly as written. */
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

export function isSafelistedMethod(method: string): boolean {
  return SAFELISTED_METHODS.includes(method);
}

/** True for a method sent in a case servers and allow-lists rarely match (`patch`, `Patch`). */
export function isOddCaseMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return method !== upper && !NORMALIZED_METHODS.includes(upper) && /^[A-Za-z]+$/.test(method);
}

/** Request headers a page cannot set (B3) or that the browser adds itself: never in ACAH. */
const BROWSER_SET = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
  'user-agent', 'priority', 'upgrade-insecure-requests',
]);
export function isBrowserSetHeader(lowerName: string): boolean {
  return BROWSER_SET.has(lowerName) || lowerName.startsWith('sec-') || lowerName.startsWith('proxy-') || lowerName.startsWith(':');
}

const UNSAFE_BYTE = /[\x00-\x08\x0a-\x1f"():<>?@[\\\]{}\x7f]/;

function isSafelistedContentType(value: string): boolean {
  if (UNSAFE_BYTE.test(value)) return false;
  // Strict MIME parse, reduced: type/subtype tokens, then optional `;` parameters.
  const m = /^[\t ]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[\t ]*(;.*)?$/.exec(value);
  if (!m) return false;
  const essence = `${m[1]}/${m[2]}`.toLowerCase();
  return essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data' || essence === 'text/plain';
}

/** CORS-safelisted request-header (B2), ignoring the 1024-byte total rule (applied by the caller). */
function isSafelistedPair(lower: string, value: string): boolean {
  if (new TextEncoder().encode(value).length > 128) return false;
  switch (lower) {
    case 'accept':
      return !UNSAFE_BYTE.test(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type':
      return isSafelistedContentType(value);
    case 'range': {
      const m = /^bytes=([0-9]+)-([0-9]*)$/.exec(value);
      return m !== null && (m[2] === '' || Number(m[2]) >= Number(m[1]));
    }
    default:
      return false;
  }
}

/** The CORS-unsafe request-header names (lowercase, deduplicated, sorted) of headers a page set. */
export function unsafeHeaderNames(headers: HeaderList | undefined): string[] {
  if (!headers) return [];
  const pageSet = headers.filter((h) => typeof h?.name === 'string' && !isBrowserSetHeader(h.name.toLowerCase()));
  let safelistedBytes = 0;
  const unsafe = new Set<string>();
  const safelisted: string[] = [];
  for (const h of pageSet) {
    const lower = h.name.toLowerCase();
    const value = String(h.value ?? '');
    if (isSafelistedPair(lower, value)) {
      safelistedBytes += value.length;
      safelisted.push(lower);
    } else {
      unsafe.add(lower);
    }
  }
  if (safelistedBytes > 1024) for (const n of safelisted) unsafe.add(n);
  return [...unsafe].sort();
}

/** CORS-safelisted response-header names (B5): readable without Access-Control-Expose-Headers. */
const SAFELISTED_RESPONSE = new Set([
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
]);
export function isSafelistedResponseHeader(lower: string): boolean {
  return SAFELISTED_RESPONSE.has(lower);
}

/** Response headers an app commonly reads (A7 `warn-expose-headers-missing`). */
export function isCommonlyReadResponseHeader(lower: string): boolean {
  return (
    ['location', 'content-disposition', 'etag', 'link', 'retry-after', 'content-range', 'x-total-count',
      'x-total', 'x-total-pages', 'x-page', 'x-per-page', 'x-next-page', 'x-request-id', 'x-correlation-id',
      'x-trace-id'].includes(lower) ||
    /^(x-)?ratelimit-/.test(lower) ||
    /^x-pagination-/.test(lower)
  );
}

const SECRET_NAME = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api[-_]?key|passw|session|signature|credential|auth/i;

/** Whether a header or query-parameter name carries a secret whose value must never be copied. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The value to show instead of a secret: the auth scheme survives (`Bearer <redacted>`). */
export function redactValue(name: string, value: string): string {
  if (/^(proxy-)?authorization$/i.test(name)) {
    const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s/.exec(value)?.[1];
    return scheme ? `${scheme} <redacted>` : '<redacted>';
  }
  return '<redacted>';
}

/** The URL without user:password and with secret-looking query values redacted. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
  }
  for (const key of [...u.searchParams.keys()]) {
    if (isSecretName(key)) u.searchParams.set(key, 'REDACTED');
  }
  return u.toString();
}

/** Origin of a URL, or undefined when it does not parse or has an opaque origin. */
export function originOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}
