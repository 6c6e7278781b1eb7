/**
 * The concrete header diff: what to add, change or remove on one observed response so that it
 * carries the policy's CORS headers. Minimal: a header that already passes is left alone (an
 * `Access-Control-Allow-Origin: *` without credentials passes and stays).
 */
import type { HeaderList } from '../model';
import type { ChangeTarget, HeaderChange } from './types';
import { getHeader, headerValues } from '../http/headers';
import { isCorsSafelistedMethod } from '../http/methods';
import { partitionTokenList } from '../http/tokens';

export interface DiffInput {
  response: ChangeTarget;
  hop: number;
  method: string;
  /** Observed response headers; undefined when the response was never observed. */
  observed: HeaderList | undefined;
  status: number | undefined;
  origin: string | undefined;
  credentials: boolean;
  /** Preflight only: the method and header names the preflight must allow. */
  allowMethod?: string;
  allowHeaders?: string[];
  maxAge?: number;
  /** Actual only: response headers to expose. */
  exposeHeaders?: string[];
  /** Preflight only: the status the answer must use. */
  preflightStatus?: number;
  /**
   * For a response never observed: the server's other response already passes with `*` (no
   * credentials), so assume the same layer answers this one and leave the origin alone.
   */
  assumeWildcardPasses?: boolean;
}

function change(input: DiffInput, c: Omit<HeaderChange, 'response' | 'hop' | 'method' | 'observed'>): HeaderChange {
  return { response: input.response, hop: input.hop, method: input.method, observed: input.observed !== undefined, ...c };
}

/** Union of the observed valid tokens and the needed ones, dropping `*` when it is literal. */
function unionList(observed: string | null, needed: string[], credentials: boolean, caseInsensitive: boolean): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const key = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  for (const t of [...partitionTokenList(observed).valid, ...needed]) {
    if (t === '*' && credentials) continue;
    if (seen.has(key(t))) continue;
    seen.add(key(t));
    out.push(t);
  }
  return out.join(', ');
}

function diffOrigin(input: DiffInput, out: HeaderChange[]): void {
  const fields = headerValues(input.observed, 'access-control-allow-origin');
  const from = getHeader(input.observed, 'access-control-allow-origin');
  const origin = input.origin;
  if (origin === undefined || (input.assumeWildcardPasses && !input.credentials)) return;
  if (fields.length > 1) {
    out.push(change(input, { action: 'remove-duplicate', name: 'Access-Control-Allow-Origin', from, to: origin, required: true,
      note: 'Two layers (often a proxy and the app) each add this header; browsers reject two values. Keep it in one place.' }));
    return;
  }
  const v = fields[0]?.trim();
  if (v === undefined) {
    out.push(change(input, { action: 'add', name: 'Access-Control-Allow-Origin', from: null, to: origin, required: true,
      note: `Allow the page's origin exactly (checked against an allow-list).` }));
  } else if (v === '*' && !input.credentials) {
    return; // `*` passes for requests without credentials; the minimal change leaves it.
  } else if (v !== origin) {
    out.push(change(input, { action: 'set', name: 'Access-Control-Allow-Origin', from, to: origin, required: true,
      note: v === '*'
        ? 'The wildcard is refused when the request carries credentials: send the exact origin.'
        : 'The value must equal the Origin byte for byte (scheme, host, port; no path or trailing slash).' }));
  }
}

function diffCredentials(input: DiffInput, out: HeaderChange[]): void {
  if (!input.credentials) return;
  const fields = headerValues(input.observed, 'access-control-allow-credentials');
  const from = getHeader(input.observed, 'access-control-allow-credentials');
  if (fields.length === 0) {
    out.push(change(input, { action: 'add', name: 'Access-Control-Allow-Credentials', from: null, to: 'true', required: true,
      note: 'The request carries credentials (cookies or HTTP auth): the answer must say exactly `true`.' }));
  } else if (fields.length > 1) {
    out.push(change(input, { action: 'remove-duplicate', name: 'Access-Control-Allow-Credentials', from, to: 'true', required: true,
      note: 'Send one Access-Control-Allow-Credentials field with exactly `true`.' }));
  } else if (fields[0]?.trim() !== 'true') {
    out.push(change(input, { action: 'set', name: 'Access-Control-Allow-Credentials', from, to: 'true', required: true,
      note: 'Only the exact lowercase value `true` counts.' }));
  }
}

function diffMethods(input: DiffInput, out: HeaderChange[]): void {
  const method = input.allowMethod;
  if (method === undefined) return;
  const from = getHeader(input.observed, 'access-control-allow-methods');
  const { valid, invalid } = partitionTokenList(from);
  const covered = isCorsSafelistedMethod(method) || valid.includes(method) || (valid.includes('*') && !input.credentials);
  if (covered && invalid.length === 0) return;
  const to = unionList(from, [method], input.credentials, false);
  out.push(change(input, { action: from === null ? 'add' : 'set', name: 'Access-Control-Allow-Methods', from, to,
    required: !isCorsSafelistedMethod(method) || invalid.length > 0,
    note: invalid.length > 0
      ? 'The value must be a comma-separated list of method names.'
      : valid.includes('*') && input.credentials
        ? '`*` is a literal name when the request carries credentials: list the method.'
        : `List ${method} exactly as the request sends it (the match is case-sensitive).` }));
}

function diffRequestHeaders(input: DiffInput, out: HeaderChange[]): void {
  const needed = input.allowHeaders ?? [];
  const from = getHeader(input.observed, 'access-control-allow-headers');
  const { valid, invalid } = partitionTokenList(from);
  const listed = new Set(valid.map((t) => t.toLowerCase()));
  const wildcard = listed.has('*') && !input.credentials;
  const missing = needed.filter((n) => !listed.has(n) && !(wildcard && n !== 'authorization'));
  if (missing.length === 0 && invalid.length === 0) return;
  const onlyAuthorizationUnderWildcard = invalid.length === 0 && wildcard && missing.every((n) => n === 'authorization');
  out.push(change(input, { action: from === null ? 'add' : 'set', name: 'Access-Control-Allow-Headers', from,
    to: unionList(from, needed, input.credentials, true),
    required: !onlyAuthorizationUnderWildcard,
    note: onlyAuthorizationUnderWildcard
      ? '`*` does not cover Authorization by the standard (browsers still allow it today, with a deprecation warning): list it.'
      : invalid.length > 0
        ? 'The value must be a comma-separated list of header names.'
        : `Allow the request headers the page sends: ${missing.join(', ')}.` }));
}

function diffMaxAge(input: DiffInput, out: HeaderChange[]): void {
  if (input.maxAge === undefined) return;
  const from = getHeader(input.observed, 'access-control-max-age');
  const n = from === null ? NaN : /^\s*\d+\s*$/.test(from) ? Number(from) : NaN;
  if (from !== null && n > 0 && n <= 7200) return;
  out.push(change(input, { action: from === null ? 'add' : 'set', name: 'Access-Control-Max-Age', from, to: String(input.maxAge),
    required: false,
    note: from === null || Number.isNaN(n) || n <= 0
      ? 'Lets browsers reuse the preflight answer (capped at 600 s in Safari, 7200 s in Chrome).'
      : 'Browsers silently cap this (Chrome 7200 s, Safari 600 s).' }));
}

function diffExpose(input: DiffInput, out: HeaderChange[]): void {
  const needed = input.exposeHeaders ?? [];
  if (needed.length === 0) return;
  const from = getHeader(input.observed, 'access-control-expose-headers');
  const listed = new Set(partitionTokenList(from).valid.map((t) => t.toLowerCase()));
  const wildcard = listed.has('*') && !input.credentials;
  const missing = needed.filter((n) => !listed.has(n) && !wildcard);
  if (missing.length === 0) return;
  out.push(change(input, { action: from === null ? 'add' : 'set', name: 'Access-Control-Expose-Headers', from,
    to: unionList(from, needed, input.credentials, true), required: false,
    note: `Without it the page reads null for ${missing.join(', ')}.` }));
}

function diffVary(input: DiffInput, out: HeaderChange[]): void {
  if (input.origin === undefined || (input.assumeWildcardPasses && !input.credentials)) return;
  const acao = getHeader(input.observed, 'access-control-allow-origin')?.trim();
  if (acao === '*' && !input.credentials) return;
  const from = getHeader(input.observed, 'vary');
  const tokens = partitionTokenList(from).valid.map((t) => t.toLowerCase());
  if (tokens.includes('origin') || tokens.includes('*')) return;
  out.push(change(input, { action: from === null ? 'add' : 'set', name: 'Vary', from, to: from === null ? 'Origin' : `${from}, Origin`,
    required: false,
    note: 'The answer depends on Origin; without Vary a cache can hand one origin\'s answer to another.' }));
}

function diffStatus(input: DiffInput, out: HeaderChange[]): void {
  if (input.preflightStatus === undefined || input.observed === undefined) return;
  const s = input.status;
  if (typeof s === 'number' && s >= 200 && s <= 299) return;
  out.push(change(input, { action: 'set', name: ':status', from: typeof s === 'number' && s > 0 ? String(s) : null,
    to: String(input.preflightStatus), required: true,
    note: typeof s === 'number' && s >= 300 && s <= 399
      ? 'Preflights are never redirected: answer OPTIONS here.'
      : 'A preflight needs a 2xx answer; answer OPTIONS before authentication and routing.' }));
}

/** All changes for one response, in the order a reader applies them. */
export function diffResponse(input: DiffInput): HeaderChange[] {
  const out: HeaderChange[] = [];
  diffStatus(input, out);
  diffOrigin(input, out);
  diffCredentials(input, out);
  if (input.response === 'preflight') {
    diffMethods(input, out);
    diffRequestHeaders(input, out);
    diffMaxAge(input, out);
  } else {
    diffExpose(input, out);
  }
  diffVary(input, out);
  return out;
}
