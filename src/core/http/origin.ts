/**
 * Origins as browsers serialize them (HTML "serialization of an origin"): lowercase scheme and
 * host, default port dropped, IPv6 in brackets, and the string `null` for opaque origins.
 * The WHATWG URL parser (global `URL`, available in every runtime we target) already does the
 * canonicalisation; these helpers only make it total (never throw).
 */

/** Parse a URL, or return null when it is not a valid absolute URL. */
export function parseUrl(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Schemes whose origin is a tuple; every other scheme gives an opaque origin. */
const TUPLE_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/**
 * Serialized origin of a URL: `https://a.example`, `http://[::1]:8080`, or `null` (the string)
 * for opaque origins (data:, file:, about:, custom schemes). Returns undefined when the input
 * is not a URL at all. Strings that already are a serialized origin round-trip unchanged.
 */
export function originOf(url: string | null | undefined): string | undefined {
  if (url === 'null') return 'null';
  if (typeof url !== 'string') return undefined;
  // Evaluating one exchange asks for the same few origins many times; URL parsing dominates.
  if (ORIGIN_CACHE.has(url)) return ORIGIN_CACHE.get(url);
  const origin = computeOrigin(url);
  if (ORIGIN_CACHE.size >= ORIGIN_CACHE_MAX) ORIGIN_CACHE.clear();
  if (url.length <= 2048) ORIGIN_CACHE.set(url, origin);
  return origin;
}

const ORIGIN_CACHE = new Map<string, string | undefined>();
const ORIGIN_CACHE_MAX = 2000;

function computeOrigin(url: string): string | undefined {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  if (parsed.protocol === 'blob:') {
    // A blob: URL's origin is the origin of the URL inside it.
    const inner = parseUrl(parsed.pathname);
    return inner && TUPLE_SCHEMES.has(inner.protocol) ? inner.origin : 'null';
  }
  if (!TUPLE_SCHEMES.has(parsed.protocol)) return 'null';
  return parsed.origin;
}

/**
 * Same origin per HTML: both tuple origins and equal. An opaque origin is only same-origin with
 * itself, which two separate strings can never prove, so `null` vs anything is false.
 */
export function isSameOrigin(a: string | null | undefined, b: string | null | undefined): boolean {
  const oa = originOf(a);
  const ob = originOf(b);
  if (oa === undefined || ob === undefined || oa === 'null' || ob === 'null') return false;
  return oa === ob;
}

/** Lowercase scheme without the colon (`https`), or '' for unparsable input. */
export function schemeOf(url: string | null | undefined): string {
  const parsed = parseUrl(url);
  return parsed ? parsed.protocol.slice(0, -1) : '';
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
  const parsed = parseUrl(url);
  return !!parsed && (parsed.username !== '' || parsed.password !== '');
}

/** Host of a URL or origin, without brackets or port ('' when unparsable). */
export function hostOf(url: string | null | undefined): string {
  const parsed = parseUrl(url);
  if (!parsed) return '';
  const h = parsed.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
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
  const parsed = parseUrl(origin);
  if (!parsed) return false;
  if (parsed.protocol === 'https:' || parsed.protocol === 'wss:') return true;
  return isLoopbackHost(hostOf(origin));
}

/**
 * The URL as a browser prints it (`http://a.example` becomes `http://a.example/`). Unparsable
 * input comes back unchanged so hostile strings still render as what was observed.
 */
export function displayUrl(url: string): string {
  const parsed = parseUrl(url);
  return parsed ? parsed.href : url;
}

/** Registrable-domain-free "same site" approximation: same scheme and same host suffix. */
export function isSameSiteApprox(a: string | null | undefined, b: string | null | undefined): boolean {
  const pa = parseUrl(a);
  const pb = parseUrl(b);
  if (!pa || !pb) return false;
  if (pa.protocol !== pb.protocol) return false;
  const ha = hostOf(a);
  const hb = hostOf(b);
  if (ha === hb) return true;
  const lastTwo = (h: string) => h.split('.').slice(-2).join('.');
  // IP literals have no registrable domain: only identical hosts are same-site.
  if (/^[\d.]+$/.test(ha) || /^[\d.]+$/.test(hb) || ha.includes(':') || hb.includes(':')) return false;
  return lastTwo(ha) === lastTwo(hb);
}
