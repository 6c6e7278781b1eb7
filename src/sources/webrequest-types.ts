/**
 * The webRequest collector's vocabulary: the events it takes, the `details` fields it reads, and
 * its state, which is plain JSON so the background can keep it in `storage.session`.
 */
import type { Observation } from '../core/model';

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

/**
 * The first event a request of this resource type reaches the collector with. It is
 * onBeforeRequest unless the listeners leave the type out of it (platform/webrequest.ts): then the
 * collector dates the request, and proves it whole, by the event given instead.
 */
export type FirstEventOf = (resourceType: string | undefined) => WebRequestEventName;

/** Every request is heard from onBeforeRequest on (the default). */
export const FROM_BEFORE_REQUEST: FirstEventOf = () => 'onBeforeRequest';

export interface CollectorOptions {
  /** What the listeners hear first, per resource type (default: onBeforeRequest for all). */
  firstEventOf?: FirstEventOf;
  /** Finished chains are kept this long (ms of event time) to absorb late, out-of-order events. */
  finishedRetentionMs?: number;
  /** Unfinished chains are dropped when silent for this long (a lost final event). */
  staleMs?: number;
  /** At most this many finished chains are kept for late events, however recent. */
  maxFinishedChains?: number;
}

export const STAGE_RANK: Record<WebRequestEventName, number> = {
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
export const MAX_EARLIER = 16;
/** Finished requestIds remembered after their chains are dropped (a few bytes each). */
export const MAX_FORGOTTEN = 5_000;

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

export const NO_UPDATE: CollectorUpdate = { observations: [], removedIds: [] };
