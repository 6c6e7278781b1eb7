/** The contract each stack module under stacks/ implements. */
import type { RenderedFix } from '../../../src/core/fixes/types';
import type { RunningServer } from './processes';
import type { FixScenario } from './scenarios';

export interface StackRun {
  /** A fresh work dir for this stack. */
  dir: string;
  /** Path of base-spec.json (the base app's routes, legacy CORS answers and auth rule: BaseSpec). */
  specFile: string;
  /** Port of the base (unfixed) server. */
  basePort: number;
  /** `host:port` of the shared unfixed Node app that proxy stacks sit in front of. */
  upstream: string;
}

export interface FixCase {
  fix: FixScenario;
  /** The generated snippet, rendered for `port` and the /api/ prefix. */
  snippet: RenderedFix;
  port: number;
}

export interface StackHarness {
  /** The renderer id in STACKS. */
  id: string;
  label: string;
  /** Executables the stack needs; a missing one skips the stack locally and fails it in CI. */
  tools: string[];
  /** Extra availability check (Python modules, Ruby gems): returns what is missing, or null. */
  missing?(): string | null;
  /** Once per run: write and build whatever the servers need (Go compiles everything here). */
  prepare?(run: StackRun, cases: FixCase[]): Promise<void> | void;
  /** The unfixed app (or proxy in front of it): must reproduce every failure. */
  startBase(run: StackRun): Promise<RunningServer>;
  /** The app with the generated snippet applied as generated, for one scenario. */
  startFixed(run: StackRun, fixCase: FixCase): Promise<RunningServer>;
}

export const APPS_DIR = new URL('./apps/', import.meta.url).pathname;
