/**
 * Preflight ↔ request. What decides a pair is what the data proves (see `compatible`): same URL and
 * page context, the asked method and headers, and an outcome that fits (a request that got a
 * response was let go by its preflight). Time only ORDERS: among the compatible pairs, the
 * assignment keeps preflights in their requests' order (browsers start the preflights of identical
 * concurrent requests in request order) and prefers the closest in that order. No time margin
 * excludes a pair, so a preflight that a loaded machine started seconds after its request, or
 * that a HAR dates before it, still finds it.
 *
 * Where a source names a preflight's request (`preflightForHint`: a webRequest-style id, or Chrome
 * HAR's `_initiator.requestId`, whose counter orders the requests that created the preflights),
 * that link or order wins over timestamps.
 */
import { assign } from './assign';
import { compatible, exactHeaders, firstRankedAfter, groupBy, refusedButSent, type PreflightItem, type RequestItem } from './items';

/** Assignments up to this many cost evaluations run whole; bigger groups run in windows. */
const MAX_ASSIGN_WORK = 4_000_000;
/** Preflights per window in a big group, and requests considered on each side of it. */
const WINDOW = 48;

export function matchPreflights(preflights: PreflightItem[], requests: RequestItem[]): void {
  if (preflights.length === 0) return;
  const preflightGroups = groupBy(preflights, (p) => p.url);
  const requestGroups = new Map<string, RequestItem[]>();
  for (const r of requests) {
    if (!preflightGroups.has(r.url)) continue; // no preflight for this URL: nothing to pair
    const list = requestGroups.get(r.url);
    if (list) list.push(r);
    else requestGroups.set(r.url, [r]);
  }
  linkNamedRequests(preflights, requestGroups);
  for (const [url, group] of requestGroups) {
    const waiting = preflightGroups.get(url)!.filter((p) => !p.matched);
    if (waiting.length === 0) continue;
    orderByInitiator(waiting);
    const free = group.filter((r) => !r.preflight);
    if (waiting.length * waiting.length * (free.length + waiting.length) <= MAX_ASSIGN_WORK) pairGroup(waiting, free);
    else pairInWindows(waiting, free);
  }
}

/** A source's explicit link, when it names a request (or chain) we have. */
function linkNamedRequests(preflights: PreflightItem[], requestGroups: Map<string, RequestItem[]>): void {
  let byId: Map<string, RequestItem> | undefined;
  for (const p of preflights) {
    const hint = p.o.preflightForHint;
    if (hint === undefined) continue;
    if (!byId) {
      byId = new Map();
      for (const group of requestGroups.values()) {
        for (const r of group) {
          byId.set(r.o.id, r);
          if (r.o.chainId !== undefined && !byId.has(r.o.chainId)) byId.set(r.o.chainId, r);
        }
      }
    }
    const r = byId.get(hint);
    if (r && !r.preflight && r.url === p.url && compatible(p, r)) link(r, p);
  }
}

/**
 * Chrome's request ids are `process.counter`, the counter counting requests as the page creates
 * them. When every preflight of a group names one from the same process, their order is their
 * requests' order, whatever the timestamps say: the preflights take each other's places in the
 * order accordingly (the list is sorted by rank again afterwards).
 */
function orderByInitiator(group: PreflightItem[]): void {
  if (group.length < 2) return;
  const keys: Array<{ p: PreflightItem; counter: number }> = [];
  let process: string | undefined;
  for (const p of group) {
    const id = p.o.preflightForHint;
    const dot = id === undefined ? -1 : id.lastIndexOf('.');
    if (id === undefined || dot < 0) return;
    const counter = Number(id.slice(dot + 1));
    if (!Number.isSafeInteger(counter)) return;
    if (process !== undefined && process !== id.slice(0, dot)) return;
    process = id.slice(0, dot);
    keys.push({ p, counter });
  }
  const ranks = group.map((p) => p.rank).sort((a, b) => a - b);
  keys.sort((a, b) => a.counter - b.counter || a.p.rank - b.p.rank);
  keys.forEach((k, i) => (k.p.rank = ranks[i]!));
  group.sort((a, b) => a.rank - b.rank);
}

/**
 * The cheapest assignment with the most pairs. Cost of a pair: the squared distance between the two
 * in the group's merged order (convex, so identical requests pair first-with-first), plus one
 * "unit" (more than any distance) when the request's headers are not exactly the asked ones, and
 * two when we read the answer as refusing a request that was nonetheless sent.
 */
function pairGroup(preflights: PreflightItem[], requests: RequestItem[]): void {
  if (requests.length === 0) return;
  const position = mergedPositions(preflights, requests);
  const n = preflights.length + requests.length;
  const unit = n * n + 1;
  const costs = new Float64Array(preflights.length * requests.length);
  for (let i = 0; i < preflights.length; i++) {
    const p = preflights[i]!;
    for (let j = 0; j < requests.length; j++) {
      const r = requests[j]!;
      if (!compatible(p, r)) {
        costs[i * requests.length + j] = Infinity;
        continue;
      }
      const d = position.get(p)! - position.get(r)!;
      costs[i * requests.length + j] = d * d + (exactHeaders(p, r) ? 0 : unit) + (refusedButSent(p, r) ? 2 * unit : 0);
    }
  }
  const skip = preflights.length * 4 * unit + 1;
  const chosen = assign(preflights.length, requests.length, costs, skip);
  chosen.forEach((j, i) => {
    if (j !== undefined) link(requests[j]!, preflights[i]!);
  });
}

/** Positions of the group's items in one merged order by rank (small numbers, order only). */
function mergedPositions(preflights: PreflightItem[], requests: RequestItem[]): Map<PreflightItem | RequestItem, number> {
  const all: Array<PreflightItem | RequestItem> = [...preflights, ...requests].sort((a, b) => a.rank - b.rank);
  return new Map(all.map((x, i) => [x, i]));
}

/**
 * A huge group (a polled URL's whole history) in windows of consecutive preflights, each with the
 * free requests around it in the order. The windows bound the work by count, never by time.
 */
function pairInWindows(preflights: PreflightItem[], requests: RequestItem[]): void {
  for (let from = 0; from < preflights.length; from += WINDOW) {
    const chunk = preflights.slice(from, from + WINDOW);
    const lo = firstRankedAfter(requests, chunk[0]!.rank) - 2 * WINDOW;
    const hi = firstRankedAfter(requests, chunk[chunk.length - 1]!.rank) + 2 * WINDOW;
    const near = requests.slice(Math.max(0, lo), hi).filter((r) => !r.preflight);
    pairGroup(chunk, near);
  }
}

function link(r: RequestItem, p: PreflightItem): void {
  r.preflight = p;
  p.matched = true;
}
