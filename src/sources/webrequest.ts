/**
 * webRequest → Observation collector. Pure: it never calls `chrome.*`; the background feeds it
 * the events it receives (Chrome or Firefox shape) and stores what comes out.
 *
 * One observation per hop of a redirect chain: webRequest keeps one `requestId` for the whole
 * chain, so the collector splits it into hops (`chainId` = requestId, `hopIndex` 0, 1, …).
 *
 * Browser quirks handled here and nowhere else:
 * - Chrome reports a CORS-blocked response only through `onHeadersReceived` (with headers, when
 *   the listener used `extraHeaders`) followed by `onErrorOccurred net::ERR_FAILED`.
 * - Chrome names the requester in `initiator` (an origin, or "null"); Firefox gives `originUrl`
 *   and `documentUrl` instead.
 * - Firefox suspends its event page; on wake it delivers the queued events grouped by type (all
 *   onBeforeRequest, then all onBeforeSendHeaders, …), so an `onCompleted` can arrive before the
 *   `onSendHeaders` of the same request. Events are therefore matched to hops by URL and stage,
 *   never by arrival order, and every event is idempotent (a repeated event changes nothing).
 *
 * The collector's whole state is plain JSON (`CollectorState`) so the background can persist it
 * in `storage.session` and resume after a service-worker restart or event-page suspension.
 */
import { isHttpScheme, isWebSocketScheme, originOrNull } from '../core/http/origin';
import type { Header, HeaderList, Observation } from '../core/model';

export const WEBREQUEST_EVENTS = [
  'onBeforeRequest',
  'onBeforeSendHeaders',
  'onSendHeaders',
  'onHeadersReceived',
  'onResponseStarted',
  'onBeforeRedirect',
  'onCompleted',
  'onErrorOccurred',
] as const;
export type WebRequestEventName = (typeof WEBREQUEST_EVENTS)[number];

/** A header as webRequest gives it: Chrome may send bytes in `binaryValue` instead of `value`. */
export interface RawHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

/** The union of the Chrome and Firefox `details` fields the collector reads. */
export interface WebRequestDetails {
  requestId: string;
  url: string;
  method: string;
  timeStamp: number;
  type?: string;
  tabId?: number;
  frameId?: number;
  documentId?: string;
  /** Chrome: origin of the requester, "null" for an opaque origin, absent for browser-initiated. */
  initiator?: string;
  /** Firefox: URL of the resource that triggered the request. */
  originUrl?: string;
  /** Firefox: URL of the document the request belongs to. */
  documentUrl?: string;
  requestHeaders?: RawHeader[];
  responseHeaders?: RawHeader[];
  statusCode?: number;
  statusLine?: string;
  redirectUrl?: string;
  error?: string;
  ip?: string | null;
  fromCache?: boolean;
}

/** What the collector remembers about one hop. Plain JSON. */
export interface HopState {
  /** Creation ordinal within the chain: breaks ties between hops that start at the same time. */
  ordinal: number;
  url: string;
  /** Timestamp of each stage seen on this hop (also the idempotence check). */
  stages: Partial<Record<WebRequestEventName, number>>;
  /**
   * Earlier times of stages seen more than once (an auth retry re-sends headers): `stages` keeps
   * only the latest, and a repeat of an earlier one must still be recognised as a repeat.
   */
  earlier?: Array<[WebRequestEventName, number]>;
  /** Rank of the stage the current response headers came from (later stages win). */
  responseRank?: number;
  /** Rank of the stage the current request headers came from. */
  requestRank?: number;
  obs: Observation;
}

export interface ChainState {
  requestId: string;
  hops: HopState[];
  /** Latest event timestamp seen on the chain (for pruning). */
  lastTime: number;
  /** Final stage seen (onCompleted / onErrorOccurred on the last hop). */
  done: boolean;
}

export interface CollectorState {
  version: 1;
  /** Arrival counter: Observation.seq. */
  seq: number;
  /** Latest timestamp seen in any event (the collector's clock; never Date.now()). */
  now: number;
  chains: Record<string, ChainState>;
  /**
   * requestIds of finished chains the collector has let go of (oldest first, at most
   * MAX_FORGOTTEN): a late event for one of them is a repeat of what the store already holds,
   * never the start of a new request. Absent in state saved before it existed.
   */
  forgotten?: string[];
}

export interface CollectorOptions {
  /** Finished chains are kept this long (ms of event time) to absorb late, out-of-order events. */
  finishedRetentionMs?: number;
  /** Unfinished chains are dropped when silent for this long (a lost final event). */
  staleMs?: number;
  /** At most this many finished chains are kept for late events, however recent. */
  maxFinishedChains?: number;
}

const STAGE_RANK: Record<WebRequestEventName, number> = {
  onBeforeRequest: 0,
  onBeforeSendHeaders: 1,
  onSendHeaders: 2,
  onHeadersReceived: 3,
  onResponseStarted: 4,
  onBeforeRedirect: 5,
  onCompleted: 6,
  onErrorOccurred: 7,
};

/** Repeated stages remembered per hop (bounds the state of a request retried without end). */
const MAX_EARLIER = 16;
/** Finished requestIds remembered after their chains are dropped (a few bytes each). */
const MAX_FORGOTTEN = 5_000;

export function emptyCollectorState(): CollectorState {
  return { version: 1, seq: 0, now: 0, chains: {} };
}

export function isWebRequestEvent(name: string): name is WebRequestEventName {
  return (WEBREQUEST_EVENTS as readonly string[]).includes(name);
}

/** What one event changed. */
export interface CollectorUpdate {
  /** Every hop of the touched chain (a late event can re-order hops, so all are returned). */
  observations: Observation[];
  /**
   * Ids that no longer exist: ids follow hop order (`wr:<requestId>#<hopIndex>`), so when a late
   * event reveals an earlier hop, the later hops are renumbered and their old ids are returned here.
   */
  removedIds: string[];
}

const NO_UPDATE: CollectorUpdate = { observations: [], removedIds: [] };

/** Collects webRequest events into Observations. */
export class WebRequestCollector {
  private readonly st: CollectorState;
  private readonly finishedRetentionMs: number;
  private readonly staleMs: number;
  private readonly maxFinishedChains: number;
  /** `st.forgotten` as a set, built on first use. */
  private forgottenIds: Set<string> | undefined;

  constructor(state?: CollectorState, options: CollectorOptions = {}) {
    this.st = state && state.version === 1 ? state : emptyCollectorState();
    this.finishedRetentionMs = options.finishedRetentionMs ?? 60_000;
    this.staleMs = options.staleMs ?? 30 * 60_000; // long polls and downloads can run for minutes
    this.maxFinishedChains = options.maxFinishedChains ?? 1000;
  }

  /** The serialisable state (live object: serialise it, don't mutate it). */
  get state(): CollectorState {
    return this.st;
  }

  handle(event: WebRequestEventName, d: WebRequestDetails): CollectorUpdate {
    if (!d || typeof d.requestId !== 'string' || typeof d.url !== 'string') return NO_UPDATE;
    const time = typeof d.timeStamp === 'number' && Number.isFinite(d.timeStamp) ? d.timeStamp : this.st.now;
    if (time > this.st.now) this.st.now = time;

    let chain = this.st.chains[d.requestId];
    // A finished request whose chain was let go of: the event repeats what the store holds.
    if (!chain && this.isForgotten(d.requestId)) return NO_UPDATE;
    if (!chain) {
      chain = { requestId: d.requestId, hops: [], lastTime: time, done: false };
      this.st.chains[d.requestId] = chain;
    }
    chain.lastTime = Math.max(chain.lastTime, time);

    const hop = this.hopFor(chain, event, d, time);
    if (!hop) return NO_UPDATE; // exact repeat of an event already applied
    // Ids before this event (a hop just created by hopFor has no stage yet).
    const before = chain.hops.filter((h) => Object.keys(h.stages).length > 0).map((h) => h.obs.id);
    const previous = hop.stages[event];
    if (previous !== undefined && previous !== time) {
      hop.earlier ??= [];
      if (hop.earlier.length < MAX_EARLIER) hop.earlier.push([event, previous]);
    }
    hop.stages[event] = time;
    applyEvent(hop, event, d, time);
    noteMissedStart(hop);

    orderHops(chain);
    const last = chain.hops[chain.hops.length - 1];
    chain.done = !!last && (last.stages.onCompleted !== undefined || last.stages.onErrorOccurred !== undefined || redirectedOutOfSight(last));
    const unsent = unsentPreflightHop(chain);
    if (unsent) {
      // Firefox starts, then drops, the hop a redirected preflight points to: it never went out.
      chain.hops.splice(chain.hops.indexOf(unsent), 1);
      chain.done = true;
      return { observations: chain.hops.map((h) => h.obs), removedIds: [unsent.obs.id] };
    }
    if (isCacheProbe(chain)) {
      // Never went out: whatever was shown of it while in flight goes away.
      delete this.st.chains[d.requestId];
      return { observations: [], removedIds: chain.hops.map((h) => h.obs.id) };
    }
    const after = new Set(chain.hops.map((h) => h.obs.id));
    return { observations: chain.hops.map((h) => h.obs), removedIds: before.filter((id) => !after.has(id)) };
  }

  /** All observations the collector currently holds (in-flight and recently finished). */
  observations(): Observation[] {
    return Object.values(this.st.chains).flatMap((c) => c.hops.map((h) => h.obs));
  }

  /** Drops every chain of a tab (tab closed). */
  forgetTab(tabId: number): void {
    for (const [id, chain] of Object.entries(this.st.chains)) {
      if (chain.hops.some((h) => h.obs.tabId === tabId)) delete this.st.chains[id];
    }
  }

  /** Forgets one chain (a finished request the background does not keep). */
  forgetChain(requestId: string): void {
    delete this.st.chains[requestId];
  }

  /**
   * Marks every request still in flight as possibly incomplete (the background just restarted:
   * events dispatched while it was down are gone). Returns the observations of the chains marked.
   */
  markInFlightGaps(): Observation[][] {
    const marked: Observation[][] = [];
    for (const chain of Object.values(this.st.chains)) {
      if (chain.done) continue;
      for (const h of chain.hops) if (!isFinished(h) && !isProvenComplete(h)) h.obs.captureGap = 'restart';
      marked.push(chain.hops.map((h) => h.obs));
    }
    return marked;
  }

  /** Whether every hop of the chain has ended (a later event can only repeat or reorder). */
  isDone(requestId: string): boolean {
    return this.st.chains[requestId]?.done === true;
  }

  /**
   * Forgets finished chains — of one tab, started before `before`, when given (the user cleared
   * the list: cleared requests must not live on in the collector's saved state); all of them when
   * storage is short. Unfinished ones stay, so their remaining events still find their hops.
   * Returns how many were forgotten.
   */
  forgetFinished(tabId?: number, before = Infinity): number {
    let n = 0;
    for (const [id, chain] of Object.entries(this.st.chains)) {
      if (!chain.done || (tabId !== undefined && !chain.hops.some((h) => h.obs.tabId === tabId))) continue;
      if (chain.hops.every((h) => h.obs.startTime < before)) {
        this.letGo(id);
        n++;
      }
    }
    return n;
  }

  /**
   * Forgets finished chains older than the retention window and silent unfinished ones. The
   * observations live on in the background's store; this only bounds the collector's memory (and
   * storage.session), never what is shown: a finished chain's requestId is remembered, so however
   * late a repeated event arrives on a loaded machine it cannot start a phantom request.
   * Returns the requestIds dropped.
   */
  prune(): string[] {
    const dropped: string[] = [];
    let finished = 0;
    for (const [id, chain] of Object.entries(this.st.chains)) {
      const age = this.st.now - chain.lastTime;
      if ((chain.done && age > this.finishedRetentionMs) || age > this.staleMs) {
        this.letGo(id);
        dropped.push(id);
      } else if (chain.done) finished++;
    }
    // A page firing thousands of requests a second would otherwise keep a minute of them here
    // (and in storage.session) twice over: bound the finished ones, oldest out first.
    if (finished > this.maxFinishedChains) {
      const done = Object.values(this.st.chains).filter((c) => c.done).sort((a, b) => a.lastTime - b.lastTime);
      for (const chain of done.slice(0, finished - this.maxFinishedChains)) {
        this.letGo(chain.requestId);
        dropped.push(chain.requestId);
      }
    }
    return dropped;
  }

  /** Drops a chain; a finished one's requestId is remembered (see CollectorState.forgotten). */
  private letGo(requestId: string): void {
    const chain = this.st.chains[requestId];
    delete this.st.chains[requestId];
    if (!chain?.done) return;
    const list = (this.st.forgotten ??= []);
    list.push(requestId);
    this.forgottenIds?.add(requestId);
    if (list.length > MAX_FORGOTTEN) for (const old of list.splice(0, list.length - MAX_FORGOTTEN)) this.forgottenIds?.delete(old);
  }

  private isForgotten(requestId: string): boolean {
    if ((this.st.forgotten?.length ?? 0) === 0) return false;
    this.forgottenIds ??= new Set(this.st.forgotten);
    return this.forgottenIds.has(requestId);
  }

  /**
   * Finds the hop an event belongs to: among the hops with the event's URL that have not seen this
   * stage, the latest one that started before the event (the earliest one when the event predates
   * them all, which happens when Firefox delivers a late stage first). A new hop when none fits.
   * Returns undefined for an exact duplicate.
   */
  private hopFor(chain: ChainState, event: WebRequestEventName, d: WebRequestDetails, time: number): HopState | undefined {
    const sameUrl = chain.hops.filter((h) => h.url === d.url);
    if (sameUrl.some((h) => h.stages[event] === time || h.earlier?.some(([e, t]) => e === event && t === time))) return undefined;
    const open = sameUrl.filter((h) => h.stages[event] === undefined && !isBeyond(h, event, time));
    const started = open.filter((h) => h.obs.startTime <= time);
    const pick = started[started.length - 1] ?? open[0];
    if (pick) return pick;
    // A stage seen twice on one URL with a different time (e.g. an auth retry re-sends headers)
    // updates the latest such hop, unless the hop already finished: then it is a new hop.
    const latest = sameUrl[sameUrl.length - 1];
    if (latest && event !== 'onBeforeRequest' && !isFinished(latest)) return latest;
    const hop = newHop(chain, d, time, ++this.st.seq);
    chain.hops.push(hop);
    return hop;
  }
}

/**
 * A cache-only probe, not a request the browser sent: it ended in `net::ERR_CACHE_MISS` without
 * any response. Chromium's cache-aware web-font loading first asks the HTTP cache alone (so a
 * cached font shows without a timeout) and, on a miss, starts the real request under a new
 * requestId; `fetch(…, {cache: 'only-if-cached'})` ends the same way. Showing it would list a
 * second, phantom row for every cross-origin font.
 */
function isCacheProbe(chain: ChainState): boolean {
  const last = chain.hops[chain.hops.length - 1];
  return !!last && last.obs.error === 'net::ERR_CACHE_MISS' && chain.hops.every((h) => !h.obs.status && !h.obs.responseHeaders);
}

/**
 * A preflight is never redirected: the browser refuses the redirect (Firefox:
 * CORSExternalRedirectNotAllowed). Firefox still reports a hop to the Location URL that ends in an
 * error without ever sending request headers (NS_ERROR_NET_ON_RECEIVING_FROM, lab scenarios
 * preflight-redirect-*): not a request the browser made, so it must not become a row of its own.
 */
function unsentPreflightHop(chain: ChainState): HopState | undefined {
  if (chain.hops.length < 2) return undefined;
  const last = chain.hops[chain.hops.length - 1]!;
  const before = chain.hops[chain.hops.length - 2]!;
  const o = last.obs;
  const wasPreflight = before.obs.method === 'OPTIONS' && before.obs.requestHeaders?.some((h) => h.name.toLowerCase() === 'access-control-request-method');
  const unsent = o.method === 'OPTIONS' && o.error !== undefined && !o.requestHeaders && !o.status && last.stages.onSendHeaders === undefined;
  return wasPreflight && unsent && before.obs.redirectUrl === o.url ? last : undefined;
}

/**
 * Every request's events begin with onBeforeRequest (Chrome and Firefox, redirect hops included).
 * A hop that ended without it lost events; Firefox may deliver it late (after a suspension it
 * groups buffered events by type), which clears the mark.
 */
function noteMissedStart(h: HopState): void {
  if (h.stages.onBeforeRequest !== undefined) {
    if (h.obs.captureGap === 'missed-start') delete h.obs.captureGap;
  } else if (isFinished(h) && h.obs.captureGap === undefined) h.obs.captureGap = 'missed-start';
  if (h.obs.captureGap === 'restart' && isProvenComplete(h)) delete h.obs.captureGap;
}

/**
 * A request that completed with its start, its headers as sent and its response headers seen lost
 * nothing the evaluator reads, restart or not. One that ended in an error cannot prove it: the
 * stages it lacks may have been dropped or never happened (an actual request after a failed
 * preflight has no response at all).
 */
function isProvenComplete(h: HopState): boolean {
  const s = h.stages;
  return (
    s.onCompleted !== undefined &&
    s.onBeforeRequest !== undefined &&
    (s.onSendHeaders !== undefined || s.onBeforeSendHeaders !== undefined) &&
    s.onHeadersReceived !== undefined
    // onResponseStarted (between the two) is not asked for on subresources: platform/webrequest.ts.
  );
}

/**
 * A redirect to a scheme webRequest never reports on (ftp:, data:, a custom scheme) ends the chain
 * as far as CORS Lens can see: with host access limited to http(s) sites no later event comes,
 * and the chain would otherwise stay "in flight" (and in storage) for good.
 */
function redirectedOutOfSight(h: HopState): boolean {
  if (h.stages.onBeforeRedirect === undefined) return false;
  const target = h.obs.redirectUrl;
  return !isHttpScheme(target) && !isWebSocketScheme(target);
}

function isFinished(h: HopState): boolean {
  return h.stages.onCompleted !== undefined || h.stages.onErrorOccurred !== undefined || h.stages.onBeforeRedirect !== undefined;
}

/**
 * True when the hop cannot take this event: it already ended before `time` (a later request to the
 * same URL, e.g. a redirect loop back to the same URL, must start a new hop).
 */
function isBeyond(h: HopState, event: WebRequestEventName, time: number): boolean {
  if (event !== 'onBeforeRequest') return false;
  const end = h.stages.onBeforeRedirect ?? h.stages.onCompleted ?? h.stages.onErrorOccurred;
  return end !== undefined && end < time;
}

function newHop(chain: ChainState, d: WebRequestDetails, time: number, seq: number): HopState {
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
function orderHops(chain: ChainState): void {
  chain.hops.sort((a, b) => a.obs.startTime - b.obs.startTime || a.ordinal - b.ordinal);
  chain.hops.forEach((h, i) => {
    h.obs.hopIndex = i;
    h.obs.id = `wr:${chain.requestId}#${i}`;
  });
}

function applyEvent(hop: HopState, event: WebRequestEventName, d: WebRequestDetails, time: number): void {
  const o = hop.obs;
  const rank = STAGE_RANK[event];
  // Context fields: the first event that carries them wins (they are the same on every event).
  if (o.tabId === undefined && typeof d.tabId === 'number') o.tabId = d.tabId;
  if (o.frameId === undefined && typeof d.frameId === 'number') o.frameId = d.frameId;
  if (o.documentId === undefined && typeof d.documentId === 'string' && d.documentId) o.documentId = d.documentId;
  if (o.resourceType === undefined && typeof d.type === 'string') o.resourceType = d.type;
  if (o.documentUrl === undefined && typeof d.documentUrl === 'string' && d.documentUrl) o.documentUrl = d.documentUrl;
  if (o.initiatorOrigin === undefined) {
    const origin = initiatorOriginOf(d);
    if (origin !== undefined) o.initiatorOrigin = origin;
  }
  if (typeof d.method === 'string' && d.method) o.method = d.method;

  if (event === 'onBeforeRequest') o.startTime = time;
  else if (hop.stages.onBeforeRequest === undefined && time < o.startTime) o.startTime = time;

  if (d.requestHeaders && (event === 'onBeforeSendHeaders' || event === 'onSendHeaders')) {
    // onSendHeaders carries the headers as finally sent; it outranks onBeforeSendHeaders.
    if (hop.requestRank === undefined || rank >= hop.requestRank) {
      o.requestHeaders = toHeaderList(d.requestHeaders);
      hop.requestRank = rank;
      if (isFirefoxShape(d)) preferSentOrigin(o);
    }
  }

  if (typeof d.statusCode === 'number' && d.statusCode > 0 && event !== 'onErrorOccurred') {
    if (hop.responseRank === undefined || rank >= hop.responseRank) {
      o.status = d.statusCode;
      const text = statusTextOf(d.statusLine);
      if (text !== undefined) o.statusText = text;
      if (d.responseHeaders) {
        const list = toHeaderList(d.responseHeaders);
        o.responseHeaders = isFirefoxShape(d) ? unmergeRepeatedAllowOrigin(list) : list;
      }
      hop.responseRank = rank;
    }
  }

  if (typeof d.ip === 'string' && d.ip) o.ip = d.ip;
  if (typeof d.fromCache === 'boolean' && event !== 'onBeforeRequest') o.fromCache = d.fromCache;

  switch (event) {
    case 'onBeforeRedirect':
      if (d.redirectUrl) o.redirectUrl = d.redirectUrl;
      o.endTime = time;
      break;
    case 'onCompleted':
      o.endTime = time;
      break;
    case 'onErrorOccurred':
      if (typeof d.error === 'string') o.error = d.error;
      o.endTime = time;
      break;
    default:
      break;
  }
  forgiveDeliveredBeacon(o);
}

/**
 * Firefox ends a beacon's request with NS_ERROR_FAILURE once its response has arrived: a beacon's
 * response is never read, so the channel is dropped. The beacon was delivered; that is no network
 * error. (Checked whichever of the two events comes first: Firefox may deliver them out of order.)
 */
function forgiveDeliveredBeacon(o: Observation): void {
  if (o.error === 'NS_ERROR_FAILURE' && o.resourceType === 'beacon' && typeof o.status === 'number' && o.status > 0) delete o.error;
}

/**
 * Firefox's `originUrl` is the resource that triggered the request, not always the document: a
 * module's static import names the importing module, a font the stylesheet that declared it. The
 * CORS check uses the document's origin, which is what the request's `Origin` header says: when it
 * names an origin, it wins. (`Origin: null` is left alone: tainted redirects and opaque origins
 * are the evaluator's business.)
 */
function preferSentOrigin(o: Observation): void {
  const sent = o.requestHeaders?.find((h) => h.name.toLowerCase() === 'origin')?.value;
  if (sent === undefined || sent === 'null') return;
  const origin = originOfUrl(sent);
  if (typeof origin === 'string' && origin === sent) o.initiatorOrigin = origin;
}

/** Firefox's details name the requester by `originUrl`/`documentUrl`; Chrome's never do. */
function isFirefoxShape(d: WebRequestDetails): boolean {
  return d.initiator === undefined && ('originUrl' in d || 'documentUrl' in d);
}

/**
 * Firefox hands webRequest every repeated response field merged into one, joined by ", " (verified
 * in Firefox ESR 153: two `Access-Control-Allow-Origin: o` fields arrive as one `o, o`, byte for
 * byte what a single `o, o` field gives), while its own CORS check counts the fields on the wire
 * (two ⇒ CORSMultipleAllowOriginNotAllowed, one list ⇒ CORSAllowOriginNotMatchingOrigin). Nobody
 * writes the same origin twice in one field; the same value twice is the app and a proxy each
 * adding the header, so that value is split back into its fields. A list of distinct origins stays
 * one field (the allow-list-in-one-header mistake); two distinct fields are indistinguishable from it.
 */
export function unmergeRepeatedAllowOrigin(headers: HeaderList): HeaderList {
  const out: Header[] = [];
  for (const h of headers) {
    const parts = h.name.toLowerCase() === 'access-control-allow-origin' ? h.value.split(', ') : [];
    const first = parts[0];
    if (parts.length >= 2 && first && !first.includes(',') && parts.every((p) => p === first)) {
      for (const value of parts) out.push({ name: h.name, value });
    } else out.push(h);
  }
  return out;
}

/** Chrome `initiator` ("null" = opaque) or the origin of Firefox's `originUrl`. */
export function initiatorOriginOf(d: Pick<WebRequestDetails, 'initiator' | 'originUrl'>): string | null | undefined {
  if (typeof d.initiator === 'string') return d.initiator === 'null' ? null : d.initiator;
  if (typeof d.originUrl === 'string' && d.originUrl) return originOfUrl(d.originUrl);
  return undefined;
}

/** Serialized origin of a URL; null for opaque origins (data:, about:, sandboxed); undefined if unparsable. */
export function originOfUrl(url: string): string | null | undefined {
  return originOrNull(url);
}

function toHeaderList(raw: RawHeader[]): HeaderList {
  const out: Header[] = [];
  for (const h of raw) {
    if (!h || typeof h.name !== 'string') continue;
    let value = typeof h.value === 'string' ? h.value : '';
    if (typeof h.value !== 'string' && h.binaryValue) {
      // Chrome gives non-UTF-8 header bytes as numbers; keep them byte-for-byte (latin-1).
      value = Array.from(h.binaryValue, (b) => String.fromCharCode(b & 0xff)).join('');
    }
    out.push({ name: h.name, value });
  }
  return out;
}

/** "HTTP/1.1 404 Not Found" → "Not Found"; Chrome's "HTTP/1.1 200" → "". */
function statusTextOf(statusLine: string | undefined): string | undefined {
  if (typeof statusLine !== 'string') return undefined;
  const m = /^\S+\s+\d{3}\s?(.*)$/.exec(statusLine);
  return m ? (m[1] ?? '') : undefined;
}
