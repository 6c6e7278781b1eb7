/**
 * "Group identical failures": repeated failures with the same cause to the same endpoint (same
 * page origin, method, URL without query, reason) collapse into their newest row with a count.
 * Opt-in: with grouping off every request keeps its own row.
 */
import { endpointKey } from '../core/fix-history';
import type { AnalyzedExchange } from '../core/model';

export interface Grouped {
  /** The rows to show: one per group (its newest member) plus every ungrouped exchange. */
  rows: AnalyzedExchange[];
  /** Group size by the id of the row that stands for it (only groups of two or more). */
  counts: Map<string, number>;
  /** Every member's id by the id of the row that stands for its group. */
  members: Map<string, string[]>;
}

const groupable = (a: AnalyzedExchange) => !a.exchange.inFlight && (a.verdict.outcome === 'blocked' || a.verdict.outcome === 'network-error');

/** Groups `list` (in display order); ids in `expanded` show all their members after the head. */
export function groupIdentical(list: readonly AnalyzedExchange[], expanded: ReadonlySet<string> = new Set()): Grouped {
  const byKey = new Map<string, AnalyzedExchange[]>();
  for (const a of list) {
    if (!groupable(a)) continue;
    const key = `${endpointKey(a)} ${a.verdict.reason} ${a.verdict.chromiumCorsError ?? ''}`;
    const g = byKey.get(key);
    if (g) g.push(a);
    else byKey.set(key, [a]);
  }
  const headOf = new Map<string, AnalyzedExchange>();
  const counts = new Map<string, number>();
  const members = new Map<string, string[]>();
  for (const g of byKey.values()) {
    if (g.length < 2) continue;
    const head = g.reduce((newest, a) => (a.exchange.startTime >= newest.exchange.startTime ? a : newest));
    counts.set(head.exchange.id, g.length);
    members.set(head.exchange.id, g.map((a) => a.exchange.id));
    for (const a of g) headOf.set(a.exchange.id, head);
  }
  const rows: AnalyzedExchange[] = [];
  const byId = new Map(list.map((a) => [a.exchange.id, a]));
  for (const a of list) {
    const head = headOf.get(a.exchange.id);
    if (!head) rows.push(a);
    else if (head === a) {
      rows.push(a);
      if (expanded.has(a.exchange.id)) for (const id of members.get(a.exchange.id)!) if (id !== a.exchange.id) rows.push(byId.get(id)!);
    }
  }
  return { rows, counts, members };
}
