/** What changed in a tab's list of exchanges, and how two such changes add up. Pure. */
import type { AnalyzedExchange } from '../core/model';

export interface TabChanges {
  upserts: AnalyzedExchange[];
  removedIds: string[];
}

/** `later` applied after `earlier`: one upsert per exchange (the latest), removals that still hold. */
export function mergeChanges(earlier: TabChanges, later: TabChanges): TabChanges {
  if (earlier.upserts.length === 0 && earlier.removedIds.length === 0) return later;
  const upserts = new Map(earlier.upserts.map((a) => [a.exchange.id, a]));
  const removed = new Set(earlier.removedIds);
  for (const id of later.removedIds) {
    upserts.delete(id);
    removed.add(id);
  }
  for (const a of later.upserts) {
    removed.delete(a.exchange.id);
    upserts.set(a.exchange.id, a);
  }
  return { upserts: [...upserts.values()], removedIds: [...removed] };
}
