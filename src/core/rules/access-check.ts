/**
 * The CORS check on one response (Fetch "CORS check"): Access-Control-Allow-Origin and
 * Access-Control-Allow-Credentials, in each engine's own order and with each engine's own
 * classification (`ENGINES[browser].checkAccess` picks one; messages/ renders the problem).
 *
 * Chromium `CheckAccess()`: `*` (credentials ⇒ wildcard error) → missing → ≠ origin: space or
 * comma ⇒ multiple, `null` ⇒ mismatch, not a URL ⇒ invalid, else mismatch → ACAC.
 * Firefox `CheckRequestApproved()`: ≥2 separate ACAO fields ⇒ multiple → missing → `*` with
 * credentials → ≠ origin ⇒ mismatch (no "invalid") → ACAC.
 * WebKit `passesAccessControlCheck()`: `*` without credentials passes → ≠ origin: `*` ⇒
 * wildcard, comma ⇒ multiple, else "not allowed" (missing/invalid/mismatch alike) → ACAC.
 */
import type { Evidence, HeaderList, ReasonId } from '../model';
import { countHeader, getHeader } from '../http/headers';
import { parseUrl } from '../http/origin';

export type AccessProblemKind = 'missing' | 'wildcard-with-credentials' | 'multiple' | 'invalid' | 'mismatch' | 'acac';

export interface AccessProblem {
  kind: AccessProblemKind;
  /** ACAO value for origin problems, ACAC value ('' when absent) for `acac`. */
  value: string;
}

export interface AccessInput {
  headers: HeaderList | undefined;
  /** Credentials mode is `include`. */
  credentials: boolean;
  /** Serialized origin the browser compares against (`null` after a tainting redirect). */
  origin: string;
}

function acacProblem(headers: HeaderList | undefined): AccessProblem | null {
  const acac = getHeader(headers, 'access-control-allow-credentials');
  return acac === 'true' ? null : { kind: 'acac', value: acac ?? '' };
}

export function chromeCheckAccess(i: AccessInput): AccessProblem | null {
  const acao = getHeader(i.headers, 'access-control-allow-origin');
  if (acao === '*') {
    return i.credentials ? { kind: 'wildcard-with-credentials', value: '*' } : null;
  }
  if (acao === null) return { kind: 'missing', value: '' };
  if (acao !== i.origin) {
    if (/[ ,]/.test(acao)) return { kind: 'multiple', value: acao };
    if (acao === 'null') return { kind: 'mismatch', value: acao };
    // GURL validity, approximated with the WHATWG URL parser (verified in Chromium 156:
    // '', '127.0.0.1:44000' and '"*"' are invalid; 'HTTP://…' and '…/' are mismatches).
    if (!parseUrl(acao)) return { kind: 'invalid', value: acao };
    return { kind: 'mismatch', value: acao };
  }
  return i.credentials ? acacProblem(i.headers) : null;
}

export function firefoxCheckAccess(i: AccessInput): AccessProblem | null {
  const acao = getHeader(i.headers, 'access-control-allow-origin');
  if (countHeader(i.headers, 'access-control-allow-origin') > 1) return { kind: 'multiple', value: acao ?? '' };
  if (acao === null) return { kind: 'missing', value: '' };
  if (i.credentials && acao === '*') return { kind: 'wildcard-with-credentials', value: '*' };
  if ((i.credentials || acao !== '*') && acao !== i.origin) return { kind: 'mismatch', value: acao };
  return i.credentials ? acacProblem(i.headers) : null;
}

export function safariCheckAccess(i: AccessInput): AccessProblem | null {
  const acao = getHeader(i.headers, 'access-control-allow-origin');
  if (acao === '*' && !i.credentials) return null;
  if (acao !== i.origin) {
    if (acao === '*') return { kind: 'wildcard-with-credentials', value: '*' };
    if (acao !== null && acao.includes(',')) return { kind: 'multiple', value: acao };
    // WebKit prints the same line for all three; the kind keeps what is actually wrong.
    if (acao === null) return { kind: 'missing', value: '' };
    return { kind: 'mismatch', value: acao };
  }
  return i.credentials ? acacProblem(i.headers) : null;
}

const REASON = {
  missing: 'acao-missing',
  'wildcard-with-credentials': 'acao-wildcard-with-credentials',
  multiple: 'acao-multiple-values',
  invalid: 'acao-invalid-value',
  mismatch: 'acao-mismatch',
  acac: 'acac-invalid',
} as const satisfies Record<AccessProblemKind, ReasonId>;

const PREFLIGHT_REASON = {
  missing: 'preflight-acao-missing',
  'wildcard-with-credentials': 'preflight-acao-wildcard-with-credentials',
  multiple: 'preflight-acao-multiple-values',
  invalid: 'preflight-acao-invalid-value',
  mismatch: 'preflight-acao-mismatch',
  acac: 'preflight-acac-invalid',
} as const satisfies Record<AccessProblemKind, ReasonId>;

export function accessReason(kind: AccessProblemKind, preflight: boolean): ReasonId {
  return (preflight ? PREFLIGHT_REASON : REASON)[kind];
}

/** Evidence for an access problem on a response. */
export function accessEvidence(
  p: AccessProblem,
  on: Evidence['on'],
  hop: number,
  origin: string,
  headers: HeaderList | undefined,
): Evidence[] {
  const acao = getHeader(headers, 'access-control-allow-origin');
  switch (p.kind) {
    case 'missing':
      return [{ on, hop, field: 'access-control-allow-origin', value: null, expected: origin, note: 'missing' }];
    case 'wildcard-with-credentials':
      return [{ on, hop, field: 'access-control-allow-origin', value: '*', expected: origin, note: "'*' is not allowed for a request with credentials" }];
    case 'multiple':
      return [{ on, hop, field: 'access-control-allow-origin', value: acao, expected: origin, note: `${countHeader(headers, 'access-control-allow-origin')} field(s); only one origin is allowed` }];
    case 'invalid':
      return [{ on, hop, field: 'access-control-allow-origin', value: acao, expected: origin, note: 'not a valid origin' }];
    case 'mismatch':
      return [{ on, hop, field: 'access-control-allow-origin', value: acao, expected: origin, note: 'does not equal the request origin' }];
    case 'acac':
      return [{ on, hop, field: 'access-control-allow-credentials', value: getHeader(headers, 'access-control-allow-credentials'), expected: 'true', note: "must be exactly 'true'" }];
  }
}
