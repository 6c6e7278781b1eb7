/**
 * Warnings on exchanges (mostly working ones): risky, slow or non-conformant CORS setups that
 * browsers accept today (taxonomy A7). Each check is independent and cheap.
 */
import type { Evidence, HeaderList, Hop, Warning } from '../model';
import type { ExchangeFacts } from '../facts';
import { methodOfHop, unsafeHeadersOfHop } from '../facts';
import { getHeader, headerNames, splitList } from '../http/headers';
import { isUnnormalizedLowercaseMethod } from '../http/methods';
import { hasUserinfo, hostOf, isLoopbackHost, isSameOrigin, isSameSiteApprox, schemeOf } from '../http/origin';
import { CORS_SAFELISTED_RESPONSE_HEADERS, isCommonlyReadResponseHeader } from '../http/safelist';
import { parseTokenList } from '../http/tokens';
import { authorizationCoveredByWildcard } from './preflight';
import type { Finding } from './types';

export interface LintInput {
  facts: ExchangeFacts;
  finding: Finding;
  credentials: boolean;
  /** Why a preflight was needed (from requestCorsProfile), empty when none. */
  preflightReasons: string[];
}

const MAX_AGE_CAP = { chrome: 7200, firefox: 86400, safari: 600 } as const;

const HIDDEN_ALWAYS = new Set(['set-cookie', 'set-cookie2']);
const CORS_RESPONSE_HEADERS = /^access-control-/;

function w(id: string, severity: Warning['severity'], message: string, evidence?: Evidence[]): Warning {
  return evidence && evidence.length > 0 ? { id, severity, message, evidence } : { id, severity, message };
}

function acaoEvidence(on: Evidence['on'], hop: number, acao: string): Evidence[] {
  return [{ on, hop, field: 'access-control-allow-origin', value: acao, note: '' }];
}

/** Warnings about one response's ACAO/ACAC; each id at most once per exchange (`seen`). */
function responseWarnings(
  headers: HeaderList,
  on: Evidence['on'],
  hop: number,
  url: string,
  origin: string | undefined,
  out: Warning[],
  seen: string[],
): void {
  const acao = getHeader(headers, 'access-control-allow-origin');
  if (acao === null) return;
  const acac = getHeader(headers, 'access-control-allow-credentials');
  const once = (id: string, severity: Warning['severity'], message: string) => {
    if (seen.includes(id)) return;
    seen.push(id);
    out.push(w(id, severity, message, acaoEvidence(on, hop, acao)));
  };
  if (acao === 'null') {
    once('warn-acao-null', 'security', "Access-Control-Allow-Origin: null lets any sandboxed iframe, data: or file: document (all have origin 'null') read this response. Use explicit origins.");
  }
  if (acao === '*' && acac === 'true') {
    once('warn-acac-with-wildcard', 'warning', "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true never works for credentialed requests; ACAC is ignored without credentials. Use the exact origin if credentials are needed.");
  }
  if (acao.startsWith('http://') && schemeOf(url) === 'https' && !isLoopbackHost(hostOf(acao))) {
    once('warn-http-origin-trusted', 'security', `This HTTPS API trusts the plain-HTTP origin ${acao}; anyone on the network path can inject script into that origin and read the API's responses. Allow only https origins.`);
  }
  if (origin && origin !== 'null' && acao === origin) {
    const checkVary = on !== 'preflight-response';
    if (!checkVary && acac !== 'true') return;
    const vary = splitList(getHeader(headers, 'vary')).map((v) => v.toLowerCase());
    if (checkVary && !vary.includes('origin') && !vary.includes('*') && !/no-store|private/.test(getHeader(headers, 'cache-control')?.toLowerCase() ?? '')) {
      once('warn-reflected-origin-without-vary', 'warning', 'Access-Control-Allow-Origin names this origin but the response has no Vary: Origin. If the server picks the value per request, a shared or browser cache can serve this response to another origin and cause intermittent CORS errors. Add Vary: Origin.');
    }
    if (acac === 'true' && vary.includes('origin')) {
      once('warn-reflect-any-origin-with-credentials', 'security', 'The server chooses Access-Control-Allow-Origin per request and allows credentials. Make sure it only echoes origins from an explicit allow-list: echoing any Origin lets every website read this user’s authenticated responses.');
    }
  }
}

export function lint(input: LintInput): Warning[] {
  const { facts, finding, credentials } = input;
  if (finding.outcome === 'not-cors' || finding.outcome === 'network-error') return [];
  const hops = facts.hops;
  const lastIndex = finding.outcome === 'allowed' ? finding.hop : hops.length - 1;
  const last: Hop | undefined = hops[lastIndex];
  const out = requestWarnings(input);
  for (let i = 0; i < hops.length; i++) out.push(...preflightWarnings(hops[i]!, i, credentials));
  // Response checks (every response with CORS headers), in hop order, the preflight's first.
  const seen: string[] = [];
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (Array.isArray(h.preflight?.responseHeaders)) responseWarnings(h.preflight!.responseHeaders, 'preflight-response', i, h.request.url, facts.initiator, out, seen);
    if (Array.isArray(h.request.responseHeaders)) responseWarnings(h.request.responseHeaders, i < hops.length - 1 ? 'redirect-response' : 'response', i, h.request.url, facts.initiator, out, seen);
  }
  // Readable response headers (only when the page can read the response).
  if (finding.outcome === 'allowed' && last) out.push(...exposeWarnings(last, lastIndex, credentials));
  if (credentials && last) out.push(...cookieWarnings(facts.initiator, last));
  return out;
}

/** Request-side checks (also useful when blocked). */
function requestWarnings({ facts, preflightReasons }: LintInput): Warning[] {
  const out: Warning[] = [];
  const hops = facts.hops;
  const firstHop = hops[0]!;
  const method = methodOfHop(firstHop);
  if (isUnnormalizedLowercaseMethod(method)) {
    out.push(
      w('warn-lowercase-method', 'warning', `The method is sent as '${method}': fetch() uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT, and Access-Control-Allow-Methods matching is case-sensitive. Write '${method.toUpperCase()}' in the code.`, [
        { on: 'request', hop: 0, field: ':method', value: method, expected: method.toUpperCase(), note: 'not normalized' },
      ]),
    );
  }
  if (hasUserinfo(firstHop.request.url)) {
    out.push(w('warn-credentials-in-request-url', 'warning', 'The request URL contains user:password@; Chrome strips it from CORS requests, so those credentials never reach the server. Use an Authorization header.'));
  }
  const headerReasons = preflightReasons.filter((r) => !r.startsWith('method '));
  if (headerReasons.length > 0 && facts.mode === 'cors') {
    out.push(w('warn-unexpected-preflight', 'info', `This request needs a preflight (an extra OPTIONS round trip) because ${headerReasons.join('; ')}.`));
  }
  for (let i = 0; i + 1 < hops.length; i++) {
    const h = hops[i]!;
    if (getHeader(h.request.requestHeaders, 'authorization') !== null && !isSameOrigin(h.request.url, hops[i + 1]!.request.url)) {
      out.push(w('redirect-authorization-stripped', 'warning', `The request carried an Authorization header and was redirected to another origin (${hops[i + 1]!.request.url}); browsers drop Authorization on such redirects, so the target sees an unauthenticated request.`));
      break;
    }
  }
  return out;
}

/** Preflight response checks: cache lifetime, `*` with credentials, Authorization under `*`. */
function preflightWarnings(hop: Hop, i: number, credentials: boolean): Warning[] {
  const out: Warning[] = [];
  const pf = hop.preflight;
  if (!pf || !Array.isArray(pf.responseHeaders)) return out;
  const maxAge = getHeader(pf.responseHeaders, 'access-control-max-age');
  if (maxAge !== null) {
    const ev: Evidence[] = [{ on: 'preflight-response', hop: i, field: 'access-control-max-age', value: maxAge, note: 'preflight cache lifetime' }];
    if (!/^-?\d+$/.test(maxAge)) {
      out.push(w('warn-max-age-invalid-or-zero', 'warning', `Access-Control-Max-Age ${JSON.stringify(maxAge)} is not a whole number of seconds: Firefox does not cache the preflight at all, Chrome and Safari fall back to 5 seconds.`, ev));
    } else if (Number(maxAge) <= 0) {
      out.push(w('warn-max-age-invalid-or-zero', 'info', `Access-Control-Max-Age is ${maxAge}: the preflight is never cached, so every request pays an extra OPTIONS round trip.`, ev));
    } else {
      const n = Number(maxAge);
      const clamped = (Object.keys(MAX_AGE_CAP) as Array<keyof typeof MAX_AGE_CAP>).filter((b) => n > MAX_AGE_CAP[b]);
      if (clamped.length > 0) {
        out.push(w('warn-max-age-exceeds-cap', 'info', `Access-Control-Max-Age ${n} is above the browser cap (${clamped.map((b) => `${b} ${MAX_AGE_CAP[b]} s`).join(', ')}); those browsers re-send the preflight sooner than configured.`, ev));
      }
    }
  }
  const acam = getHeader(pf.responseHeaders, 'access-control-allow-methods');
  const acah = getHeader(pf.responseHeaders, 'access-control-allow-headers');
  if (credentials && [acam, acah].some((v) => parseTokenList(v).ok && (parseTokenList(v) as { items: string[] }).items.includes('*'))) {
    out.push(w('warn-wildcard-methods-headers-with-credentials', 'warning', "Access-Control-Allow-Methods/-Headers contain '*', but for credentialed requests '*' is a literal name, not a wildcard. List the methods and headers explicitly."));
  }
  if (authorizationCoveredByWildcard(pf, unsafeHeadersOfHop(hop), credentials)) {
    out.push(
      w('warn-authorization-wildcard', 'warning', "Authorization is allowed only through Access-Control-Allow-Headers: *. Chrome, Firefox and Safari accept this today (Chrome shows a deprecation issue, Firefox a warning), but the Fetch standard excludes Authorization from '*'. List Authorization explicitly.", [
        { on: 'preflight-response', hop: i, field: 'access-control-allow-headers', value: acah, expected: 'Authorization', note: "'*' does not cover Authorization per spec" },
      ]),
    );
  }
  return out;
}

/** Response headers apps read that the page cannot, for want of Access-Control-Expose-Headers. */
function exposeWarnings(last: Hop, lastIndex: number, credentials: boolean): Warning[] {
  const headers = last.request.responseHeaders;
  if (!Array.isArray(headers)) return [];
  const aceh = parseTokenList(getHeader(headers, 'access-control-expose-headers'));
  const exposed = new Set(aceh.ok ? aceh.items.map((h) => h.toLowerCase()) : []);
  const star = exposed.has('*') && !credentials;
  const hidden: string[] = [];
  if (!star) {
    for (const n of headerNames(headers)) {
      if (!CORS_SAFELISTED_RESPONSE_HEADERS.has(n) && !CORS_RESPONSE_HEADERS.test(n) && !HIDDEN_ALWAYS.has(n) && isCommonlyReadResponseHeader(n) && !exposed.has(n)) hidden.push(n);
    }
  }
  if (hidden.length === 0) return [];
  return [
    w('warn-expose-headers-missing', 'info', `The page cannot read ${hidden.join(', ')} from this response (headers.get() returns null) unless the server lists ${hidden.length === 1 ? 'it' : 'them'} in Access-Control-Expose-Headers.${exposed.has('*') && credentials ? " '*' is literal for credentialed requests." : ''}`, [
      { on: 'response', hop: lastIndex, field: 'access-control-expose-headers', value: getHeader(headers, 'access-control-expose-headers'), expected: hidden.join(', '), note: 'not exposed' },
    ]),
  ];
}

/** A credentialed cross-site request that carried no cookie. */
function cookieWarnings(origin: string | undefined, last: Hop): Warning[] {
  if (!origin || isSameSiteApprox(origin, last.request.url) || !last.request.requestHeaders || last.request.requestHeadersProvisional) return [];
  if (getHeader(last.request.requestHeaders, 'cookie') !== null) return [];
  const status = last.request.status ?? 0;
  return [
    w('warn-third-party-cookies', 'info', `The request was credentialed but carried no Cookie header. Cross-site cookies need SameSite=None; Secure, and third-party cookies may be blocked by the browser (Safari and Firefox by default, Chrome by user setting).${status === 401 || status === 403 ? ` The ${status} response may be caused by the missing session cookie.` : ''}`),
  ];
}
