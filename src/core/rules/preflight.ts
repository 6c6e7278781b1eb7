/**
 * The CORS-preflight response check. Each step is one function returning the failure or null;
 * the engine's row (`ENGINES[browser].preflightSteps`) gives their order:
 *
 * Chromium (`preflight_controller.cc`): any redirect ⇒ PreflightDisallowedRedirect (before any
 * header is read) → ACAO/ACAC → status 2xx → parse ACAM → parse ACAH → method → headers.
 * Firefox (`nsCORSListenerProxy.cpp`): the preflight channel is CORS-checked first (on a 3xx too,
 * then the redirect is refused) → status → ACAM → method → ACAH → headers.
 * WebKit: a redirect is a failed status → status → ACAO/ACAC → ACAM → method → ACAH → headers.
 */
import type { Evidence, Observation, ReasonId } from '../model';
import type { EngineSpec, PreflightStep } from './types';
import { getHeader } from '../http/headers';
import { parseTokenList, type TokenListResult } from '../http/tokens';
import { accessEvidence, accessReason } from './access-check';
import type { Check } from './types';

export interface PreflightInput {
  preflight: Observation;
  hop: number;
  /** The actual request's method as sent (case preserved). */
  method: string;
  /** CORS-unsafe request-header names (lowercase, sorted). */
  unsafeHeaders: string[];
  /** The request's header names as the page spelled them (read only by engines that print that spelling). */
  requestHeaderNames: () => readonly string[];
  credentials: boolean;
  /** Origin the engine checks the preflight against. */
  origin: string;
  url: string;
  /** The request after this preflight never went out (so the preflight failed). */
  requestNeverSent?: boolean;
}

export interface PreflightFailure {
  reason: ReasonId;
  check: Check;
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
  // Status unknown (a HAR that lost it): a preflight answered with a Location is a redirect.
  return ((s >= 300 && s <= 399) || p.statusUnrecorded === true) && getHeader(p.responseHeaders, 'location') !== null;
}

const ON: Evidence['on'] = 'preflight-response';

function statusEvidence(hop: number, status: number | undefined, note: string): Evidence {
  return { on: ON, hop, field: ':status', value: status === undefined ? null : String(status), expected: '200–299', note };
}

const withStatus = (status: number | undefined) => (status !== undefined ? { status } : {});

/** The preflight's ACAM and ACAH, read and parsed once for all list steps. */
interface Lists {
  acamValue: string | null;
  acahValue: string | null;
  acam: TokenListResult;
  acah: TokenListResult;
}

function readLists(p: Observation): Lists {
  const acamValue = getHeader(p.responseHeaders, 'access-control-allow-methods');
  const acahValue = getHeader(p.responseHeaders, 'access-control-allow-headers');
  return { acamValue, acahValue, acam: parseTokenList(acamValue), acah: parseTokenList(acahValue) };
}

/** Everything one step reads. */
interface StepInput {
  spec: EngineSpec;
  i: PreflightInput;
  lists: () => Lists;
  redirect: boolean;
}

function redirectStep({ i, redirect }: StepInput): PreflightFailure | null {
  if (!redirect) return null;
  const p = i.preflight;
  return {
    reason: 'preflight-redirect',
    check: { kind: 'preflight-redirect' },
    evidence: [
      statusEvidence(i.hop, p.status, 'a preflight must not redirect'),
      { on: ON, hop: i.hop, field: 'location', value: p.redirectUrl ?? getHeader(p.responseHeaders, 'location'), note: 'redirect target' },
    ],
    ...withStatus(p.status),
  };
}

function accessStep({ spec, i, redirect }: StepInput): PreflightFailure | null {
  const p = i.preflight;
  const problem = spec.checkAccess({ headers: p.responseHeaders, credentials: i.credentials, origin: i.origin });
  if (!problem) return null;
  return {
    reason: accessReason(problem.kind, true),
    check: { kind: 'access', access: problem, preflight: true, redirected: redirect },
    evidence: accessEvidence(problem, ON, i.hop, i.origin, p.responseHeaders),
    ...withStatus(p.status),
  };
}

function statusStep({ i }: StepInput): PreflightFailure | null {
  const p = i.preflight;
  // A response whose status the capture lost is judged by its headers (checkPreflight, below).
  if (isOkStatus(p.status) || p.statusUnrecorded) return null;
  return nonOkStatus(i, 'the preflight needs an ok (2xx) status');
}

function nonOkStatus(i: PreflightInput, note: string): PreflightFailure {
  const p = i.preflight;
  return {
    reason: 'preflight-non-ok-status',
    check: { kind: 'preflight-status' },
    evidence: [statusEvidence(i.hop, p.status, note)],
    ...withStatus(p.status),
  };
}

/** What differs between an unparsable Access-Control-Allow-Methods and -Headers. */
const UNPARSABLE = {
  methods: { reason: 'preflight-acam-unparsable', field: 'access-control-allow-methods', item: 'a method token' },
  headers: { reason: 'preflight-acah-unparsable', field: 'access-control-allow-headers', item: 'a header-name token' },
} as const;

function unparsable(i: PreflightInput, list: keyof typeof UNPARSABLE, value: string | null, parsed: TokenListResult): PreflightFailure | null {
  if (parsed.ok) return null;
  const u = UNPARSABLE[list];
  return {
    reason: u.reason,
    check: { kind: 'list-unparsable', list, value: value ?? '', invalid: parsed.invalid },
    evidence: [{ on: ON, hop: i.hop, field: u.field, value, note: `'${parsed.invalid}' is not ${u.item} (use a comma-separated list)` }],
  };
}

function methodsParseStep({ i, lists }: StepInput): PreflightFailure | null {
  const l = lists();
  return unparsable(i, 'methods', l.acamValue, l.acam);
}

function headersParseStep({ i, lists }: StepInput): PreflightFailure | null {
  const l = lists();
  return unparsable(i, 'headers', l.acahValue, l.acah);
}

function methodStep({ spec, i, lists }: StepInput): PreflightFailure | null {
  const l = lists();
  if (!l.acam.ok) return null;
  const methods = l.acam.items;
  if (methods.includes(i.method) || (!i.credentials && methods.includes('*')) || spec.implicitlyAllowedMethod(i.method)) return null;
  const starLiteral = i.credentials && methods.includes('*');
  return {
    reason: 'preflight-method-not-allowed',
    check: { kind: 'method-not-allowed', method: i.method },
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

/** The unsafe headers the ACAH list does not cover; Authorization is covered by `*` today. */
function disallowedHeaders(unsafe: string[], allowed: string[], credentials: boolean): Set<string> {
  const lower = new Set(allowed.map((h) => h.toLowerCase()));
  if (!credentials && lower.has('*')) return new Set();
  return new Set(unsafe.filter((name) => !lower.has(name)));
}

function headersStep({ spec, i, lists }: StepInput): PreflightFailure | null {
  const l = lists();
  if (!l.acah.ok) return null;
  const disallowed = disallowedHeaders(i.unsafeHeaders, l.acah.items, i.credentials);
  if (disallowed.size === 0) return null;
  const spelled = spec.namedDisallowedHeader(i.unsafeHeaders, disallowed, i.requestHeaderNames)!;
  const missing = spelled.toLowerCase();
  const starLiteral = i.credentials && l.acah.items.includes('*');
  return {
    reason: 'preflight-header-not-allowed',
    check: { kind: 'header-not-allowed', name: missing, spelled },
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

const STEPS: Record<PreflightStep, (s: StepInput) => PreflightFailure | null> = {
  redirect: redirectStep,
  access: accessStep,
  status: statusStep,
  'methods-parse': methodsParseStep,
  'headers-parse': headersParseStep,
  method: methodStep,
  headers: headersStep,
};

/** The first preflight check that fails, in the engine's order; null when the preflight passes. */
export function checkPreflight(spec: EngineSpec, i: PreflightInput): PreflightFailure | null {
  let lists: Lists | undefined;
  const input: StepInput = { spec, i, lists: () => (lists ??= readLists(i.preflight)), redirect: isPreflightRedirect(i.preflight) };
  for (const step of spec.preflightSteps) {
    const failure = STEPS[step](input);
    if (failure) return failure;
  }
  // Every header passes and the capture lost the status, yet the request never went out: the
  // preflight failed, and what is left to fail is its status.
  if (i.preflight.statusUnrecorded && i.requestNeverSent) return nonOkStatus(i, 'status not recorded; the request after this preflight never went out');
  return null;
}

/** Authorization allowed only through `Access-Control-Allow-Headers: *` (works today, non-conformant). */
export function authorizationCoveredByWildcard(p: Observation, unsafeHeaders: string[], credentials: boolean): boolean {
  if (credentials || !unsafeHeaders.includes('authorization')) return false;
  const acah = parseTokenList(getHeader(p.responseHeaders, 'access-control-allow-headers'));
  if (!acah.ok) return false;
  const lower = acah.items.map((h) => h.toLowerCase());
  return lower.includes('*') && !lower.includes('authorization');
}
