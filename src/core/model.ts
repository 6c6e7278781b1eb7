/**
 * The data model shared by every part of CORS Lens: sources produce Observations, pairing groups
 * them into Exchanges, the evaluator turns an Exchange into a Verdict. Pure data, no browser API.
 *
 * Sources:  webRequest (background), devtools.network HAR, HAR files (panel, CLI)
 *             → Observation[] → analyze(observations, { hints }): pairExchanges() → Exchange[] → evaluate() → Verdict
 */

import type { ReasonId } from './reasons';

export type { ReasonId };

/** One header as seen on the wire. Order and duplicates are preserved: both matter for CORS. */
export interface Header {
  name: string;
  value: string;
}
export type HeaderList = Header[];

export type BrowserId = 'chrome' | 'firefox' | 'safari';

/** Where an observation came from. Browser quirks stay in the source adapters. */
/** `page`: a call the page saw fail that never reached any network API (src/background/unsent-calls.ts). */
export type SourceKind = 'webrequest' | 'har' | 'devtools' | 'page';

/**
 * One HTTP request/response as a source saw it. A redirect chain is several observations: each
 * hop its own record (webRequest keeps one requestId for the chain: sources split it into hops and
 * set `chainId` + `hopIndex`; HAR has one entry per hop and no ids).
 */
export interface Observation {
  /** Unique within the source (e.g. `wr:123#0` for webRequest request 123, hop 0; `har:17`). */
  id: string;
  source: SourceKind;
  /** Same value for every hop of one redirect chain, when the source knows it (webRequest requestId). */
  chainId?: string;
  /** 0 for the first request of a chain, 1 for the request after the first redirect, … */
  hopIndex?: number;
  tabId?: number;
  frameId?: number;
  /** Chrome documentId / Firefox documentId: distinguishes documents within a tab. */
  documentId?: string;
  /** URL of the document that made the request (Firefox documentUrl / originUrl, HAR page). */
  documentUrl?: string;
  /**
   * Serialized origin of the requesting document (Chrome `initiator`, origin of Firefox
   * `originUrl`), or `null` for an opaque origin. Undefined when the source does not say.
   */
  initiatorOrigin?: string | null;
  url: string;
  /** Method exactly as sent (case preserved: `patch` stays `patch`). */
  method: string;
  /** webRequest resource type or HAR `_resourceType` (`xmlhttprequest`, `fetch`, `script`, `preflight`, …). */
  resourceType?: string;
  /** Request headers as sent. Undefined when the source did not capture them. */
  requestHeaders?: HeaderList;
  /** Whether `requestHeaders` are provisional (HAR of a request never sent: no Origin etc.). */
  requestHeadersProvisional?: boolean;
  /** HTTP status; undefined or 0 when no response arrived (or was never sent). */
  status?: number;
  /**
   * A response arrived (its headers are here) but the source did not record its status: Firefox's
   * getHAR() writes some entries as status 0 with their response headers (src/sources/har.ts).
   */
  statusUnrecorded?: boolean;
  statusText?: string;
  /** Response headers; undefined when no response was seen. */
  responseHeaders?: HeaderList;
  /** Set when this hop's response was a redirect that the browser followed (or tried to). */
  redirectUrl?: string;
  /**
   * The error the browser reported for this request, verbatim: `net::ERR_FAILED`,
   * `net::ERR_CONNECTION_REFUSED`, `NS_ERROR_DOM_BAD_URI`, `net::ERR_INVALID_REDIRECT`, …
   * Undefined when the request completed (or the source cannot tell).
   */
  error?: string;
  /** True when the source says this is a CORS preflight (HAR `_resourceType: "preflight"`). */
  preflightHint?: boolean;
  /**
   * A link to the actual request when a source has one (HAR `_initiator.requestId` of a
   * preflight; it names a DevTools request id, which HAR entries do not carry themselves).
   */
  preflightForHint?: string;
  fromCache?: boolean;
  /** Remote IP when known (useful for local-network diagnosis). */
  ip?: string;
  /** Milliseconds since epoch when the request started. */
  startTime: number;
  endTime?: number;
  /** Monotonic arrival order within the source; breaks ties when timestamps are equal. */
  seq?: number;
  /**
   * The source knows it may have missed events of this request: `restart` — it was in flight when
   * the extension's background was stopped and restarted (Chrome drops the events it dispatches
   * meanwhile); `missed-start` — it ended without its first event ever arriving.
   */
  captureGap?: 'restart' | 'missed-start';
  /**
   * Set when the request was not made by a document of the tab but by a worker outside it, which
   * the source attributed to the tab (webRequest reports such requests with tabId -1):
   * `service-worker` when the worker is known to be a service worker, `worker` otherwise (a
   * shared worker, or a service worker the source could not tell apart); `dedicated-worker` when
   * the source knows a dedicated worker of the tab made it (a rebuilt exchange: WebKit e2e).
   * HAR: an entry outside every page (no `pageref` in a HAR that has pages) is `worker`: some
   * worker's, dedicated workers included.
   */
  initiatorContext?: InitiatorContext;
  /**
   * HAR: the page-side entry of a request its service worker answered (`_fetchedViaServiceWorker`).
   * Its response headers are what the worker handed over (filtered), not the server's answer.
   */
  viaServiceWorker?: boolean;
}

/** Who made a request that is not the tab's document's own (see `Observation.initiatorContext`). */
export type InitiatorContext = 'service-worker' | 'worker' | 'dedicated-worker';

/** One request of the exchange's chain plus the preflight the browser sent for it, if any. */
export interface Hop {
  request: Observation;
  preflight?: Observation;
}

/**
 * A cross-origin (or same-origin) request as the page made it: the actual request's hops in order,
 * each with its preflight. `hops[0].request.url` is the URL the page asked for.
 */
export interface Exchange {
  id: string;
  tabId?: number;
  documentId?: string;
  /** Origin of the requesting document; `null` when opaque; undefined when unknown. */
  initiatorOrigin?: string | null;
  /** The URL and method the page asked for (first hop). */
  url: string;
  method: string;
  hops: Hop[];
  /**
   * True when the actual request was never sent (its preflight failed). The last hop's request
   * observation then carries only what the browser knew before sending.
   */
  actualNeverSent?: boolean;
  /** True when no preflight was observed though one was required (cached preflight). */
  preflightCacheHit?: boolean;
  startTime: number;
  endTime?: number;
  /**
   * What the page itself saw of this request (the page-side source: a script in the page's world
   * records each fetch/XHR's mode, credentials mode and how it settled). Supplies what no network
   * API reports; the evaluator uses it unless `EvaluateOptions` says otherwise. Absent for HAR
   * imports, workers' requests, and whenever no hint matched (see src/core/pairing/page-hints.ts).
   */
  pageHint?: PageHint;
  /**
   * Set by the live store (src/background/tab-store.ts) while the browser has not finished the
   * exchange: `preflight` = the preflight went out and its response has not arrived; `response` =
   * the request is waiting for its response. The verdict of an exchange in flight is provisional
   * (usually `unknown`), so the panel shows it as pending. Absent once it completes, and always
   * for sources that only see finished requests (HAR files, DevTools' network log).
   */
  inFlight?: InFlightStage;
}

/** What an exchange in flight is waiting for (see `Exchange.inFlight`). */
export type InFlightStage = 'preflight' | 'response';

/**
 * One fetch / XMLHttpRequest / EventSource call as the page made it and saw it end. Only what the
 * page passed to the API and how the call settled: never bodies, never header values. The data
 * comes from the page, so it is untrusted: it can only describe (or mislead) its own tab's panel.
 */
export interface PageHint {
  /** Assigned by the background (unique within a tab's store). */
  id: string;
  /** `element`: an <img>/<script>/<link>/<audio>/<video> with a crossorigin attribute (src/content/page-world/element-hook.ts). */
  kind: 'fetch' | 'xhr' | 'eventsource' | 'element';
  /** Absolute URL the page asked for (before redirects), without fragment. */
  url: string;
  /** Method exactly as the page gave it (`patch` stays `patch`). */
  method: string;
  /** Request mode; undefined when the page's arguments could not be read without side effects. */
  mode?: 'cors' | 'no-cors' | 'same-origin';
  /** Credentials mode (XHR/EventSource: `withCredentials` true → include, false → same-origin; element: crossorigin="use-credentials" → include). */
  credentials?: CredentialsMode;
  /** fetch's redirect mode. */
  redirect?: 'follow' | 'error' | 'manual';
  /** Lowercase names of the request headers the script set (values are never recorded). */
  headerNames: string[];
  /** Date.now() in the page when the call was made. */
  startTime: number;
  /**
   * Date.now() in the page when the call settled (the hint is sent then). Its request had started
   * by that time, which is what rules out later requests to the same URL; absent in hints recorded
   * before it existed.
   */
  endTime?: number;
  /** How the call settled: the promise resolved / `load` fired, or it rejected / `error` fired. */
  outcome: 'resolved' | 'rejected';
  /** fetch: `response.type` (basic, cors, opaque, opaqueredirect). */
  responseType?: string;
  /** The status the page saw (0 for opaque responses). */
  status?: number;
  /** Rejection name: `TypeError` (fetch network error), `NetworkError`, `AbortError`, `TimeoutError`. */
  error?: string;
  /** Where it came from, as the browser (not the page) reported the sender. */
  tabId?: number;
  frameId?: number;
  documentId?: string;
}

/** What the developer or another source knows about the request beyond the wire. */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';
export type RequestMode = 'cors' | 'no-cors' | 'same-origin' | 'navigate' | 'websocket';

export type Outcome =
  | 'allowed' // CORS passed (or not needed) and the page can read the response
  | 'blocked' // the browser blocked it for a CORS reason
  | 'opaque' // no-cors: the request went out, the page got an opaque response
  | 'not-cors' // same-origin, navigation, or not subject to CORS
  | 'network-error' // failed for a non-CORS cause (refused, DNS, TLS, blocked by client, mixed content)
  | 'unknown'; // not enough data to decide

/** Where the deciding check ran. */
export type Phase = 'request' | 'preflight' | 'actual' | 'redirect' | 'network';

/** A fact the verdict rests on: which header on which response (or which request header/method). */
export interface Evidence {
  /** Which message: the preflight response, the actual response, a redirect hop, the request. */
  on: 'preflight-request' | 'preflight-response' | 'request' | 'response' | 'redirect-response';
  /** Index of the hop in `Exchange.hops`. */
  hop: number;
  /** Header name (lowercase) or a pseudo field: `:status`, `:method`, `:url`, `:error`. */
  field: string;
  /** The observed value; null when the header is absent. Multiple fields are joined with ", ". */
  value: string | null;
  /** What a passing value would be, when there is one (e.g. the page origin). */
  expected?: string;
  /** Short human note: "missing", "must be exactly 'true'", "not listed". */
  note: string;
}

/** Something that works today but is risky, slow or non-conformant. */
export interface Warning {
  id: string;
  severity: 'info' | 'warning' | 'security';
  message: string;
  evidence?: Evidence[];
}

/** Per-browser console text. Firefox may print several lines: they are joined with "\n". */
export interface BrowserMessages {
  chrome: string | null;
  firefox: string | null;
  safari: string | null;
}

/**
 * How one browser engine judges the exchange. The evaluator runs each engine's checks in that
 * engine's order; the verdict's headline comes from the engine the user picked.
 */
export interface EngineResult {
  browser: BrowserId;
  outcome: Outcome;
  /** Stable reason id from the taxonomy (`acao-missing`, `preflight-non-ok-status`, …) or `ok`. */
  reason: ReasonId;
  /** Chromium `CorsError` name without the leading `k` (only for chrome; null otherwise/none). */
  corsError: string | null;
  failedParameter?: string;
  /** Firefox `security.properties` keys in the order printed (firefox only). */
  firefoxKeys?: string[];
  message: string | null;
  phase: Phase;
  hop: number;
}

export interface Verdict {
  outcome: Outcome;
  reason: ReasonId;
  /** Chromium CorsError name without leading `k`, or null when Chromium reports none. */
  chromiumCorsError: string | null;
  failedParameter: string | null;
  phase: Phase;
  /** Index of the hop where the deciding check ran. */
  hop: number;
  messages: BrowserMessages;
  /** One sentence: what happened. */
  summary: string;
  /** Plain-language explanation a junior developer understands. */
  explanation: string;
  evidence: Evidence[];
  /** Conclusions drawn from evidence rather than observed directly (e.g. credentials mode). */
  inferences: string[];
  warnings: Warning[];
  /** The credentials mode the verdict assumed, and whether it was observed, inferred or assumed. */
  credentials: {
    mode: CredentialsMode;
    basis: 'given' | 'observed' | 'inferred' | 'assumed';
    /** How an observed mode was seen, in one sentence (a Cookie header, the page's own call). */
    note?: string;
  };
  requestMode: RequestMode;
  engines: Record<BrowserId, EngineResult>;
}

export interface EvaluateOptions {
  /** Which browser's point of view the headline verdict takes. Default `chrome`. */
  browser?: BrowserId;
  /** Known credentials mode (from a page-side source or the what-if editor). */
  credentials?: CredentialsMode;
  /** Known request mode. Default: derived from `Sec-Fetch-Mode`, else `cors`. */
  mode?: RequestMode;
  /** Initiator kind for Chrome's `Access to {kind} at …` (`fetch`, `XMLHttpRequest`, `script` …). */
  initiatorKind?: string;
}

/** A fully analysed exchange, as the panel and the CLI show it. */
export interface AnalyzedExchange {
  exchange: Exchange;
  verdict: Verdict;
}
