/**
 * What the lab page exposes for automation (e2e tests, verify-lab) on `window`.
 * `ok` means the request resolved (no exception), not `response.ok`: a readable 500 is `ok: true,
 * status: 500`; a CORS failure is `ok: false` with the thrown error text.
 */

export interface RunOnce {
  ok: boolean;
  status?: number;
  /** fetch Response.type (`basic`, `cors`, `opaque`, `opaqueredirect`) or `xhr`. */
  type?: string;
  error?: string;
  redirected?: boolean;
  /** Final URL the page saw (empty for opaque responses). */
  url?: string;
  bodyPreview?: string;
  ms: number;
}

export interface RunResult extends RunOnce {
  id: string;
  nonce: string;
  /** Every run when the scenario repeats (`request.repeat` > 1); the top level is the last run. */
  runs?: RunOnce[];
}

export interface LabAutomation {
  /** All scenario ids, in registry order. */
  labScenarios: string[];
  labFeatured: string[];
  runScenario(id: string, nonce?: string): Promise<RunResult>;
  runAll(ids?: string[]): Promise<RunResult[]>;
}
