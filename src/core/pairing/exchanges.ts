/**
 * Exchanges from paired hops: the chain's times and origin, whether the actual request ever went
 * out, whether a needed preflight was served from the cache, and the exchange a preflight whose
 * request was never seen stands for.
 */
import type { Exchange, Hop, Observation } from '../model';
import { isSameOrigin } from '../http/origin';
import { hasResponse, headerValue, preflightFailed, wasNeverSent, wouldNeedPreflight } from '../request-shape';
import type { PreflightItem } from './items';

export function buildExchange(head: Observation, hops: Hop[]): Exchange {
  const first = hops[0]!;
  const last = hops[hops.length - 1]!;
  // Provisional HAR headers lack Origin, so the adapter guessed the initiator; the preflight knows it.
  let initiatorOrigin = head.initiatorOrigin;
  if ((initiatorOrigin === undefined || head.requestHeadersProvisional) && first.preflight?.initiatorOrigin !== undefined) {
    initiatorOrigin = first.preflight.initiatorOrigin;
  }
  let startTime = head.startTime;
  let endTime: number | undefined;
  for (const hop of hops) {
    const r = hop.request;
    if (r.startTime < startTime) startTime = r.startTime;
    if (r.endTime !== undefined && (endTime === undefined || r.endTime > endTime)) endTime = r.endTime;
    const p = hop.preflight;
    if (p) {
      if (p.startTime < startTime) startTime = p.startTime;
      if (p.endTime !== undefined && (endTime === undefined || p.endTime > endTime)) endTime = p.endTime;
    }
  }
  const exchange: Exchange = { id: head.id, url: head.url, method: head.method, hops, startTime };
  if (head.tabId !== undefined) exchange.tabId = head.tabId;
  if (head.documentId !== undefined) exchange.documentId = head.documentId;
  if (initiatorOrigin !== undefined) exchange.initiatorOrigin = initiatorOrigin;
  if (endTime !== undefined) exchange.endTime = endTime;
  if (last.preflight && neverWentOut(last.request, last.preflight)) exchange.actualNeverSent = true;
  if (typeof initiatorOrigin === 'string' && missedPreflight(hops, initiatorOrigin)) exchange.preflightCacheHit = true;
  return exchange;
}

/**
 * The request after a preflight got no response and failed (an error, or status 0 as Firefox's
 * HAR writes it), or its preflight failed outright, which never lets a request go out.
 */
function neverWentOut(r: Observation, p: Observation): boolean {
  if (hasResponse(r)) return false;
  return wasNeverSent(r) || r.error !== undefined || r.status === 0 || preflightFailed(p);
}

/**
 * A cross-origin hop that needed a preflight went out without one: the browser used its preflight
 * cache. Only decided when the request visibly needed it (non-simple method or a page-set header).
 */
function missedPreflight(hops: Hop[], initiatorOrigin: string): boolean {
  for (const hop of hops) {
    const r = hop.request;
    if (hop.preflight || !hasResponse(r) || isSameOrigin(r.url, initiatorOrigin)) continue;
    const mode = headerValue(r.requestHeaders, 'sec-fetch-mode');
    if (mode !== undefined && mode !== 'cors') continue;
    if (wouldNeedPreflight(r)) return true;
  }
  return false;
}

/** A preflight whose request was never seen: the exchange the page attempted, method = ACRM. */
export function orphanExchange(p: PreflightItem): Exchange {
  const o = p.o;
  const request: Observation = {
    id: `${o.id}:actual`,
    source: o.source,
    url: o.url,
    method: p.method ?? 'GET',
    startTime: o.startTime,
  };
  if (o.tabId !== undefined) request.tabId = o.tabId;
  if (o.frameId !== undefined) request.frameId = o.frameId;
  if (o.documentId !== undefined) request.documentId = o.documentId;
  if (o.documentUrl !== undefined) request.documentUrl = o.documentUrl;
  if (o.initiatorOrigin !== undefined) request.initiatorOrigin = o.initiatorOrigin;
  if (o.seq !== undefined) request.seq = o.seq;
  const exchange: Exchange = {
    id: request.id,
    url: o.url,
    method: request.method,
    hops: [{ request, preflight: o }],
    startTime: o.startTime,
  };
  if (o.tabId !== undefined) exchange.tabId = o.tabId;
  if (o.documentId !== undefined) exchange.documentId = o.documentId;
  if (o.initiatorOrigin !== undefined) exchange.initiatorOrigin = o.initiatorOrigin;
  if (o.endTime !== undefined) exchange.endTime = o.endTime;
  // A failed or refusing preflight certainly stopped the request; a passing one may just have
  // outrun it (so a lone passing preflight is never by itself a blocked exchange).
  if (p.failed || p.refused) exchange.actualNeverSent = true;
  return exchange;
}
