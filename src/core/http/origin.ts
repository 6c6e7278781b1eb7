/**
 * Origins as browsers serialize them (HTML "serialization of an origin"): lowercase scheme and
 * host, default port dropped, IPv6 in brackets, and the string `null` for opaque origins.
 * The WHATWG URL parser (global `URL`, available in every runtime we target) does the
 * canonicalisation; these helpers make it total (never throw) and cheap: pairing and evaluation
 * ask about the same few URLs thousands of times, so what one parse tells is cached per string,
 * and the common browser-recorded shape (`https://host[:port]/…`, already canonical) is read
 * without the parser at all.
 */
import { boundedMemo } from '../bounded-memo';

/** Parse a URL, or return null when it is not a valid absolute URL. */
export function parseUrl(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** What the evaluator asks about one URL, from a single parse. */
interface UrlFacts {
  /** Serialized origin (`null` for opaque). */
  origin: string;
  /** Lowercase scheme without the colon. */
  scheme: string;
  /** Host without brackets or port. */
  host: string;
  userinfo: boolean;
  /** `URL.href`, computed when first asked for (the fast path does not know it). */
  href: string | undefined;
}

/** What one parse tells, per URL string (longer strings are not kept: hostile input must not pin megabytes). */
const urlFactsMemo = boundedMemo((url) => fastHttpFacts(url) ?? parsedFacts(url), 10_000, 2048);

/** Schemes whose origin is a tuple; every other scheme gives an opaque origin. */
const TUPLE_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

function urlFacts(url: string | null | undefined): UrlFacts | null {
  if (typeof url !== 'string' || url === '') return null;
  return urlFactsMemo(url);
}

function parsedFacts(url: string): UrlFacts | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  const h = parsed.hostname;
  return {
    origin: originOfParsed(parsed),
    scheme: parsed.protocol.slice(0, -1),
    host: h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h,
    userinfo: parsed.username !== '' || parsed.password !== '',
    href: parsed.href,
  };
}

function originOfParsed(parsed: URL): string {
  if (parsed.protocol === 'blob:') {
    // A blob: URL's origin is the origin of the URL inside it.
    const inner = parseUrl(parsed.pathname);
    return inner && TUPLE_SCHEMES.has(inner.protocol) ? inner.origin : 'null';
  }
  if (!TUPLE_SCHEMES.has(parsed.protocol)) return 'null';
  return parsed.origin;
}

/**
 * `http(s)://host[:port]` followed by `/`, `?`, `#` or the end, where the parser would change
 * nothing: lowercase DNS labels of [a-z0-9-] (no IDNA `xn--`, no empty label, the last one not
 * numeric so no IPv4 rewriting) and a port without leading zeros that is not the default.
 * Anything else (uppercase, userinfo, IP literals, percent signs, whitespace…) takes the parser.
 */
function fastHttpFacts(url: string): UrlFacts | undefined {
  let start: number;
  if (url.startsWith('https://')) start = 8;
  else if (url.startsWith('http://')) start = 7;
  else return undefined;
  let labelStart = start;
  let colon = -1;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
    if (colon >= 0) {
      if (c < 48 || c > 57) return undefined; // port: digits only
      continue;
    }
    if (c === 46 || c === 58) {
      // '.' or ':' ends a label, which must not be empty or an IDNA label.
      if (i === labelStart || isXnLabel(url, labelStart)) return undefined;
      if (c === 58) colon = i;
      else labelStart = i + 1;
      continue;
    }
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return undefined;
  }
  const hostEnd = colon >= 0 ? colon : end;
  if (hostEnd === labelStart || isXnLabel(url, labelStart)) return undefined;
  // A last label starting with a digit may be an IPv4 number (`1.2.3.4`, `0x7f`, `127.1`).
  const last = url.charCodeAt(labelStart);
  if (last >= 48 && last <= 57) return undefined;
  if (colon >= 0) {
    const digits = end - colon - 1;
    if (digits === 0 || digits > 5 || url.charCodeAt(colon + 1) === 48) return undefined;
    const port = Number(url.slice(colon + 1, end));
    if (port > 65535 || port === (start === 8 ? 443 : 80)) return undefined;
  }
  return {
    origin: url.slice(0, end),
    scheme: start === 8 ? 'https' : 'http',
    host: url.slice(start, hostEnd),
    userinfo: false,
    href: undefined,
  };
}

function isXnLabel(url: string, at: number): boolean {
  return url.startsWith('xn--', at);
}

/**
 * Serialized origin of a URL: `https://a.example`, `http://[::1]:8080`, or `null` (the string)
 * for opaque origins (data:, file:, about:, custom schemes). Returns undefined when the input
 * is not a URL at all. Strings that already are a serialized origin round-trip unchanged.
 */
export function originOf(url: string | null | undefined): string | undefined {
  if (url === 'null') return 'null';
  return urlFacts(url)?.origin;
}

/** The origin as `Observation.initiatorOrigin` holds it: `null` (not the string) when opaque. */
export function originOrNull(url: string | null | undefined): string | null | undefined {
  const origin = originOf(url);
  return origin === 'null' ? null : origin;
}

/**
 * Whether `url` is of the serialized origin `origin`: `originOrNull(url) === origin`. Asked on
 * every event of an inspected tab (background/same-origin-gate.ts), so a URL that is the origin
 * followed by `/`, `?` or `#`, where the origin is in the form `fastHttpFacts` reads unchanged,
 * is answered without the memo: that prefix is all the URL's origin is read from.
 */
export function isUrlOfOrigin(url: string | null | undefined, origin: string | null | undefined): boolean {
  if (typeof url !== 'string' || typeof origin !== 'string') return false;
  const next = url.charCodeAt(origin.length);
  if ((next === 47 || next === 63 || next === 35) && url.startsWith(origin) && fastHttpFacts(origin)?.origin === origin) return true;
  return originOrNull(url) === origin;
}

/**
 * Same origin per HTML: both tuple origins and equal. An opaque origin is only same-origin with
 * itself, which two separate strings can never prove, so `null` vs anything is false.
 */
export function isSameOrigin(a: string | null | undefined, b: string | null | undefined): boolean {
  const oa = originOf(a);
  if (oa === undefined || oa === 'null') return false;
  const ob = originOf(b);
  return oa === ob;
}

/**
 * A serialized origin a browser can send and an allow-list may hold: `scheme://host[:port]`,
 * lowercase, no path, no trailing slash. Opaque `null` is deliberately not accepted.
 */
const SERIALIZED_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;
export function isSerializedOrigin(s: string): boolean {
  return s.length <= 512 && SERIALIZED_ORIGIN.test(s);
}

/** True when the string parses as an absolute URL. */
export function isUrl(url: string | null | undefined): boolean {
  return urlFacts(url) !== null;
}

/** Lowercase scheme without the colon (`https`), or '' for unparsable input. */
export function schemeOf(url: string | null | undefined): string {
  return urlFacts(url)?.scheme ?? '';
}

export function isHttpScheme(url: string | null | undefined): boolean {
  const s = schemeOf(url);
  return s === 'http' || s === 'https';
}

export function isWebSocketScheme(url: string | null | undefined): boolean {
  const s = schemeOf(url);
  return s === 'ws' || s === 'wss';
}

/** True when the URL carries a username or password (`https://user:pw@host/`). */
export function hasUserinfo(url: string | null | undefined): boolean {
  return urlFacts(url)?.userinfo === true;
}

/** Host of a URL or origin, without brackets or port ('' when unparsable). */
export function hostOf(url: string | null | undefined): string {
  return urlFacts(url)?.host ?? '';
}

/** Loopback per "potentially trustworthy": localhost names, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::1'
  );
}

/** "Potentially trustworthy origin" (secure context): https/wss, or loopback. */
export function isPotentiallyTrustworthy(origin: string | null | undefined): boolean {
  const facts = urlFacts(origin);
  if (!facts) return false;
  if (facts.scheme === 'https' || facts.scheme === 'wss') return true;
  return isLoopbackHost(facts.host);
}

/**
 * The URL as a browser prints it (`http://a.example` becomes `http://a.example/`). Unparsable
 * input comes back unchanged so hostile strings still render as what was observed.
 */
export function displayUrl(url: string): string {
  const facts = urlFacts(url);
  if (!facts) return url;
  return (facts.href ??= parseUrl(url)?.href ?? url);
}

/** Registrable-domain-free "same site" approximation: same scheme and same host suffix. */
export function isSameSiteApprox(a: string | null | undefined, b: string | null | undefined): boolean {
  const pa = urlFacts(a);
  const pb = urlFacts(b);
  if (!pa || !pb) return false;
  if (pa.scheme !== pb.scheme) return false;
  const ha = pa.host;
  const hb = pb.host;
  if (ha === hb) return true;
  const lastTwo = (h: string) => h.split('.').slice(-2).join('.');
  // IP literals have no registrable domain: only identical hosts are same-site.
  if (/^[\d.]+$/.test(ha) || /^[\d.]+$/.test(hb) || ha.includes(':') || hb.includes(':')) return false;
  return lastTwo(ha) === lastTwo(hb);
}
