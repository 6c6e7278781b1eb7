// The base app's rules, shared by every Node framework: read from BASE_SPEC_FILE.
// Auth: paths under privatePrefix need `Authorization: <token>`; everything else is public.
// Legacy CORS: the broken answers the app had before the fix (`{origin}` = the request's Origin).
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.env.BASE_SPEC_FILE, 'utf8'));
export const STACK = process.env.STACK_ID ?? 'node';
export const PORT = Number(process.env.PORT);

export const pathOf = (url) => String(url ?? '/').split('?')[0];

/** True when the auth middleware must answer 401 (OPTIONS included: it knows nothing of CORS). */
export function unauthorized(path, authorization) {
  return path.startsWith(spec.privatePrefix) && authorization !== spec.token;
}

const expand = (headers, origin) => headers.map(([n, v]) => [n, v.replaceAll('{origin}', origin ?? 'null')]);

/** The legacy preflight answer for this request, or null. */
export function legacyPreflight(method, path, acrm, origin) {
  const route = spec.routes[path];
  if (method !== 'OPTIONS' || acrm === undefined || acrm === null || !route?.preflight) return null;
  return { status: route.preflight.status, headers: expand(route.preflight.headers, origin) };
}

/** The legacy headers the route adds to its own answer. */
export function legacyActualHeaders(path, origin) {
  return expand(spec.routes[path]?.actual ?? [], origin);
}

export const okBody = (path) => JSON.stringify({ ok: true, stack: STACK, path });
