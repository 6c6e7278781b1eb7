/**
 * The list's reason column: the cause in a few words ("No ACAO", "ACAO ≠ origin", "X-Request-ID
 * not allowed", "preflight 401 — auth before CORS", "not CORS: connection refused"), from the
 * verdict and the exchange. The full sentence stays in the verdict's summary (the tooltip).
 */
import type { AnalyzedExchange, Exchange, Observation, Verdict } from './model';
import { headerValues } from './http/headers';
import { reasonInfo } from './reasons';

/** A few words per warning id; unknown ids fall back to the reason catalogue's title. */
const WARNING_WORDS: ReadonlyMap<string, string> = new Map([
  ['warn-acao-null', 'works, but ACAO is null'],
  ['warn-acac-with-wildcard', 'works, but ACAO * with ACAC'],
  ['warn-http-origin-trusted', 'works, but trusts an http origin'],
  ['warn-reflected-origin-without-vary', 'works, but no Vary: Origin'],
  ['warn-reflect-any-origin-with-credentials', 'works, but reflects origins with credentials'],
  ['warn-lowercase-method', 'works, but lowercase method'],
  ['warn-credentials-in-request-url', 'user:pass in the URL is dropped'],
  ['warn-max-age-invalid-or-zero', 'works, preflight never cached'],
  ['warn-max-age-exceeds-cap', 'works, Max-Age above the cap'],
  ['warn-wildcard-methods-headers-with-credentials', 'works, but * is literal with credentials'],
  ['warn-authorization-wildcard', 'works, Authorization only via *'],
]);

/** A few words per browser network error, for "not CORS: …". */
const NETWORK_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/CONNECTION_REFUSED/, 'connection refused'],
  [/NAME_NOT_RESOLVED|UNKNOWN_HOST/, 'DNS lookup failed'],
  [/CERT|SSL|SEC_ERROR|TLS/, 'certificate or TLS error'],
  [/TIMED_OUT|NET_TIMEOUT/, 'timed out'],
  [/CONNECTION_RESET|NET_RESET|NET_INTERRUPT/, 'connection reset'],
  [/CONNECTION_CLOSED|EMPTY_RESPONSE|PARTIAL_TRANSFER/, 'connection closed'],
  [/ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|NETWORK_CHANGED|OFFLINE/, 'network unreachable'],
];

/** A sentence cut at a word boundary near 40 characters. */
function clipWords(s: string, max = 40): string {
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max);
  return `${s.slice(0, cut > 20 ? cut : max)}…`;
}

function networkWords(error: string | undefined): string {
  if (!error) return 'network error';
  for (const [re, words] of NETWORK_WORDS) if (re.test(error)) return words;
  return error.replace(/^net::ERR_|^NS_ERROR_/, '').toLowerCase().replace(/_/g, ' ');
}

function firstError(e: Exchange): string | undefined {
  for (const h of e.hops) {
    if (h.preflight?.error) return h.preflight.error;
    if (h.request.error) return h.request.error;
  }
  return undefined;
}

function preflightOf(e: Exchange, v: Verdict): Observation | undefined {
  return e.hops[v.hop]?.preflight ?? e.hops.find((h) => h.preflight)?.preflight;
}

/** The header as the page spelled it (`X-Request-ID`), not as the preflight lists it (lowercase). */
function pageSpelling(e: Exchange, lower: string): string {
  for (const h of e.hops[0]?.request.requestHeaders ?? []) if (h.name.toLowerCase() === lower) return h.name;
  return lower;
}

const AUTH = new Set([401, 403]);
const NOT_ROUTED = new Set([404, 405, 501]);

function preflightStatusWords(status: number | undefined): string | undefined {
  if (status === undefined || status === 0) return undefined;
  if (AUTH.has(status)) return `preflight ${status} — auth before CORS`;
  if (NOT_ROUTED.has(status)) return `preflight ${status} — OPTIONS not handled`;
  if (status < 200 || status >= 300) return `preflight ${status}`;
  return undefined;
}

function blockedWords(e: Exchange, v: Verdict): string {
  const pf = preflightOf(e, v);
  const onPreflight = v.reason.startsWith('preflight-');
  // A preflight rejected by auth or a missing route fails every check; its status says why.
  const statusWords = onPreflight ? preflightStatusWords(pf?.status) : undefined;
  if (statusWords && v.reason !== 'preflight-redirect') return statusWords;
  const p = onPreflight ? 'preflight: ' : '';
  const actual = e.hops[v.hop]?.request;
  switch (v.reason) {
    case 'acao-missing':
    case 'preflight-acao-missing':
      return `${p}No ACAO`;
    case 'server-error-without-cors':
      return `${actual?.status ?? 'error'} without CORS headers`;
    case 'acao-wildcard-with-credentials':
    case 'preflight-acao-wildcard-with-credentials':
      return `${p}ACAO * with credentials`;
    case 'acao-multiple-values':
    case 'preflight-acao-multiple-values':
      return `${p}ACAO sent twice`;
    case 'acao-invalid-value':
    case 'preflight-acao-invalid-value':
      return `${p}invalid ACAO`;
    case 'acao-mismatch':
    case 'preflight-acao-mismatch':
      return `${p}ACAO ≠ origin`;
    case 'acac-invalid':
    case 'preflight-acac-invalid':
      return `${p}ACAC not "true"`;
    case 'preflight-method-not-allowed':
      return `${v.failedParameter || e.method} not allowed`;
    case 'preflight-header-not-allowed':
      return `${pageSpelling(e, (v.failedParameter || '').toLowerCase()) || 'a header'} not allowed`;
    case 'preflight-redirect':
      return 'preflight redirected';
    case 'preflight-network-failure':
      return `preflight failed: ${networkWords(pf?.error)}`;
    default:
      return reasonInfo(v.reason).title;
  }
}

function allowedWords(e: Exchange, v: Verdict): string {
  const warning = v.warnings.find((w) => w.severity !== 'info');
  if (warning) return WARNING_WORDS.get(warning.id) ?? clipWords(warning.message);
  const preflighted = e.hops.some((h) => h.preflight) || e.preflightCacheHit === true;
  const credentialed = v.credentials.mode === 'include' && headerValues(e.hops[0]?.request.requestHeaders, 'cookie').length > 0;
  return ['OK', preflighted ? 'preflighted' : '', credentialed ? 'with cookies' : ''].filter(Boolean).join(', ');
}

export function shortReason({ exchange: e, verdict: v }: AnalyzedExchange): string {
  switch (v.outcome) {
    case 'blocked':
      return blockedWords(e, v);
    case 'allowed':
      return allowedWords(e, v);
    case 'network-error':
      return v.reason === 'net-error-not-cors' ? `not CORS: ${networkWords(firstError(e))}` : `not CORS: ${reasonInfo(v.reason).title.toLowerCase()}`;
    case 'opaque':
      return v.reason === 'opaque-redirect' ? 'opaque redirect (manual)' : 'opaque (no-cors)';
    case 'not-cors':
      return reasonInfo(v.reason).title;
    default:
      return reasonInfo(v.reason).title;
  }
}
