/**
 * Cheap origin extraction for the hot paths of pairing and HAR import (tens of thousands of URLs).
 * Browser-recorded URLs are already normalised (lowercase scheme and host, default port dropped),
 * so for them the origin is the text up to the end of the authority. Anything unusual (userinfo,
 * non-http schemes, uppercase) goes through the WHATWG parser. The evaluator has its own, strict
 * origin serialisation; this one only decides grouping and same-origin filtering.
 */

const cache = new Map<string, string | null>();
const CACHE_LIMIT = 10_000;

/** Serialized origin of `url`, `null` for opaque origins (data:, file:, about:), undefined if unparsable. */
export function urlOrigin(url: string): string | null | undefined {
  const fast = fastOrigin(url);
  if (fast !== undefined) return fast;
  const hit = cache.get(url);
  if (hit !== undefined || cache.has(url)) return hit;
  let origin: string | null | undefined;
  try {
    const parsed = new URL(url);
    origin = parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    origin = undefined;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  if (origin !== undefined) cache.set(url, origin);
  return origin;
}

/** True when `url` belongs to `origin` (both as browsers serialise them). */
export function isSameOrigin(url: string, origin: string): boolean {
  if (url.startsWith(origin)) {
    const next = url.charCodeAt(origin.length);
    // '/', '?', '#' or the end: the authority really ended where the origin does.
    if (Number.isNaN(next) || next === 47 || next === 63 || next === 35) return true;
  }
  return urlOrigin(url) === origin;
}

function fastOrigin(url: string): string | undefined {
  let schemeEnd: number;
  if (url.startsWith('https://')) schemeEnd = 8;
  else if (url.startsWith('http://')) schemeEnd = 7;
  else return undefined;
  let end = url.length;
  for (let i = schemeEnd; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
    // '@' (userinfo), '\\', uppercase letters, '%': let the real parser normalise.
    if (c === 64 || c === 92 || c === 37 || (c >= 65 && c <= 90)) return undefined;
  }
  if (end === schemeEnd) return undefined;
  const origin = url.slice(0, end);
  // Default ports are dropped by browsers; if one is still there, normalise properly.
  if (origin.endsWith(':80') || origin.endsWith(':443') || origin.endsWith(':')) return undefined;
  return origin;
}
