/** The lab page scripts (client.ts + the scenario registry; runner.ts), compiled when the lab starts. */
import { browserBundle } from '../browser-bundle';

/** The lab page's script. */
export function clientBundle(): Promise<string> {
  return browserBundle(new URL('./client.ts', import.meta.url), "the lab's client.ts");
}

/** The runner page's script (runs scenarios in a row between console markers). */
export function runnerBundle(): Promise<string> {
  return browserBundle(new URL('./runner.ts', import.meta.url), "the lab's runner.ts");
}
