/**
 * The lab's runner page script (`/runner?ids=a,b&nonce=x`, on the page origin): runs the listed
 * scenarios one after another through the lab page's own `runScenario` and logs a marker to the
 * console before and after each. A browser that can only be watched through its console output
 * (WebKitGTK's MiniBrowser writes the page console to stdout) gets every console line assigned
 * to the scenario between its markers.
 */
import type { LabAutomation } from './automation';
import { RUNNER_MARK, runnerBegin, runnerDone, runnerEnd } from './runner-markers';

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const lab = window as unknown as Partial<LabAutomation>;
  if (typeof lab.runScenario !== 'function' || !lab.labScenarios) {
    console.log(`${RUNNER_MARK} fatal the lab client did not load`);
    return;
  }
  const ids = (q.get('ids') ?? '').split(',').filter(Boolean);
  const nonce = q.get('nonce') ?? 'runner';
  for (const id of ids) {
    console.log(runnerBegin(id));
    const result = await lab.runScenario(id, nonce);
    console.log(runnerEnd(id, result));
  }
  console.log(runnerDone(ids.length));
}

void main();
