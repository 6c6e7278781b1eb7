/** The shapes a tab store is saved in (tab-store.ts writes them, persistence.ts stores them). */
import type { Observation, PageHint } from '../core/model';

/** What the store keeps across a service-worker restart (verdicts are recomputed). */
export interface PersistedTab {
  observations: Observation[];
  dropped: number;
  /** Observations that started before this time were cleared (user clear or navigation). */
  clearedAt: number;
  preserveLog: boolean;
  /** Page hints (claimed and pending); absent in state saved before they existed. */
  hints?: PageHint[];
  /** Last hint id number given out. */
  hintSeq?: number;
}

/**
 * What a tab saves, exchange by exchange in drop order (oldest first), so that storage can keep
 * the newest ones that fit (see persistence.ts): each unit is one exchange's observations and the
 * page hint it claimed.
 */
export interface PersistUnits {
  units: Array<{ observations: Observation[]; hints: PageHint[]; startTime: number }>;
  /** Observations no exchange holds (e.g. requests CORS does not apply to), which may pair later. */
  loose: Observation[];
  /** Hints no exchange has claimed yet (bounded by `maxPendingHints`). */
  pendingHints: PageHint[];
  dropped: number;
  clearedAt: number;
  preserveLog: boolean;
  hintSeq: number;
}
