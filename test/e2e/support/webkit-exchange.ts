/**
 * The exchange of one WebKit run, rebuilt from what the lab itself saw: every request that
 * arrived (method, URL, header fields as sent) with the lab's own answer, in arrival order, plus
 * what the page saw (its RunResult) and asked for (the scenario's RequestSpec) as a page hint —
 * the same page-side facts the extension records in Chrome and Firefox. No extension runs in
 * WebKit, so this is the only capture of WebKit's own traffic; using Chromium's capture instead
 * would hide every difference in what WebKit sends (header spelling, which requests go out).
 *
 * Pure: the lab log entries come in as data (live from `lab.requests()` or from the recorded
 * fixture), so the unit test and the e2e test evaluate exchanges built the same way.
 */
import type { Exchange, Hop, Observation, PageHint } from '../../../src/core/model';
import type { RunResult } from '../../../src/lab/page/automation';
import type { Scenario } from '../../../src/lab/scenario-types';

/** One request as the lab received and answered it. */
export interface WebKitHit {
  method: string;
  /** Absolute URL (origin from the Host header the browser sent). */
  url: string;
  requestHeaders: Array<[string, string]>;
  status?: number;
  responseHeaders?: Array<[string, string]>;
}

/** Request headers that say nothing about CORS and change with the WebKit build or locale. */
const VOLATILE_REQUEST_HEADERS = new Set(['user-agent', 'accept-language', 'accept-encoding', 'connection']);

/** A lab log entry as a WebKitHit (volatile request headers dropped). */
export function hitOfLogEntry(e: {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  response?: { status: number; headers: Array<[string, string]> };
}): WebKitHit {
  const host = e.headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? 'unknown-host';
  const hit: WebKitHit = {
    method: e.method,
    url: `http://${host}${e.url}`,
    requestHeaders: e.headers.filter(([n]) => !VOLATILE_REQUEST_HEADERS.has(n.toLowerCase())),
  };
  if (e.response) {
    hit.status = e.response.status;
    hit.responseHeaders = e.response.headers;
  }
  return hit;
}

const headerOf = (list: ReadonlyArray<[string, string]>, name: string): string | undefined =>
  list.find(([n]) => n.toLowerCase() === name)?.[1];

function isPreflight(h: WebKitHit): boolean {
  return h.method === 'OPTIONS' && headerOf(h.requestHeaders, 'access-control-request-method') !== undefined;
}

function observation(h: WebKitHit, index: number, pageOrigin: string): Observation {
  const o: Observation = {
    id: `webkit:${index}`,
    source: 'har',
    initiatorOrigin: pageOrigin,
    url: h.url,
    method: h.method,
    requestHeaders: h.requestHeaders.map(([name, value]) => ({ name, value })),
    startTime: index,
    seq: index,
  };
  if (isPreflight(h)) {
    o.preflightHint = true;
    o.resourceType = 'preflight';
  }
  if (h.status !== undefined) {
    o.status = h.status;
    o.responseHeaders = (h.responseHeaders ?? []).map(([name, value]) => ({ name, value }));
    const location = headerOf(h.responseHeaders ?? [], 'location');
    if (h.status >= 300 && h.status < 400 && location !== undefined) {
      try {
        o.redirectUrl = new URL(location, h.url).href;
      } catch {
        o.redirectUrl = location;
      }
    }
  }
  return o;
}

/** The request the page asked for but the lab never received (its preflight failed, or it never left WebKit). */
function unsent(url: string, s: Scenario, index: number, pageOrigin: string): Observation {
  return {
    id: `webkit:unsent:${index}`,
    source: 'har',
    initiatorOrigin: pageOrigin,
    url,
    method: s.request.method,
    requestHeaders: Object.entries(s.request.headers ?? {}).map(([name, value]) => ({ name, value })),
    requestHeadersProvisional: true,
    startTime: index,
    seq: index,
  };
}

function pageHint(s: Scenario, url: string, result: RunResult): PageHint {
  const r = s.request;
  const kind = r.via === 'xhr' ? 'xhr' : 'fetch';
  const credentials = kind === 'xhr' ? (r.credentials === 'include' ? 'include' : 'same-origin') : (r.credentials ?? 'same-origin');
  const hint: PageHint = {
    id: `webkit-hint:${s.id}`,
    kind,
    url,
    method: r.method,
    credentials,
    headerNames: Object.keys(r.headers ?? {}).map((n) => n.toLowerCase()),
    startTime: 0,
    outcome: result.ok ? 'resolved' : 'rejected',
  };
  if (kind === 'fetch') {
    hint.mode = r.mode ?? 'cors';
    hint.redirect = r.redirect ?? 'follow';
  }
  if (result.ok && result.type && kind === 'fetch') hint.responseType = result.type;
  if (result.status !== undefined) hint.status = result.status;
  if (!result.ok && result.error) hint.error = result.error.split(':')[0]!.trim();
  return hint;
}

/**
 * The exchange WebKit had for one run: `hits` are the lab's log entries of this run, in arrival
 * order; `firstUrl` is the URL the page asked for.
 */
export function webkitExchange(s: Scenario, pageOrigin: string, firstUrl: string, hits: readonly WebKitHit[], result: RunResult): Exchange {
  const hops: Hop[] = [];
  let pendingPreflight: Observation | undefined;
  hits.forEach((h, i) => {
    // A request the lab never answered and the browser sent again (a dropped connection) is one request.
    const again = hits[i + 1];
    if (h.status === undefined && again && again.method === h.method && again.url === h.url) return;
    const o = observation(h, i, pageOrigin);
    if (isPreflight(h)) {
      pendingPreflight = o;
      return;
    }
    hops.push(pendingPreflight && pendingPreflight.url === o.url ? { request: o, preflight: pendingPreflight } : { request: o });
    pendingPreflight = undefined;
  });
  let actualNeverSent = false;
  if (pendingPreflight) {
    hops.push({ request: unsent(pendingPreflight.url, s, hits.length, pageOrigin), preflight: pendingPreflight });
    actualNeverSent = true;
  } else if (hops.length === 0) {
    hops.push({ request: unsent(firstUrl, s, 0, pageOrigin) });
    actualNeverSent = true;
  }
  const exchange: Exchange = {
    id: `webkit:${s.id}`,
    initiatorOrigin: pageOrigin,
    url: firstUrl,
    method: s.request.method,
    hops,
    startTime: 0,
    pageHint: pageHint(s, firstUrl, result),
  };
  if (actualNeverSent) exchange.actualNeverSent = true;
  return exchange;
}
