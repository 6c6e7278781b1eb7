/**
 * Which request headers make a CORS request "non-simple" (Fetch §CORS-safelisted request-header,
 * Chromium `services/network/public/cpp/cors/cors.cc`), which ones a page cannot set at all
 * (forbidden request-headers), and which ones the browser adds itself (so they never cause a
 * preflight even though they show up in webRequest/HAR data).
 */
import type { HeaderList } from '../model';
import { boundedMemo } from '../bounded-memo';
import { sortNames, UniqueNames } from './headers';
import { parseMimeType } from './mime';

const SAFELIST_VALUE_MAX = 128;
/** Chromium `kSafeListValueSizeMax`: above this total, every safelisted header becomes unsafe. */
const SAFELIST_TOTAL_MAX = 1024;

/** UTF-8 byte length: header limits are in bytes, observed values are JS strings. */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Fetch "CORS-unsafe request-header byte". */
export function isCorsUnsafeRequestHeaderByte(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    [0x22, 0x28, 0x29, 0x3a, 0x3c, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x7f].includes(code)
  );
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeRequestHeaderByte(value.charCodeAt(i))) return true;
  return false;
}

const SAFELISTED_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** `Content-Type` is safelisted when it parses strictly and its essence is one of three. */
export const isSafelistedContentType: (value: string) => boolean = boundedMemo(
  // Pages send a handful of distinct values: each is parsed once.
  (value) => !hasUnsafeByte(value) && SAFELISTED_CONTENT_TYPES.includes(parseMimeType(value)?.essence ?? ''),
  500,
  256,
);

const INT64_MAX = 9223372036854775807n;

/**
 * Simple range header value: a single `bytes=start-[end]`, start required, no whitespace, no
 * list, end ≥ start (WPT `cors-safelisted-request-header.any.js`). Chromium lowercases before
 * parsing, so `BYTES=0-1` passes there; numbers must fit in int64.
 */
export function isSimpleRangeValue(value: string): boolean {
  const m = /^bytes=(\d+)-(\d*)$/.exec(value.toLowerCase());
  if (!m) return false;
  const start = BigInt(m[1]!);
  if (start > INT64_MAX) return false;
  if (m[2] === '') return true;
  const end = BigInt(m[2]!);
  return end <= INT64_MAX && end >= start;
}

const LANGUAGE_CHARS = /^[0-9A-Za-z *,\-.;=]*$/;

/**
 * Browser-set client hints and friends that Chromium safelists on top of the spec list. A Map, not
 * an object literal: a header named `constructor` or `__proto__` must not find Object's own members.
 */
const CHROME_EXTRA_SAFELISTED = new Map<string, (v: string) => boolean>([
  ['intervention', () => true],
  ['device-memory', (v) => /^\d+(\.\d+)?$/.test(v)],
  ['dpr', (v) => /^\d+(\.\d+)?$/.test(v)],
  ['downlink', (v) => /^\d+(\.\d+)?$/.test(v)],
  ['width', (v) => /^\d+$/.test(v)],
  ['viewport-width', (v) => /^\d+$/.test(v)],
  ['rtt', (v) => /^\d+$/.test(v)],
  ['ect', (v) => ['slow-2g', '2g', '3g', '4g'].includes(v)],
  ['save-data', (v) => v.toLowerCase() === 'on'],
]);

export interface SafelistOptions {
  /** Apply Chromium's extra safelisted names (client hints, `intervention`, `save-data`). */
  chromeExtras?: boolean;
}

/** Fetch "CORS-safelisted request-header" (name, value), per header, before the 1024 rule. */
export function isCorsSafelistedRequestHeader(name: string, value: string, opts: SafelistOptions = {}): boolean {
  if (byteLength(value) > SAFELIST_VALUE_MAX) return false;
  const lower = name.toLowerCase();
  switch (lower) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_CHARS.test(value);
    case 'content-type':
      return isSafelistedContentType(value);
    case 'range':
      return isSimpleRangeValue(value);
  }
  if (opts.chromeExtras) {
    if (lower.startsWith('sec-ch-')) return true; // forbidden anyway (sec-), set by the browser
    const check = CHROME_EXTRA_SAFELISTED.get(lower);
    if (check) return check(value);
  }
  return false;
}

const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

const METHOD_OVERRIDE_HEADERS = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

/** Fetch "forbidden request-header"; Chromium also still forbids `User-Agent`. */
export function isForbiddenRequestHeader(name: string, value = '', opts: SafelistOptions = {}): boolean {
  const lower = name.toLowerCase();
  if (FORBIDDEN_REQUEST_HEADERS.has(lower)) return true;
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (opts.chromeExtras && lower === 'user-agent') return true;
  if (METHOD_OVERRIDE_HEADERS.has(lower)) {
    return value.split(',').some((m) => ['CONNECT', 'TRACE', 'TRACK'].includes(m.trim().toUpperCase()));
  }
  return false;
}

/**
 * Headers that appear in captured request data but were added by the browser (or DevTools),
 * not by the page: they never trigger a preflight. Beyond the forbidden names this includes
 * `user-agent` (script may override it but the default is the browser's) and `priority`.
 */
export function isBrowserAddedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  // HTTP/2 pseudo-headers (`:authority`, `:path`) in a capture: never set by a page.
  if (lower.startsWith(':') || isForbiddenRequestHeader(lower)) return true;
  return lower === 'user-agent' || lower === 'priority' || lower === 'upgrade-insecure-requests';
}

/**
 * `Cache-Control: no-cache` / `Pragma: no-cache` are what DevTools "Disable cache" adds below the
 * CORS layer. When no preflight was observed they are treated as browser-added.
 */
export function isDevtoolsCacheHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return (lower === 'cache-control' || lower === 'pragma') && value.trim().toLowerCase() === 'no-cache';
}

export interface UnsafeNamesOptions extends SafelistOptions {
  /** Also skip `Cache-Control/Pragma: no-cache` (DevTools "Disable cache"). */
  skipDevtoolsCacheHeaders?: boolean;
}

/**
 * Fetch "CORS-unsafe request-header names": names of page-set headers that are not safelisted,
 * plus all safelisted ones when their values together exceed 1024 bytes; lowercased,
 * deduplicated, sorted. This is also the `Access-Control-Request-Headers` list, and the order in
 * which Chromium looks for the first header the preflight response does not allow
 * (verified in Chromium 156: `X-Zed` + `X-Alpha` both missing ⇒ `x-alpha`).
 */
export function corsUnsafeRequestHeaderNames(list: HeaderList | null | undefined, opts: UnsafeNamesOptions = {}): string[] {
  if (!Array.isArray(list)) return [];
  const unsafe = new UniqueNames(list.length);
  const safelisted = new UniqueNames(list.length);
  let total = 0;
  for (const h of list) {
    if (!h || typeof h !== 'object' || typeof h.name !== 'string') continue;
    const value = typeof h.value === 'string' ? h.value : '';
    if (isBrowserAddedHeader(h.name)) continue;
    if (opts.skipDevtoolsCacheHeaders && isDevtoolsCacheHeader(h.name, value)) continue;
    const lower = h.name.toLowerCase();
    if (isCorsSafelistedRequestHeader(lower, value, opts)) {
      safelisted.add(lower);
      total += byteLength(value);
    } else {
      unsafe.add(lower);
    }
  }
  if (total > SAFELIST_TOTAL_MAX) for (const n of safelisted.list) unsafe.add(n);
  return sortNames(unsafe.list);
}

/** Why one header is unsafe, in a few words (for "why was there a preflight?"). */
export function whyHeaderIsUnsafe(name: string, value: string): string {
  const lower = name.toLowerCase();
  const known = ['accept', 'accept-language', 'content-language', 'content-type', 'range'];
  if (!known.includes(lower)) return `${lower} is not a CORS-safelisted header`;
  if (byteLength(value) > SAFELIST_VALUE_MAX) return `its value is longer than ${SAFELIST_VALUE_MAX} bytes`;
  if (lower === 'content-type') {
    const mime = parseMimeType(value);
    if (!mime || hasUnsafeByte(value)) return `content-type '${value}' is not a valid MIME type`;
    return `content-type ${mime.essence} is not one of text/plain, multipart/form-data, application/x-www-form-urlencoded`;
  }
  if (lower === 'range') return `range '${value}' is not a single bytes=start-end range`;
  return `its value contains characters that are not allowed in a safelisted ${lower}`;
}

/**
 * Response headers apps commonly read, which stay hidden unless exposed (lint warns about them,
 * the fix exposes them). `lowerName` is lowercase.
 */
export function isCommonlyReadResponseHeader(lowerName: string): boolean {
  return (
    lowerName.startsWith('x-') ||
    lowerName.startsWith('ratelimit') ||
    ['location', 'etag', 'link', 'retry-after', 'content-disposition', 'content-range', 'www-authenticate', 'request-id', 'traceparent'].includes(lowerName)
  );
}

/** Response headers every CORS response exposes without `Access-Control-Expose-Headers`. */
export const CORS_SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);
