/**
 * The pieces the fix plans are written with: a fetch() call as the page would write it, the
 * sentence for an HTTP error status or a network error, and what is wrong with an origin value.
 */
import { jsString } from '../fixes/escape';
import type { FixFacts } from './facts';
import type { ClientChange } from './types';

export function fetchCall(url: string, opts: Record<string, string>): string {
  const entries = Object.entries(opts);
  const init = entries.length ? `, { ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '';
  return `fetch(${jsString(url)}${init})`;
}

export function requestOpts(f: FixFacts, method = f.method): Record<string, string> {
  const o: Record<string, string> = {};
  if (method !== 'GET') o.method = jsString(method);
  if (f.credentials) o.credentials = jsString('include');
  return o;
}

export function status(o: { status?: number } | undefined): number | undefined {
  return typeof o?.status === 'number' && o.status > 0 ? o.status : undefined;
}

export function absolute(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).toString();
  } catch {
    return undefined;
  }
}

/** The client writes a method fetch does not upper-case: the fix is in the client. */
export function oddCaseMethodChange(f: FixFacts): ClientChange {
  return {
    description: `The page sends the method \`${f.method}\` exactly as written (fetch upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT). Most servers and allow-lists expect \`${f.method.toUpperCase()}\`: write it in upper case.`,
    before: fetchCall(f.url, requestOpts(f)),
    after: fetchCall(f.url, requestOpts(f, f.method.toUpperCase())),
  };
}

export const ERROR_STATUS_HINT: Record<number, string> = {
  400: 'the server rejected the request as malformed',
  401: 'authentication failed (a missing or expired token or cookie)',
  403: 'the server (or a WAF) refused the request',
  404: 'the URL does not exist on this server',
  405: 'the route does not accept this method',
  413: 'the request body is larger than the server or proxy allows',
  500: 'the application crashed while handling it',
  502: 'a proxy could not reach the application (is it running?)',
  503: 'the service is unavailable or overloaded',
  504: 'a proxy timed out waiting for the application',
};

export function errorStatusStep(s: number, what: string): string {
  const hint = ERROR_STATUS_HINT[s] ?? (s >= 500 ? 'the server failed' : 'the server refused the request');
  return `The ${what} got HTTP ${s} (${hint}) without CORS headers, so the browser hides the error behind a CORS message. Fix the cause of the ${s}, and make error responses carry the CORS headers too (register CORS before authentication and error handlers; nginx: \`add_header … always\`).`;
}

export function netErrorStep(error: string | undefined, url: string): string {
  const e = error ?? '';
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the raw URL */
  }
  if (/CONNECTION_REFUSED|NS_ERROR_CONNECTION_REFUSED/.test(e))
    return `Nothing accepted the connection at ${host}: the server is not running there. Start it, or fix the host/port the page calls. CORS headers cannot help until something answers.`;
  if (/NAME_NOT_RESOLVED|NS_ERROR_UNKNOWN_HOST/.test(e))
    return `The host name in ${url} does not resolve. Check the API URL (typo, environment variable, DNS).`;
  if (/CERT|SSL|NS_ERROR_.*SECURITY|SEC_ERROR/.test(e))
    return `The TLS certificate of ${host} is not trusted (${e}). Use a trusted certificate (for development: mkcert), or open the API URL once and accept the certificate.`;
  if (/BLOCKED_BY_CLIENT/.test(e))
    return 'A browser extension (ad or privacy blocker) blocked the request. Allow the URL in the extension or rename the path it matches.';
  if (/TIMED_OUT|EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED/.test(e))
    return `The connection to ${host} failed (${e}): the server crashed, timed out or closed the connection. Check its logs.`;
  return `The request failed before any HTTP answer (${e || 'network error'}): a network problem, not CORS. Check that the server at ${host} is reachable.`;
}

export function originValueHint(value: string | null, origin: string | undefined): string | undefined {
  if (value === null || origin === undefined) return undefined;
  const v = value.trim();
  if (v === `${origin}/`) return 'It has a trailing slash: an origin never does.';
  if (v.toLowerCase() === origin && v !== origin) return 'Only the letter case differs: the comparison is case-sensitive.';
  if (/^https?:\/\//.test(v) && v.replace(/^https?/, '') === origin.replace(/^https?/, '')) return 'The scheme differs (http vs https).';
  if (v.replace(/:(80|443)$/, '') === origin) return 'It names the default port explicitly: the origin leaves it out.';
  if (!v.includes('://') && v !== '*' && v !== 'null') return 'It lacks the scheme: write the full origin.';
  return undefined;
}
