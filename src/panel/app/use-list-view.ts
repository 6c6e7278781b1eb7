/** What the list shows: the outcome filter, the search text, and the counts per outcome chip. */
import { useMemo, useState } from 'preact/hooks';
import type { AnalyzedExchange } from '../../core/model';
import { matchesFilter, matchesOutcome, OUTCOME_FILTERS, type OutcomeFilter } from '../format';

export interface ListView {
  search: string;
  setSearch(text: string): void;
  outcome: OutcomeFilter;
  setOutcome(outcome: OutcomeFilter): void;
  outcomeCounts: Record<OutcomeFilter, number>;
  shown: AnalyzedExchange[];
  /** Clears the search and the outcome filter. */
  showAll(): void;
}

export function useListView(all: readonly AnalyzedExchange[]): ListView {
  const [search, setSearch] = useState('');
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const outcomeCounts = useMemo(() => {
    const counts = { all: all.length, blocked: 0, warnings: 0, allowed: 0 } as Record<OutcomeFilter, number>;
    for (const a of all) for (const f of OUTCOME_FILTERS) if (f.id !== 'all' && matchesOutcome(a, f.id)) counts[f.id] += 1;
    return counts;
  }, [all]);
  const shown = useMemo(() => all.filter((a) => matchesOutcome(a, outcome) && matchesFilter(a, search)), [all, outcome, search]);
  const showAll = () => {
    setSearch('');
    setOutcome('all');
  };
  return { search, setSearch, outcome, setOutcome, outcomeCounts, shown, showAll };
}
