/** The list's "Group identical failures" state: on/off, which groups are expanded, the rows to show. */
import { useCallback, useMemo, useState } from 'preact/hooks';
import type { AnalyzedExchange } from '../core/model';
import { groupIdentical } from './grouping';

export interface GroupingView {
  on: boolean;
  setOn(on: boolean): void;
  rows: AnalyzedExchange[];
  /** Group size by the id of the row standing for the group; undefined with grouping off. */
  counts: ReadonlyMap<string, number> | undefined;
  expanded: ReadonlySet<string>;
  toggle(headId: string): void;
}

export function useGrouping(shown: AnalyzedExchange[]): GroupingView {
  const [on, setOn] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const grouped = useMemo(() => (on ? groupIdentical(shown, expanded) : undefined), [on, shown, expanded]);
  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  return { on, setOn, rows: grouped?.rows ?? shown, counts: grouped?.counts, expanded, toggle };
}
