/**
 * Pairing: observations → exchanges. Groups the hops of each redirect chain (pairing/redirects.ts)
 * and gives every hop the preflight the browser sent for it (pairing/preflights.ts). Pure,
 * deterministic, and independent of input order: everything is decided on observations sorted by
 * (startTime, seq, id). Time only orders; what pairs is what the data proves.
 */
import type { Exchange, Hop, Observation } from './model';
import { isPreflight } from './request-shape';
import { buildExchange, orphanExchange } from './pairing/exchanges';
import { compareObservations, PreflightItem, RequestItem } from './pairing/items';
import { matchPreflights } from './pairing/preflights';
import { linkRedirects } from './pairing/redirects';

export function pairExchanges(observations: Observation[]): Exchange[] {
  const sorted = observations.slice().sort(compareObservations);
  const requests: RequestItem[] = [];
  const preflights: PreflightItem[] = [];
  for (let rank = 0; rank < sorted.length; rank++) {
    const o = sorted[rank]!;
    if (isPreflight(o)) preflights.push(new PreflightItem(o, rank));
    else requests.push(new RequestItem(o, rank));
  }

  linkRedirects(requests);
  matchPreflights(preflights, requests);

  const exchanges: { exchange: Exchange; rank: number }[] = [];
  for (const head of requests) {
    if (head.isLaterHop) continue;
    const hops: Hop[] = [];
    for (let r: RequestItem | undefined = head; r; r = r.next) {
      hops.push(r.preflight ? { request: r.o, preflight: r.preflight.o } : { request: r.o });
      if (hops.length > requests.length) break; // defensive: a cycle cannot form, but never loop
    }
    exchanges.push({ exchange: buildExchange(head.o, hops), rank: head.rank });
  }
  for (const p of preflights) {
    if (!p.matched) exchanges.push({ exchange: orphanExchange(p), rank: p.rank });
  }
  exchanges.sort((a, b) => a.exchange.startTime - b.exchange.startTime || a.rank - b.rank);
  return exchanges.map((e) => e.exchange);
}
