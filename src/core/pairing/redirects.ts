/**
 * Redirect chains: links each hop to the next one. Sources with a chain id (webRequest keeps one
 * request id for a whole chain) say so outright; for HAR, the next hop is the first later request
 * to the redirect's target, in the same page, with the method Fetch's redirect rules allow. Time
 * only orders the candidates: a loaded machine can start the next hop any time later.
 */
import { firstRankedAfter, groupBy, sameContext, type RequestItem } from './items';

export function linkRedirects(requests: RequestItem[]): void {
  const withChain: RequestItem[] = [];
  const redirected: RequestItem[] = [];
  const targets = new Set<string>();
  for (const r of requests) {
    if (r.o.chainId !== undefined) withChain.push(r);
    // A redirect that ended in an error (e.g. blocked for a missing ACAO) was not followed.
    else if (r.redirectUrl && r.o.error === undefined) {
      redirected.push(r);
      targets.add(r.redirectUrl);
    }
  }
  for (const chain of groupBy(withChain, (r) => `${r.o.source}\n${r.o.chainId}`).values()) {
    chain.sort((a, b) => (a.o.hopIndex ?? 0) - (b.o.hopIndex ?? 0) || a.rank - b.rank);
    for (let i = 1; i < chain.length; i++) linkHops(chain[i - 1]!, chain[i]!);
  }
  if (redirected.length === 0) return;

  const byUrl = new Map<string, RequestItem[]>();
  for (const r of requests) {
    if (r.o.chainId !== undefined || !targets.has(r.url)) continue;
    const list = byUrl.get(r.url);
    if (list) list.push(r);
    else byUrl.set(r.url, [r]);
  }
  for (const a of redirected) {
    const candidates = byUrl.get(a.redirectUrl!);
    if (!candidates) continue;
    // Later in the total order (chains only move forward, so they cannot loop); identical
    // concurrent chains go first come, first served.
    for (let i = firstRankedAfter(candidates, a.rank); i < candidates.length; i++) {
      const b = candidates[i]!;
      if (b.isLaterHop || !sameContext(a.o, b.o)) continue;
      if (!methodAfterRedirect(a.o.method, a.o.status, b.o.method)) continue;
      linkHops(a, b);
      break;
    }
  }
}

function linkHops(a: RequestItem, b: RequestItem): void {
  a.next = b;
  b.isLaterHop = true;
}

/** Fetch's method rewrite: 303 turns anything but HEAD into GET, 301/302 turn POST into GET. */
function methodAfterRedirect(method: string, status: number | undefined, next: string): boolean {
  if (next === method) return true;
  if (next !== 'GET') return false;
  if (status === 303) return method !== 'HEAD';
  return (status === 301 || status === 302) && method === 'POST';
}
