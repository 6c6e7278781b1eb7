/**
 * Local Network Access (Chrome ≥ 142, Firefox ESR 153): a page in a more public address space
 * asks for a loopback or private address and the user's permission is missing. Not a header
 * problem: no server response exists, and no CORS header changes the outcome.
 *
 * What the sources show (verified in Chromium 156 with --ip-address-space-overrides, lab group
 * N-lna): webRequest reports `net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS` for a request
 * without preflight, but only `net::ERR_FAILED` (no response) on both the preflight and the
 * request of a preflighted one; DevTools' HAR shows `net::ERR_FAILED`, status 0, for the request
 * and the LNA error on the preflight entry. CDP names it `LocalNetworkAccessPermissionDenied`,
 * for fetch, XHR and no-cors loads (images) alike. Firefox fails with
 * `NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED` and prints "CORS request did not succeed".
 */
import type { Evidence, Hop, Observation, ReasonId } from '../model';
import type { EngineSpec } from './types';
import { hasResponse } from '../observation';
import type { ExchangeFacts } from '../facts';
import { methodOfHop, unsafeHeadersOfHop } from '../facts';
import { isCorsSafelistedMethod } from '../http/methods';
import { hostOf, isHttpScheme, isLoopbackHost, isPotentiallyTrustworthy, isSameOrigin, isWebSocketScheme } from '../http/origin';
import { classifyError } from './network';
import type { Problem } from './types';

export type AddressSpace = 'loopback' | 'local' | 'public' | 'unknown';

export const LNA_REASON = 'lna-permission-denied' satisfies ReasonId;
/** A page that is not a secure context is refused outright, without a prompt (CorsError InsecureLocalNetwork). */
export const LNA_INSECURE_REASON = 'lna-insecure-context' satisfies ReasonId;

/** The error strings that name Local Network Access themselves. */
export function isLocalNetworkError(error: string | null | undefined): boolean {
  return typeof error === 'string' && /ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS|NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED/.test(error);
}

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((n) => n <= 255) ? parts : null;
}

/**
 * The address space a host (name or IP literal) is in, as far as the name tells: IANA
 * loopback and private ranges; `unknown` for DNS names (only the resolved IP would say).
 */
export function addressSpaceOfHost(rawHost: string): AddressSpace {
  const host = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return 'unknown';
  if (isLoopbackHost(host)) return 'loopback';
  const v4 = ipv4(host) ?? (/^::ffff:/.test(host) ? ipv4(host.slice(7)) : null);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'local';
    if (a === 0) return 'loopback';
    return 'public';
  }
  if (host.includes(':')) {
    if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return 'local';
    return 'public';
  }
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.home.arpa')) return 'local';
  return 'unknown';
}

/** The target's address space: the IP the browser connected to when known, else the host. */
export function targetAddressSpace(hop: Hop): AddressSpace {
  const ip = hop.request.ip ?? hop.preflight?.ip;
  const fromIp = ip ? addressSpaceOfHost(ip) : 'unknown';
  return fromIp !== 'unknown' ? fromIp : addressSpaceOfHost(hostOf(hop.request.url));
}

export interface LocalNetworkBlock {
  hop: number;
  /** The check failed on the preflight (it never got a response) or on the request itself. */
  phase: 'preflight' | 'request';
  space: AddressSpace;
  /** `reported`: the browser's error names LNA; `inferred`: the shape of the failure says so. */
  basis: 'reported' | 'inferred';
  error: string | undefined;
}

/** A response arrived, as the engines count it (an empty captured header list counts). */
const responded = (o: Observation | undefined): boolean => hasResponse(o, { emptyHeaderListCounts: true });

/**
 * A Chromium CORS-style failure (`net::ERR_FAILED`) before any response, with the preflight (if
 * any) failing the same way, on a request to a loopback or private address: what Local Network
 * Access looks like where the source only has the generic error (preflighted requests in
 * webRequest, every request in DevTools' HAR). Nothing else fails that way in Chromium: a CORS
 * check failure has a response, a connection failure has its own net error.
 */
function looksLikeLocalNetworkBlock(facts: ExchangeFacts, hop: Hop): boolean {
  const req = hop.request;
  if (responded(req) || req.captureGap || hop.preflight?.captureGap) return false;
  // A worker's request proves nothing by its shape: DevTools records no response for a worker's
  // request that failed a CORS check either. Only the addresses can show the crossing there.
  if (req.initiatorContext !== undefined && !addressesShowCrossing(facts.initiator, targetAddressSpace(hop))) return false;
  if (req.error !== 'net::ERR_FAILED') return false;
  if (hop.preflight && (responded(hop.preflight) || (hop.preflight.error !== undefined && classifyError(hop.preflight.error).kind !== 'cors'))) return false;
  if (!hop.preflight) {
    // Without a preflight only DevTools' HAR is ambiguous (webRequest names LNA itself), and only
    // for a request that needed none (else its preflight is merely missing from the recording).
    if (req.source !== 'har' || facts.exchange?.actualNeverSent) return false;
    if (!isCorsSafelistedMethod(methodOfHop(hop)) || unsafeHeadersOfHop(hop).length > 0) return false;
  }
  if (!isHttpScheme(req.url) && !isWebSocketScheme(req.url)) return false;
  const space = targetAddressSpace(hop);
  return space === 'loopback' || space === 'local';
}

const SPACE_RANK: Record<AddressSpace, number | undefined> = { loopback: 0, local: 1, public: 2, unknown: undefined };

/**
 * Whether the page's address and the target's show a request into a more private address space
 * (public → local or loopback, local → loopback). A DNS name shows nothing: only its resolved IP
 * would say which space it is in.
 */
export function addressesShowCrossing(initiator: string | undefined, target: AddressSpace): boolean {
  const from = SPACE_RANK[addressSpaceOfHost(hostOf(initiator))];
  const to = SPACE_RANK[target];
  return from !== undefined && to !== undefined && from > to;
}

/** Where Local Network Access stopped the exchange, or null. Only cross-origin hops qualify. */
export function detectLocalNetworkBlock(facts: ExchangeFacts): LocalNetworkBlock | null {
  for (let i = 0; i < facts.hops.length; i++) {
    const hop = facts.hops[i]!;
    const space = targetAddressSpace(hop);
    if (isLocalNetworkError(hop.preflight?.error)) return { hop: i, phase: 'preflight', space, basis: 'reported', error: hop.preflight?.error };
    if (isLocalNetworkError(hop.request.error)) return { hop: i, phase: 'request', space, basis: 'reported', error: hop.request.error };
    if (facts.initiator !== undefined && !isSameOrigin(facts.initiator, hop.request.url) && looksLikeLocalNetworkBlock(facts, hop)) {
      return { hop: i, phase: hop.preflight ? 'preflight' : 'request', space, basis: 'inferred', error: hop.request.error };
    }
    if (responded(hop.request)) continue;
    break;
  }
  return null;
}

/** Chromium's token for the resource's space in its message (`unknown` when the name hides it). */
export function chromeSpaceToken(space: AddressSpace): string {
  return space === 'public' ? 'unknown' : space;
}

/** The problem of an exchange Local Network Access stopped, for an engine that has it. */
export function localNetworkProblem(spec: Pick<EngineSpec, 'localNetworkAccess'>, facts: ExchangeFacts, block: LocalNetworkBlock, notes: string[]): Problem {
  const hop = facts.hops[block.hop]!;
  const url = hop.request.url;
  const websocket = facts.mode === 'websocket';
  const evidence: Evidence[] = [
    { on: 'request', hop: block.hop, field: ':url', value: url, note: `target in the ${block.space === 'local' ? 'local (private network)' : block.space} address space` },
  ];
  if (block.error) {
    evidence.push({ on: block.phase === 'preflight' ? 'preflight-response' : 'response', hop: block.hop, field: ':error', value: block.error, note: 'no response: the browser never sent the request' });
  }
  const allNotes = [...notes, ...localNetworkNotes(facts, block)];
  if (spec.localNetworkAccess === 'absent') {
    return {
      outcome: 'unknown',
      reason: 'unknown',
      phase: block.phase === 'preflight' ? 'preflight' : 'request',
      hop: block.hop,
      url,
      check: undefined,
      evidence,
      notes: [...allNotes, 'Safari has no Local Network Access permission: it would have sent this request, so what Safari would do depends on a response this recording does not have.'],
      addressSpace: block.space,
    };
  }
  // An http:// page on a non-loopback host is no secure context: Chrome refuses without asking
  // (verified in Chromium 156: http://public.test page → loopback, CorsError InsecureLocalNetwork).
  const insecure = typeof facts.initiator === 'string' && facts.initiator !== 'null' && !isPotentiallyTrustworthy(facts.initiator);
  return {
    // Chromium reports it as a CORS error (kLocalNetworkAccessPermissionDenied / kInsecureLocalNetwork),
    // also for no-cors loads; a WebSocket fails as a network error everywhere.
    outcome: spec.localNetworkAccess === 'cors-error' && !websocket ? 'blocked' : 'network-error',
    reason: insecure ? LNA_INSECURE_REASON : LNA_REASON,
    phase: block.phase === 'preflight' ? 'preflight' : 'request',
    hop: block.hop,
    url,
    check: { kind: 'local-network', corsRequest: facts.mode === 'cors', preflighted: hop.preflight !== undefined, websocket },
    evidence,
    notes: allNotes,
    error: block.error,
    addressSpace: block.space,
  };
}

function localNetworkNotes(facts: ExchangeFacts, block: LocalNetworkBlock): string[] {
  const notes: string[] = [];
  if (block.basis === 'inferred') {
    notes.push(
      `Inferred: the browser failed the ${block.phase === 'preflight' ? 'preflight and the request' : 'request'} with ${block.error ?? 'a CORS error'} before any response, to a ${block.space} address — the signature of a denied Local Network Access permission (the source does not carry Chrome's own error name).`,
    );
  }
  const initiatorSpace = addressSpaceOfHost(hostOf(facts.initiator));
  if (initiatorSpace === 'loopback' || (initiatorSpace === 'local' && block.space === 'local')) {
    notes.push(
      `The page's own host (${facts.initiator}) looks ${initiatorSpace} too; Chrome only asks when the page is in a more public address space than the target, so here it treated the page as more public (a public DNS name, a proxy, or --ip-address-space-overrides).`,
    );
  }
  return notes;
}
