/**
 * The CORS-preflight response check, per engine and in each engine's order.
 *
 * Chromium (`preflight_controller.cc`): any redirect ⇒ PreflightDisallowedRedirect (before any
 * header is read) → ACAO/ACAC (Preflight* errors) → status 2xx → parse ACAM → parse ACAH →
 * method → headers (first missing name in sorted order).
 * Firefox (`nsCORSListenerProxy.cpp`): the preflight channel is CORS-checked first (ACAO/ACAC;
 * on a 3xx that check runs on the redirect, then CORSExternalRedirectNotAllowed) → status →
 * ACAM tokens → method → ACAH tokens → headers. Firefox checks the preflight against the page's
 * origin even after a tainting redirect (observed in Firefox 153, taxonomy F).
 * WebKit: status first (a redirect is a failed status) → ACAO/ACAC → ACAM parse → method →
 * ACAH parse → headers.
 */
import type { BrowserId, Evidence, Observation, ReasonId } from '../model';
import { getHeader } from '../http/headers';
import { isCorsSafelistedMethod } from '../http/methods';
import { parseTokenList, type TokenListResult } from '../http/tokens';
import {
  accessEvidence,
  accessReason,
  checkAccess,
  chromeCorsError,
  chromeFailedParameter,
  firefoxAccessLine,
  safariAccessLine,
} from './access-check';
import { DID_NOT_SUCCEED, type FirefoxLine, type SafariLine } from './types';
import { webkitFirstDisallowed, webkitHeaderSpelling } from './webkit-headers';

export interface PreflightInput {
  preflight: Observation;
  hop: number;
  /** The actual request's method as sent (case preserved). */
  method: string;
  /** CORS-unsafe request-header names (lowercase, sorted). */
  unsafeHeaders: string[];
  /** The request's header names as the page spelled them, when captured (WebKit prints that spelling). */
  requestHeaderNames?: readonly string[];
  credentials: boolean;
  /** Origin the engine checks the preflight against. */
  origin: string;
  url: string;
}

export interface PreflightProblem {
  reason: ReasonId;
  corsError: string | null;
  failedParameter?: string;
  firefoxLines: FirefoxLine[];
  safari: SafariLine | null;
  evidence: Evidence[];
  status?: number;
}

export function isOkStatus(status: number | undefined): boolean {
  return typeof status === 'number' && status >= 200 && status <= 299;
}

/** The preflight response was a redirect (the browser never follows one). */
export function isPreflightRedirect(p: Observation): boolean {
  if (p.error === 'net::ERR_INVALID_REDIRECT') return true;
  if (typeof p.redirectUrl === 'string' && p.redirectUrl !== '') return true;
  const s = p.status ?? 0;
  return s >= 300 && s <= 399 && getHeader(p.responseHeaders, 'location') !== null;
}

const ON: Evidence['on'] = 'preflight-response';

function statusEvidence(hop: number, status: number | undefined, note: string): Evidence {
  return { on: ON, hop, field: ':status', value: status === undefined ? null : String(status), expected: '200–299', note };
}

/** Firefox accepts GET/HEAD/POST only in uppercase here (`EqualsLiteral`). */
function methodAllowed(browser: BrowserId, method: string, methods: string[], credentials: boolean): boolean {
  if (methods.includes(method)) return true;
  if (!credentials && methods.includes('*')) return true;
  if (browser === 'chrome') return isCorsSafelistedMethod(method);
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

/** First unsafe header not covered by the ACAH list; Authorization is covered by `*` today. */
function firstDisallowedHeader(unsafe: string[], allowed: string[], credentials: boolean): string | null {
  const lower = new Set(allowed.map((h) => h.toLowerCase()));
  if (!credentials && lower.has('*')) return null;
  for (const name of unsafe) if (!lower.has(name)) return name;
  return null;
}

function accessStep(browser: BrowserId, i: PreflightInput): PreflightProblem | null {
  const p = i.preflight;
  const problem = checkAccess(browser, { headers: p.responseHeaders, credentials: i.credentials, origin: i.origin });
  if (!problem) return null;
  return {
    reason: accessReason(problem.kind, true),
    corsError: browser === 'chrome' ? chromeCorsError(problem.kind, true) : null,
    ...(browser === 'chrome' ? { failedParameter: chromeFailedParameter(problem) } : {}),
    firefoxLines: browser === 'firefox' ? [firefoxAccessLine(problem, i.url, p.status)] : [],
    safari: browser === 'safari' ? safariAccessLine(problem, i.origin, p.status) : null,
    evidence: accessEvidence(problem, ON, i.hop, i.origin, p.responseHeaders),
    ...(p.status !== undefined ? { status: p.status } : {}),
  };
}

/** The preflight's ACAM and ACAH, read and parsed once for all list steps. */
interface Lists {
  acamValue: string | null;
  acahValue: string | null;
  acam: TokenListResult;
  acah: TokenListResult;
}

/** What differs between an unparsable Access-Control-Allow-Methods and -Headers. */
const UNPARSABLE = {
  methods: {
    reason: 'preflight-acam-unparsable',
    corsError: 'InvalidAllowMethodsPreflightResponse',
    firefoxKey: 'CORSInvalidAllowMethod',
    safariKind: 'invalid-allow-methods',
    field: 'access-control-allow-methods',
    item: 'a method token',
  },
  headers: {
    reason: 'preflight-acah-unparsable',
    corsError: 'InvalidAllowHeadersPreflightResponse',
    firefoxKey: 'CORSInvalidAllowHeader',
    safariKind: 'invalid-allow-headers',
    field: 'access-control-allow-headers',
    item: 'a header-name token',
  },
} as const;

function unparsableList(browser: BrowserId, i: PreflightInput, which: keyof typeof UNPARSABLE, value: string | null, parsed: TokenListResult): PreflightProblem | null {
  if (parsed.ok) return null;
  const u = UNPARSABLE[which];
  return {
    reason: u.reason,
    corsError: browser === 'chrome' ? u.corsError : null,
    ...(browser === 'chrome' ? { failedParameter: '' } : {}),
    firefoxLines: browser === 'firefox' ? [{ key: u.firefoxKey, url: i.url, arg: parsed.invalid }] : [],
    safari: browser === 'safari' ? { kind: u.safariKind, value: value ?? '' } : null,
    evidence: [{ on: ON, hop: i.hop, field: u.field, value, note: `'${parsed.invalid}' is not ${u.item} (use a comma-separated list)` }],
  };
}

const acamFail = (browser: BrowserId, i: PreflightInput, l: Lists) => unparsableList(browser, i, 'methods', l.acamValue, l.acam);
const acahFail = (browser: BrowserId, i: PreflightInput, l: Lists) => unparsableList(browser, i, 'headers', l.acahValue, l.acah);

function methodFail(browser: BrowserId, i: PreflightInput, l: Lists): PreflightProblem | null {
  if (!l.acam.ok || methodAllowed(browser, i.method, l.acam.items, i.credentials)) return null;
  const starLiteral = i.credentials && l.acam.items.includes('*');
  return {
    reason: 'preflight-method-not-allowed',
    corsError: browser === 'chrome' ? 'MethodDisallowedByPreflightResponse' : null,
    ...(browser === 'chrome' ? { failedParameter: i.method } : {}),
    firefoxLines: browser === 'firefox' ? [{ key: 'CORSMethodNotFound', url: i.url }] : [],
    safari: browser === 'safari' ? { kind: 'method-not-allowed', value: i.method } : null,
    evidence: [
      { on: 'preflight-request', hop: i.hop, field: 'access-control-request-method', value: i.method, note: 'method the page used' },
      {
        on: ON,
        hop: i.hop,
        field: 'access-control-allow-methods',
        value: l.acamValue,
        expected: i.method,
        note: starLiteral ? "'*' is literal for requests with credentials" : l.acamValue === null ? 'missing' : 'method not listed (exact, case-sensitive match)',
      },
    ],
  };
}

function headerFail(browser: BrowserId, i: PreflightInput, l: Lists): PreflightProblem | null {
  if (!l.acah.ok) return null;
  const first = firstDisallowedHeader(i.unsafeHeaders, l.acah.items, i.credentials);
  if (first === null) return null;
  const webkitName = browser === 'safari' ? safariDisallowedHeader(i, l.acah.items) : null;
  const missing = webkitName?.toLowerCase() ?? first;
  const starLiteral = i.credentials && l.acah.items.includes('*');
  return {
    reason: 'preflight-header-not-allowed',
    corsError: browser === 'chrome' ? 'HeaderDisallowedByPreflightResponse' : null,
    ...(browser === 'chrome' ? { failedParameter: missing } : {}),
    firefoxLines: browser === 'firefox' ? [{ key: 'CORSMissingAllowHeaderFromPreflight2', url: i.url, arg: missing }] : [],
    safari: browser === 'safari' ? { kind: 'header-not-allowed', value: webkitName ?? webkitHeaderSpelling(missing) } : null,
    evidence: [
      { on: 'preflight-request', hop: i.hop, field: 'access-control-request-headers', value: i.unsafeHeaders.join(',') || null, note: 'headers the page set' },
      {
        on: ON,
        hop: i.hop,
        field: 'access-control-allow-headers',
        value: l.acahValue,
        expected: missing,
        note: starLiteral ? "'*' is literal for requests with credentials" : l.acahValue === null ? 'missing' : `${missing} not listed`,
      },
    ],
  };
}

/** The header WebKit names (its order and spelling, see webkit-headers.ts), when the page's names were captured. */
function safariDisallowedHeader(i: PreflightInput, allowed: string[]): string | null {
  const allowedLower = new Set(allowed.map((h) => h.toLowerCase()));
  const starCovers = !i.credentials && allowedLower.has('*');
  const disallowed = new Set(i.unsafeHeaders.filter((n) => !starCovers && !allowedLower.has(n)));
  return webkitFirstDisallowed(i.requestHeaderNames ?? [], disallowed);
}

function listSteps(browser: BrowserId, i: PreflightInput): PreflightProblem | null {
  const h = i.preflight.responseHeaders;
  const acamValue = getHeader(h, 'access-control-allow-methods');
  const acahValue = getHeader(h, 'access-control-allow-headers');
  const l: Lists = { acamValue, acahValue, acam: parseTokenList(acamValue), acah: parseTokenList(acahValue) };
  // Chromium parses both lists before matching; Firefox and WebKit interleave parse and match.
  if (browser === 'chrome') return acamFail(browser, i, l) ?? acahFail(browser, i, l) ?? methodFail(browser, i, l) ?? headerFail(browser, i, l);
  return acamFail(browser, i, l) ?? methodFail(browser, i, l) ?? acahFail(browser, i, l) ?? headerFail(browser, i, l);
}

function withDidNotSucceed(problem: PreflightProblem, url: string, extra = 1): PreflightProblem {
  const lines = [...problem.firefoxLines];
  for (let n = 0; n < extra; n++) lines.push({ key: DID_NOT_SUCCEED, url, arg: '(null)' });
  return { ...problem, firefoxLines: lines };
}

function redirectProblem(browser: BrowserId, i: PreflightInput): PreflightProblem {
  const p = i.preflight;
  return {
    reason: 'preflight-redirect',
    corsError: browser === 'chrome' ? 'PreflightDisallowedRedirect' : null,
    ...(browser === 'chrome' ? { failedParameter: '' } : {}),
    firefoxLines: browser === 'firefox' ? [{ key: 'CORSExternalRedirectNotAllowed', url: i.url }] : [],
    // WebKit does not follow it and reports the 3xx as a failed status (verified in WebKitGTK 2.50).
    safari: browser === 'safari' ? { kind: 'preflight-not-ok', ...(p.status ? { status: p.status } : {}) } : null,
    evidence: [
      statusEvidence(i.hop, p.status, 'a preflight must not redirect'),
      { on: ON, hop: i.hop, field: 'location', value: p.redirectUrl ?? getHeader(p.responseHeaders, 'location'), note: 'redirect target' },
    ],
    ...(p.status !== undefined ? { status: p.status } : {}),
  };
}

function statusProblem(browser: BrowserId, i: PreflightInput): PreflightProblem | null {
  const p = i.preflight;
  return isOkStatus(p.status)
      ? null
      : {
          reason: 'preflight-non-ok-status',
          corsError: browser === 'chrome' ? 'PreflightInvalidStatus' : null,
          ...(browser === 'chrome' ? { failedParameter: '' } : {}),
          firefoxLines: browser === 'firefox' ? [{ key: 'CORSPreflightDidNotSucceed3', url: i.url, arg: p.status ? String(p.status) : '(null)' }] : [],
          safari: browser === 'safari' ? { kind: 'preflight-not-ok', ...(p.status ? { status: p.status } : {}) } : null,
          evidence: [statusEvidence(i.hop, p.status, 'the preflight needs an ok (2xx) status')],
          ...(p.status !== undefined ? { status: p.status } : {}),
        };
}

export function checkPreflight(browser: BrowserId, i: PreflightInput): PreflightProblem | null {
  const p = i.preflight;
  const redirect = isPreflightRedirect(p);
  if (browser === 'chrome') {
    if (redirect) return redirectProblem(browser, i);
    return accessStep(browser, i) ?? statusProblem(browser, i) ?? listSteps(browser, i);
  }
  if (browser === 'firefox') {
    if (redirect) {
      // Verified in Firefox 153: the 3xx is CORS-checked first (missing ACAO ⇒ that line, then
      // "did not succeed" twice); if it passes: external-redirect, "preflight response did not
      // succeed" with the 3xx status, then "did not succeed" for the actual request.
      const access = accessStep(browser, i);
      if (access) return withDidNotSucceed(access, i.url, 2);
      const r = redirectProblem(browser, i);
      return withDidNotSucceed(
        { ...r, firefoxLines: [...r.firefoxLines, { key: 'CORSPreflightDidNotSucceed3', url: i.url, arg: p.status ? String(p.status) : '(null)' }] },
        i.url,
      );
    }
    const problem = accessStep(browser, i) ?? statusProblem(browser, i) ?? listSteps(browser, i);
    return problem ? withDidNotSucceed(problem, i.url) : null;
  }
  if (redirect) return redirectProblem(browser, i);
  return statusProblem(browser, i) ?? accessStep(browser, i) ?? listSteps(browser, i);
}

/** Authorization allowed only through `Access-Control-Allow-Headers: *` (works today, non-conformant). */
export function authorizationCoveredByWildcard(p: Observation, unsafeHeaders: string[], credentials: boolean): boolean {
  if (credentials || !unsafeHeaders.includes('authorization')) return false;
  const acah = parseTokenList(getHeader(p.responseHeaders, 'access-control-allow-headers'));
  if (!acah.ok) return false;
  const lower = acah.items.map((h) => h.toLowerCase());
  return lower.includes('*') && !lower.includes('authorization');
}
