/**
 * What the verify-lab browser runners share: what one run collected for a scenario, and how a
 * URL or console line is traced back to its scenario.
 */
import type { RunResult } from '../src/lab/page/automation';

/** Pause after each scenario, so its late console lines are still sent while it is current. */
export const SETTLE_MS = 120;

/** What a browser reported for one scenario. */
export interface Collected {
  console: string[];
  corsError: string | null;
  failedParameter?: string;
  corsErrorSource?: 'network' | 'issue';
  errorText?: string;
  issues?: string[];
}

export type CollectedRun = Collected & { result: RunResult };

/** Where the runners start the lab page and how they tag this run's URLs. */
export interface RunnerOptions {
  /** The lab page Local Network Access scenarios run from: the browser is told it is public. */
  publicPort: number;
  /** The run's id: nonces are `${runId}c` (Chromium) and `${runId}f` (Firefox). */
  runId: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which scenario a text (URL, console line) belongs to, by its `/s/{id}/` path. */
export function scenarioOfText(text: string): string | undefined {
  const m = /\/s\/([a-z0-9-]+)\//.exec(text);
  return m?.[1];
}
