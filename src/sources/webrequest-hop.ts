/**
 * The life of one hop in a webRequest chain: when it starts, ends, lost events, or was never a
 * request the browser sent, and how the hops of a chain are ordered and numbered.
 */
import { isHttpScheme, isWebSocketScheme } from '../core/http/origin';
import type { Observation } from '../core/model';
import type { ChainState, HopState, WebRequestDetails, WebRequestEventName } from './webrequest-types';

/**
 * A cache-only probe, not a request the browser sent: it ended in `net::ERR_CACHE_MISS` without
 * any response. Chromium's cache-aware web-font loading first asks the HTTP cache alone (so a
 * cached font shows without a timeout) and, on a miss, starts the real request under a new
 * requestId; `fetch(…, {cache: 'only-if-cached'})` ends the same way. Showing it would list a
 * second, phantom row for every cross-origin font.
 */
export function isCacheProbe(chain: ChainState): boolean {
  const last = chain.hops[chain.hops.length - 1];
  return !!last && last.obs.error === 'net::ERR_CACHE_MISS' && chain.hops.every((h) => !h.obs.status && !h.obs.responseHeaders);
}

/**
 * A preflight is never redirected: the browser refuses the redirect (Firefox:
 * CORSExternalRedirectNotAllowed). Firefox still reports a hop to the Location URL that ends in an
 * error without ever sending request headers (NS_ERROR_NET_ON_RECEIVING_FROM, lab scenarios
 * preflight-redirect-*): not a request the browser made, so it must not become a row of its own.
 */
export function unsentPreflightHop(chain: ChainState): HopState | undefined {
  if (chain.hops.length < 2) return undefined;
  const last = chain.hops[chain.hops.length - 1]!;
  const before = chain.hops[chain.hops.length - 2]!;
  const o = last.obs;
  const wasPreflight = before.obs.method === 'OPTIONS' && before.obs.requestHeaders?.some((h) => h.name.toLowerCase() === 'access-control-request-method');
  const unsent = o.method === 'OPTIONS' && o.error !== undefined && !o.requestHeaders && !o.status && last.stages.onSendHeaders === undefined;
  return wasPreflight && unsent && before.obs.redirectUrl === o.url ? last : undefined;
}

/**
 * Every request's events begin with onBeforeRequest (Chrome and Firefox, redirect hops included),
 * or with `first` for a type the listeners hear only from there. A hop that ended without its
 * start lost events; Firefox may deliver it late (after a suspension it groups buffered events by
 * type), which clears the mark. A hop heard from onSendHeaders on that ended in an error without
 * any response may never have sent its headers (another extension blocked it): no mark.
 */
export function noteMissedStart(h: HopState, first: WebRequestEventName): void {
  if (hasStart(h, first)) {
    if (h.obs.captureGap === 'missed-start') delete h.obs.captureGap;
  } else if (isFinished(h) && h.obs.captureGap === undefined && (first === 'onBeforeRequest' || hasResponse(h))) h.obs.captureGap = 'missed-start';
  if (h.obs.captureGap === 'restart' && isProvenComplete(h, first)) delete h.obs.captureGap;
}

/**
 * A request that completed with its start, its headers as sent and its response headers seen lost
 * nothing the evaluator reads, restart or not. One that ended in an error cannot prove it: the
 * stages it lacks may have been dropped or never happened (an actual request after a failed
 * preflight has no response at all).
 */
export function isProvenComplete(h: HopState, first: WebRequestEventName): boolean {
  const s = h.stages;
  return (
    s.onCompleted !== undefined &&
    hasStart(h, first) &&
    (s.onSendHeaders !== undefined || s.onBeforeSendHeaders !== undefined) &&
    s.onHeadersReceived !== undefined
    // onResponseStarted (between the two) is not asked for on subresources: platform/webrequest.ts.
  );
}

/** onBeforeRequest, or the type's first event when the listeners hear it only from there. */
function hasStart(h: HopState, first: WebRequestEventName): boolean {
  return h.stages.onBeforeRequest !== undefined || h.stages[first] !== undefined;
}

function hasResponse(h: HopState): boolean {
  return h.stages.onHeadersReceived !== undefined || h.stages.onCompleted !== undefined || h.stages.onBeforeRedirect !== undefined;
}

/**
 * A redirect to a scheme webRequest never reports on (ftp:, data:, a custom scheme) ends the chain
 * as far as CORS Lens can see: with host access limited to http(s) sites no later event comes,
 * and the chain would otherwise stay "in flight" (and in storage) for good.
 */
export function redirectedOutOfSight(h: HopState): boolean {
  if (h.stages.onBeforeRedirect === undefined) return false;
  const target = h.obs.redirectUrl;
  return !isHttpScheme(target) && !isWebSocketScheme(target);
}

export function isFinished(h: HopState): boolean {
  return h.stages.onCompleted !== undefined || h.stages.onErrorOccurred !== undefined || h.stages.onBeforeRedirect !== undefined;
}

/**
 * True when the hop cannot take this event: it already ended before `time` (a later request to the
 * same URL, e.g. a redirect loop back to the same URL, must start a new hop).
 */
export function isBeyond(h: HopState, event: WebRequestEventName, time: number): boolean {
  if (event !== 'onBeforeRequest') return false;
  const end = h.stages.onBeforeRedirect ?? h.stages.onCompleted ?? h.stages.onErrorOccurred;
  return end !== undefined && end < time;
}

export function newHop(chain: ChainState, d: WebRequestDetails, time: number, seq: number): HopState {
  const ordinal = chain.hops.reduce((m, h) => Math.max(m, h.ordinal + 1), 0);
  const obs: Observation = {
    id: `wr:${chain.requestId}#${chain.hops.length}`, // renumbered by orderHops
    source: 'webrequest',
    chainId: chain.requestId,
    hopIndex: 0,
    url: d.url,
    method: d.method,
    startTime: time,
    seq,
  };
  return { ordinal, url: d.url, stages: {}, obs };
}

/** Orders hops by start time (arrival order breaks ties) and renumbers hopIndex and ids. */
export function orderHops(chain: ChainState): void {
  chain.hops.sort((a, b) => a.obs.startTime - b.obs.startTime || a.ordinal - b.ordinal);
  chain.hops.forEach((h, i) => {
    h.obs.hopIndex = i;
    h.obs.id = `wr:${chain.requestId}#${i}`;
  });
}
