/**
 * Which servers need a fix, cheaply: group exchanges by the server whose response decided them
 * and count blocked and warned ones. No policy, no re-evaluation — the panel shows this for every
 * list update and loads the merge and proof (servers.ts) only when a server is opened.
 */
import type { AnalyzedExchange } from '../model';
import { originOf } from '../http/origin';

export const isWarned = (a: AnalyzedExchange) => a.verdict.outcome === 'allowed' && (a.verdict.warnings?.length ?? 0) > 0;

/** The server whose response decided the verdict (a redirect can hand the request to another). */
export function serverOriginOf(a: AnalyzedExchange): string | undefined {
  const hops = a.exchange.hops;
  const hop = hops[Math.min(Math.max(a.verdict.hop, 0), hops.length - 1)];
  return originOf(hop?.request.url ?? a.exchange.url);
}

/** A server that needs a fix, before the (costlier) merge and proof: for lists and buttons. */
export interface ServerSummary {
  origin: string;
  exchanges: number;
  blocked: number;
  warned: number;
}

export function byServer(list: readonly AnalyzedExchange[]): Map<string, AnalyzedExchange[]> {
  const groups = new Map<string, AnalyzedExchange[]>();
  for (const a of list) {
    const origin = serverOriginOf(a);
    if (origin === undefined) continue;
    const group = groups.get(origin);
    if (group) group.push(a);
    else groups.set(origin, [a]);
  }
  return groups;
}

type Counts = Pick<ServerSummary, 'origin' | 'blocked' | 'warned'>;
export const mostBlockedFirst = (a: Counts, b: Counts) => b.blocked - a.blocked || b.warned - a.warned || a.origin.localeCompare(b.origin);

/** Servers with blocked or warned exchanges, most blocked first. Linear, no re-evaluation. */
export function serversNeedingFix(list: readonly AnalyzedExchange[]): ServerSummary[] {
  const out: ServerSummary[] = [];
  for (const [origin, group] of byServer(list)) {
    const blocked = group.filter((a) => a.verdict.outcome === 'blocked').length;
    const warned = group.filter(isWarned).length;
    if (blocked || warned) out.push({ origin, exchanges: group.length, blocked, warned });
  }
  return out.sort(mostBlockedFirst);
}
