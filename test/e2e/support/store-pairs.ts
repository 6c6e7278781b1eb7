/**
 * What the background stored for a URL, reduced to what the capture tests compare: one line per
 * exchange with the stamps (X-Lab-Turn) of its preflight and actual response. Built as a string
 * expression evaluated in the background (Chromium's service worker via Playwright, Firefox's
 * event page via a frame script), reading the read-only hooks `self.__corsLens`.
 */

export interface StoredExchange {
  id: string;
  url: string;
  /** Redirect hops (1 for these scenarios). */
  hops: number;
  /** How many preflights the exchange holds over all hops (a correct pairing has 0 or 1 per hop). */
  preflights: number;
  preflightStamp: string | null;
  actualStamp: string | null;
  outcome: string;
  reason: string;
  corsError: string | null;
  /** The exchange has an end time (every observation of it finished). */
  done: boolean;
  /** Source observation ids (preflights and requests) of the exchange. */
  observationIds: string[];
  /** The actual request got a response (it reached the server). */
  sent: boolean;
  /** Why the verdict warns that events may be missing (Observation.captureGap), or null. */
  captureGap: 'restart' | 'missed-start' | null;
  /** A preflight without any recorded request (the pairing found none for it). */
  orphan: boolean;
  tabId: number | null;
}

export interface StoredState {
  exchanges: StoredExchange[];
  /** Stored observations (requests and preflights) whose URL contains the part, and how many ended. */
  observations: number;
  ended: number;
}

/**
 * Expression: the stored exchanges and observations of every tab (or only `tabId`) whose URL
 * contains `urlPart`, read in one go (so the two agree).
 */
export function storedExchangesExpression(urlPart: string, tabId?: number, stampHeader = 'X-Lab-Turn'): string {
  return `(() => {
    const hooks = self.__corsLens;
    if (!hooks) throw new Error('self.__corsLens is missing');
    const part = ${JSON.stringify(urlPart)};
    const stampOf = (hs) => {
      const h = (hs || []).find((x) => x.name.toLowerCase() === ${JSON.stringify(stampHeader.toLowerCase())});
      return h ? h.value : null;
    };
    const tabs = ${tabId === undefined ? 'hooks.tabs()' : JSON.stringify([tabId])};
    const out = [];
    let observations = 0, ended = 0;
    for (const t of tabs) {
      for (const o of hooks.observations(t)) {
        if (!o.url.includes(part)) continue;
        observations++;
        if (o.endTime !== undefined) ended++;
      }
      for (const a of hooks.snapshot(t).exchanges) {
        if (!a.exchange.url.includes(part)) continue;
        const first = a.exchange.hops[0];
        const ids = [];
        for (const h of a.exchange.hops) { ids.push(h.request.id); if (h.preflight) ids.push(h.preflight.id); }
        out.push({
          id: a.exchange.id,
          url: a.exchange.url,
          hops: a.exchange.hops.length,
          preflights: a.exchange.hops.filter((h) => h.preflight).length,
          preflightStamp: first && first.preflight ? stampOf(first.preflight.responseHeaders) : null,
          actualStamp: first ? stampOf(first.request.responseHeaders) : null,
          outcome: a.verdict.outcome,
          reason: a.verdict.reason,
          corsError: a.verdict.chromiumCorsError,
          done: a.exchange.endTime !== undefined && a.exchange.hops.every((h) => h.request.endTime !== undefined && (!h.preflight || h.preflight.endTime !== undefined)),
          observationIds: ids,
          sent: !!first && typeof first.request.status === 'number' && first.request.status > 0,
          orphan: !!first && first.request.id.endsWith(':actual'),
          captureGap: a.verdict.warnings.some((w) => w.id === 'capture-incomplete')
            ? (a.exchange.hops.flatMap((h) => [h.preflight, h.request]).find((o) => o && o.captureGap) || {}).captureGap || 'unknown'
            : null,
          tabId: a.exchange.tabId ?? null,
        });
      }
    }
    return { exchanges: out, observations, ended };
  })()`;
}

/** "preflightStamp/actualStamp verdict", '-' for a missing stamp: the comparable form of a pair. */
export function pairKey(preflightStamp: string | null | undefined, actualStamp: string | null | undefined, verdict: string): string {
  return `${preflightStamp ?? '-'}/${actualStamp ?? '-'} ${verdict}`;
}
