/**
 * An exchange as it would have gone had the server answered with a policy's CORS headers: the
 * server's CORS headers (and a failing preflight status) replaced, every other header and status
 * kept, the browser's CORS error dropped. Errors that are not CORS (refused connection, TLS) stay:
 * headers cannot cure them. Hops to other servers are left exactly as observed.
 */
import type { Exchange, Header, Hop, Observation } from '../model';
import type { FixPolicy } from '../policy';
import { isSameOrigin } from '../http/origin';
import { headersForOrigin } from './merge';

/** Statuses an unobserved actual response is assumed to have (the browser never sent it). */
const ASSUMED_STATUS = 200;

const isCorsHeader = (name: string) => {
  const n = name.toLowerCase();
  return n.startsWith('access-control-') || n === 'vary';
};

function withHeaders(observed: readonly Header[] | undefined, set: Record<string, string>): Header[] {
  const kept = (observed ?? []).filter((h) => !isCorsHeader(h.name));
  // Keep other Vary entries (e.g. Accept-Encoding) beside Origin.
  const vary = (observed ?? []).filter((h) => h.name.toLowerCase() === 'vary').map((h) => h.value).join(', ');
  const extraVary = vary.split(',').map((s) => s.trim()).filter((s) => s !== '' && s.toLowerCase() !== 'origin');
  const out = [...kept];
  for (const [name, value] of Object.entries(set)) {
    out.push({ name, value: name === 'Vary' && extraVary.length ? [value, ...extraVary].join(', ') : value });
  }
  return out;
}

function isOk(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function fixPreflight(pf: Observation, p: FixPolicy, origin: string | undefined): Observation {
  const next: Observation = { ...pf, responseHeaders: withHeaders(pf.responseHeaders, headersForOrigin(p, origin).preflight) };
  // A preflight that failed for its status (auth before CORS, 404, 405) is answered with 204.
  if (!isOk(pf.status)) {
    next.status = p.preflightStatus ?? 204;
    delete next.redirectUrl;
  }
  delete next.error;
  return next;
}

function fixActual(req: Observation, p: FixPolicy, origin: string | undefined, neverSent: boolean): Observation {
  const next: Observation = {
    ...req,
    status: neverSent || !(req.status && req.status > 0) ? ASSUMED_STATUS : req.status,
    responseHeaders: withHeaders(neverSent ? [] : req.responseHeaders, headersForOrigin(p, origin).actual),
    requestHeadersProvisional: false,
  };
  delete next.error;
  return next;
}

/**
 * The exchange under `policy` for the server at `serverOrigin`. `dropErrors` says the browser's
 * error was the CORS block itself (the verdict was blocked for a CORS reason).
 */
export function applyServerPolicy(e: Exchange, policy: FixPolicy, serverOrigin: string, dropErrors: boolean): Exchange {
  const pageOrigin = typeof e.initiatorOrigin === 'string' && policy.allowOrigins.includes(e.initiatorOrigin) ? e.initiatorOrigin : undefined;
  const lastHop = e.hops.length - 1;
  const hops: Hop[] = e.hops.map((hop, i) => {
    if (!isSameOrigin(hop.request.url, serverOrigin)) return hop;
    const neverSent = e.actualNeverSent === true && i === lastHop;
    const preflight = hop.preflight && policy.preflight ? fixPreflight(hop.preflight, policy, pageOrigin) : hop.preflight;
    const request = dropErrors || neverSent || hop.request.error === undefined
      ? fixActual(hop.request, policy, pageOrigin, neverSent)
      : hop.request;
    return preflight ? { request, preflight } : { request };
  });
  const out: Exchange = { ...e, hops };
  delete out.actualNeverSent;
  return out;
}
