/**
 * State of a paired exchange in a live store: what it still waits for, and which observations it
 * was built from. Pure; the store (src/background/tab-store.ts) calls these.
 */
import type { AnalyzedExchange, Exchange, InFlightStage, Observation } from '../model';

/** Marks an exchange the browser has not finished (a fresh object: analysed exchanges are shared). */
export function withInFlight(a: AnalyzedExchange): AnalyzedExchange {
  const stage = inFlightStage(a.exchange);
  return stage === undefined ? a : { ...a, exchange: { ...a.exchange, inFlight: stage } };
}

/**
 * What an exchange is still waiting for, or undefined once the browser is done with it: its last
 * request has neither a response, an error nor an end yet (and no failed preflight stopped it).
 * Which part is awaited: the preflight when it went out and has not come back, else the response.
 */
export function inFlightStage(e: Exchange): InFlightStage | undefined {
  if (e.actualNeverSent) return undefined;
  const last = e.hops[e.hops.length - 1];
  if (!last || !unfinished(last.request)) return undefined;
  return last.preflight && unfinished(last.preflight) ? 'preflight' : 'response';
}

function unfinished(o: Observation): boolean {
  return o.endTime === undefined && o.error === undefined && !(typeof o.status === 'number' && o.status > 0) && o.responseHeaders === undefined;
}

/** Every observation an exchange was built from: each hop's request and preflight. */
export function exchangeObservationIds(a: AnalyzedExchange): string[] {
  const ids: string[] = [];
  for (const hop of a.exchange.hops) {
    ids.push(hop.request.id);
    if (hop.preflight) ids.push(hop.preflight.id);
  }
  return ids;
}

