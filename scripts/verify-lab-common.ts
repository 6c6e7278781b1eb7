/**
 * What the verify-lab browser runners share: what one run collected for a scenario, and how a
 * URL or console line is traced back to its scenario.
 */
import type { LabAutomation, RunResult } from '../src/lab/page/automation';
import type { Scenario } from '../src/lab/scenario-types';
import type { Lab } from '../src/lab/server';
import { labPageUrl } from '../src/lab/lab-urls';

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

/** What both drivers' pages (playwright-core, puppeteer-core) offer for steering to a lab page. */
interface LabPageDriver {
  goto(url: string): Promise<unknown>;
  waitForFunction(fn: () => boolean): Promise<unknown>;
}

/** Runs each scenario in order, loading its lab page (and waiting for its automation) only when it changes. */
export async function forEachScenario(lab: Lab, list: Scenario[], page: LabPageDriver, run: (s: Scenario) => Promise<void>): Promise<void> {
  let onPage: string | undefined;
  for (const s of list) {
    const pageUrl = labPageUrl(lab, s.page);
    if (pageUrl !== onPage) {
      await page.goto(pageUrl);
      await page.waitForFunction(() => Array.isArray((window as unknown as LabAutomation).labScenarios));
      onPage = pageUrl;
    }
    await run(s);
  }
}
