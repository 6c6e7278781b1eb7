/**
 * The cheap always-on hint: cross-origin requests that failed in tabs nobody was inspecting, from
 * one `onErrorOccurred` listener without headers (platform/webrequest.ts `listenErrorsOnly`). It
 * keeps only what it takes to count and list them (URL, type, method, error, time), a bounded
 * number per tab, so the badge can say "2 cross-origin requests failed" and the panel, once
 * opened, which ones, with a "Reload and capture" button. Pure: main.ts feeds it and stores it.
 *
 * A failure counts when the request went to another origin than the document that made it (the
 * initiator, as webRequest reports it) and was not merely cancelled (navigation, abort()). What
 * each browser reports as an error differs: Chrome every CORS failure (net::ERR_FAILED), Firefox
 * failed preflights and network errors only (NS_ERROR_DOM_BAD_URI, …); a simple request refused
 * for a missing Access-Control-Allow-Origin completes normally there, and is not counted.
 */
import type { MissedFailure } from '../shared/protocol';
import { initiatorOriginOf, originOfUrl, type WebRequestDetails } from '../sources/webrequest';

/** Failures listed per tab (the count goes on). */
export const MAX_LISTED = 20;
/** Tabs remembered (the oldest first forgotten). */
const MAX_TABS = 64;
const MAX_URL = 2_048;

/** Cancellations and cache probes, not failures (Chrome, Firefox). */
const NOT_FAILURES = new Set(['net::ERR_ABORTED', 'net::ERR_CACHE_MISS', 'NS_BINDING_ABORTED', 'NS_ERROR_ABORT']);

export interface TabFailures {
  /** Failures since the tab's page changed (or since the list was emptied). */
  count: number;
  /** The newest ones, oldest first. */
  listed: MissedFailure[];
  /** The top-level document they belong to, when the browser names it. */
  page?: string;
}

export type StoredFailures = Record<string, TabFailures>;

export class FailureHints {
  private readonly tabs = new Map<number, TabFailures>();

  /** Records a failed request; returns the tab it changed, or undefined when it does not count. */
  note(d: WebRequestDetails): number | undefined {
    // A preflight's failure is its request's (Firefox reports both; Chrome shows preflights only
    // to listeners with 'extraHeaders').
    if (!d || typeof d.tabId !== 'number' || d.tabId < 0 || d.type === 'main_frame' || d.method === 'OPTIONS') return undefined;
    const error = typeof d.error === 'string' ? d.error : '';
    if (NOT_FAILURES.has(error)) return undefined;
    const initiator = initiatorOriginOf(d);
    const target = typeof d.url === 'string' ? originOfUrl(d.url) : undefined;
    if (initiator === undefined || target === undefined || (initiator !== null && initiator === target)) return undefined;
    const page = pageOf(d);
    let tab = this.tabs.get(d.tabId);
    // A failure of another top-level document: the earlier page's list is history.
    if (!tab || (page !== undefined && tab.page !== undefined && page !== tab.page)) tab = { count: 0, listed: [] };
    if (page !== undefined) tab.page = page;
    tab.count += 1;
    tab.listed.push({
      url: d.url.length > MAX_URL ? `${d.url.slice(0, MAX_URL)}…` : d.url,
      type: typeof d.type === 'string' ? d.type : 'other',
      method: typeof d.method === 'string' ? d.method : 'GET',
      error: error || 'failed',
      time: typeof d.timeStamp === 'number' ? d.timeStamp : Date.now(),
    });
    if (tab.listed.length > MAX_LISTED) tab.listed.splice(0, tab.listed.length - MAX_LISTED);
    this.tabs.delete(d.tabId); // re-inserted: the most recently changed tab is kept longest
    this.tabs.set(d.tabId, tab);
    if (this.tabs.size > MAX_TABS) this.tabs.delete(this.tabs.keys().next().value as number);
    return d.tabId;
  }

  of(tabId: number): TabFailures | undefined {
    return this.tabs.get(tabId);
  }

  count(tabId: number): number {
    return this.tabs.get(tabId)?.count ?? 0;
  }

  forget(tabId: number): boolean {
    return this.tabs.delete(tabId);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  toStored(): StoredFailures {
    return Object.fromEntries([...this.tabs].map(([id, t]) => [String(id), t]));
  }

  /** Restores a stored form (validated: storage is ours, but may hold an older format). */
  restore(stored: unknown): void {
    this.tabs.clear();
    if (!stored || typeof stored !== 'object') return;
    for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
      const tabId = Number(key);
      const t = value as Partial<TabFailures> | null;
      if (!Number.isInteger(tabId) || !t || typeof t.count !== 'number' || !Array.isArray(t.listed)) continue;
      const listed = t.listed.filter(isFailure).slice(-MAX_LISTED);
      const tab: TabFailures = { count: Math.max(t.count, listed.length), listed };
      if (typeof t.page === 'string') tab.page = t.page;
      this.tabs.set(tabId, tab);
    }
  }
}

/** The top-level document of a frame-0 request (Chrome: documentId; Firefox: documentUrl). */
function pageOf(d: WebRequestDetails): string | undefined {
  if (d.frameId !== 0) return undefined;
  if (typeof d.documentId === 'string' && d.documentId) return d.documentId;
  return typeof d.documentUrl === 'string' && d.documentUrl ? d.documentUrl : undefined;
}

function isFailure(v: unknown): v is MissedFailure {
  const f = v as Partial<MissedFailure> | null;
  return !!f && typeof f.url === 'string' && typeof f.type === 'string' && typeof f.method === 'string' && typeof f.error === 'string' && typeof f.time === 'number';
}

/** The toolbar title for a tab with failures. */
export function failureTitle(count: number): string {
  return `${count} cross-origin request${count === 1 ? '' : 's'} failed — open the CORS tab in DevTools and reload`;
}
