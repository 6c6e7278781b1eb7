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
import type { Exchange, Hop, InitiatorContext, Observation, PageHint } from '../../../src/core/model';
import type { LabContext } from '../../../src/lab/contexts/types';
import type { RequestVia } from '../../../src/lab/scenario-types';
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

/**
 * The resource type a capture names for each way the lab page loads (DevTools' HAR
 * `_resourceType` words): what tells the initiator apart when the page made no fetch/XHR call.
 */
const RESOURCE_TYPES: Partial<Record<RequestVia, string>> = {
  'module-script': 'script',
  'static-import': 'script',
  'dynamic-import': 'script',
  modulepreload: 'script',
  'script-crossorigin': 'script',
  'font-face': 'font',
  'font-api': 'font',
  'preload-font': 'font',
  stylesheet: 'stylesheet',
  'preload-fetch': 'other',
  img: 'image',
  audio: 'media',
  video: 'media',
  eventsource: 'eventsource',
  beacon: 'ping',
};

/** Which worker made the request, as a capture of the worker's traffic says (src/lab/contexts). */
const WORKER_CONTEXTS: Partial<Record<LabContext, InitiatorContext>> = {
  'dedicated-worker': 'dedicated-worker',
  'module-worker': 'dedicated-worker',
  'shared-worker': 'worker',
  'service-worker': 'service-worker',
};

interface Made {
  /** The requesting document's origin: the page's, or the frame's own (the Origin WebKit sent). */
  origin: string;
  resourceType?: string;
  context?: InitiatorContext;
}

function observation(h: WebKitHit, index: number, made: Made): Observation {
  const o: Observation = {
    id: `webkit:${index}`,
    source: 'har',
    initiatorOrigin: made.origin,
    url: h.url,
    method: h.method,
    requestHeaders: h.requestHeaders.map(([name, value]) => ({ name, value })),
    startTime: index,
    seq: index,
  };
  if (made.context) o.initiatorContext = made.context;
  if (isPreflight(h)) {
    o.preflightHint = true;
    o.resourceType = 'preflight';
  } else if (made.resourceType) {
    o.resourceType = made.resourceType;
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
function unsent(url: string, s: Scenario, index: number, made: Made): Observation {
  return {
    ...(made.context ? { initiatorContext: made.context } : {}),
    ...(made.resourceType ? { resourceType: made.resourceType } : {}),
    id: `webkit:unsent:${index}`,
    source: 'har',
    initiatorOrigin: made.origin,
    url,
    method: s.request.method,
    requestHeaders: Object.entries(s.request.headers ?? {}).map(([name, value]) => ({ name, value })),
    requestHeadersProvisional: true,
    startTime: index,
    seq: index,
  };
}

/** Elements the page-side source reports (a crossorigin attribute: src/content/page-world/element-hook.ts). */
const ELEMENT_VIAS = new Set<RequestVia>(['module-script', 'modulepreload', 'script-crossorigin', 'preload-font', 'stylesheet', 'preload-fetch', 'img', 'audio', 'video']);

function hintKind(via: RequestVia | undefined): PageHint['kind'] | undefined {
  if (via === undefined || via === 'fetch' || via === 'keepalive') return 'fetch';
  if (via === 'xhr' || via === 'eventsource') return via;
  return ELEMENT_VIAS.has(via) ? 'element' : undefined;
}

/** What the page-side source records of the call (none for loads it cannot see: fonts, import()). */
function pageHint(s: Scenario, url: string, result: RunResult): PageHint | undefined {
  const r = s.request;
  const kind = hintKind(r.via);
  // In a worker no page-side hook runs, but the call's failure stands in for the error string
  // Chromium and Firefox report there (WebKit's traffic carries none).
  if (kind === undefined) return undefined;
  const credentials = kind === 'fetch' ? (r.credentials ?? 'same-origin') : r.credentials === 'include' ? 'include' : 'same-origin';
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
  if (kind === 'fetch' || kind === 'element') hint.mode = r.mode ?? 'cors';
  if (kind === 'fetch') hint.redirect = r.redirect ?? 'follow';
  if (result.ok && result.type && kind === 'fetch') hint.responseType = result.type;
  if (result.status !== undefined) hint.status = result.status;
  if (!result.ok && result.error && kind !== 'element') hint.error = result.error.split(':')[0]!.trim();
  return hint;
}

/**
 * The exchange WebKit had for one run: `hits` are the lab's log entries of this run, in arrival
 * order; `firstUrl` is the URL the page asked for.
 */
export function webkitExchange(s: Scenario, pageOrigin: string, firstUrl: string, allHits: readonly WebKitHit[], result: RunResult): Exchange {
  // A static import: the module that imports passes; the exchange in question is its `dep` step.
  const dep = s.request.via === 'static-import' ? allHits.filter((h) => h.url.includes('/dep?') || h.url.endsWith('/dep')) : [];
  const hits = dep.length > 0 ? dep : allHits;
  const url = dep.length > 0 ? dep[0]!.url : firstUrl;
  const sentOrigin = hits.map((h) => headerOf(h.requestHeaders, 'origin')).find((o) => o !== undefined);
  const frame = s.request.context !== undefined && /frame$/.test(s.request.context);
  const made: Made = { origin: frame && sentOrigin !== undefined ? sentOrigin : pageOrigin };
  const resourceType = RESOURCE_TYPES[s.request.via ?? 'fetch'];
  if (resourceType) made.resourceType = resourceType;
  const context = s.request.context ? WORKER_CONTEXTS[s.request.context] : undefined;
  if (context) made.context = context;
  const hops: Hop[] = [];
  let pendingPreflight: Observation | undefined;
  hits.forEach((h, i) => {
    // A request the lab never answered and the browser sent again (a dropped connection) is one request.
    const again = hits[i + 1];
    if (h.status === undefined && again && again.method === h.method && again.url === h.url) return;
    const o = observation(h, i, made);
    if (isPreflight(h)) {
      pendingPreflight = o;
      return;
    }
    hops.push(pendingPreflight && pendingPreflight.url === o.url ? { request: o, preflight: pendingPreflight } : { request: o });
    pendingPreflight = undefined;
  });
  let actualNeverSent = false;
  if (pendingPreflight) {
    hops.push({ request: unsent(pendingPreflight.url, s, hits.length, made), preflight: pendingPreflight });
    actualNeverSent = true;
  } else if (hops.length === 0) {
    hops.push({ request: unsent(url, s, 0, made) });
    actualNeverSent = true;
  }
  const exchange: Exchange = {
    id: `webkit:${s.id}`,
    initiatorOrigin: made.origin,
    url,
    method: s.request.method,
    hops,
    startTime: 0,
  };
  const hint = pageHint(s, url, result);
  if (hint) exchange.pageHint = hint;
  if (actualNeverSent) exchange.actualNeverSent = true;
  return exchange;
}
