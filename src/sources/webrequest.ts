/**
 * webRequest → Observation collector. Pure: it never calls `chrome.*`; the background feeds it
 * the events it receives (Chrome or Firefox shape) and stores what comes out.
 *
 * One observation per hop of a redirect chain: webRequest keeps one `requestId` for the whole
 * chain, so the collector splits it into hops (`chainId` = requestId, `hopIndex` 0, 1, …).
 *
 * Browser quirks handled in the collector (this file, webrequest-hop.ts, webrequest-apply.ts) and nowhere else:
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
import type { Observation } from '../core/model';
import { emptyCollectorState, FROM_BEFORE_REQUEST, MAX_EARLIER, MAX_FORGOTTEN, NO_UPDATE, type ChainState, type FirstEventOf, type CollectorOptions, type HopState, type CollectorState, type CollectorUpdate, type WebRequestDetails, type WebRequestEventName } from './webrequest-types';
import { isBeyond, isCacheProbe, isFinished, isProvenComplete, newHop, noteMissedStart, orderHops, redirectedOutOfSight, unsentPreflightHop } from './webrequest-hop';
import { applyEvent } from './webrequest-apply';

export * from './webrequest-types';
export { initiatorOriginOf, originOfUrl, unmergeRepeatedAllowOrigin } from './webrequest-apply';

/** Collects webRequest events into Observations. */
export class WebRequestCollector {
  private readonly st: CollectorState;
  private readonly finishedRetentionMs: number;
  private readonly staleMs: number;
  private readonly maxFinishedChains: number;
  private readonly firstEventOf: FirstEventOf;
  /** `st.forgotten` as a set, built on first use. */
  private forgottenIds: Set<string> | undefined;

  constructor(state?: CollectorState, options: CollectorOptions = {}) {
    this.st = state && state.version === 1 ? state : emptyCollectorState();
    this.finishedRetentionMs = options.finishedRetentionMs ?? 60_000;
    this.staleMs = options.staleMs ?? 30 * 60_000; // long polls and downloads can run for minutes
    this.maxFinishedChains = options.maxFinishedChains ?? 1000;
    this.firstEventOf = options.firstEventOf ?? FROM_BEFORE_REQUEST;
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
    noteMissedStart(hop, this.firstEventOf(hop.obs.resourceType));

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
      for (const h of chain.hops) if (!isFinished(h) && !isProvenComplete(h, this.firstEventOf(h.obs.resourceType))) h.obs.captureGap = 'restart';
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
