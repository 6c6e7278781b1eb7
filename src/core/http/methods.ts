/** HTTP methods as Fetch treats them: safelisting, normalization, forbidden methods. */

const NORMALIZED = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** CORS-safelisted methods: GET, HEAD, POST (Chromium compares after ASCII-uppercasing). */
export function isCorsSafelistedMethod(method: string): boolean {
  // The common spellings answer without allocating an uppercased copy.
  if (method === 'GET' || method === 'POST' || method === 'HEAD') return true;
  if (method === 'PUT' || method === 'DELETE' || method === 'PATCH' || method === 'OPTIONS') return false;
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'POST';
}

/**
 * Fetch "normalize a method": only DELETE/GET/HEAD/OPTIONS/POST/PUT are uppercased. `patch`
 * stays `patch`, which then does not match `Access-Control-Allow-Methods: PATCH`.
 */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.includes(upper) ? upper : method;
}

/** True when `fetch()` would send the method in a different case than an uppercase list expects. */
export function isUnnormalizedLowercaseMethod(method: string): boolean {
  return normalizeMethod(method) === method && method !== method.toUpperCase();
}

/** CONNECT, TRACE, TRACK: script cannot use them. */
export function isForbiddenMethod(method: string): boolean {
  const m = method.toUpperCase();
  return m === 'CONNECT' || m === 'TRACE' || m === 'TRACK';
}
