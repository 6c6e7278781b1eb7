/**
 * `npm run fuzz [-- name-filter]`: the CI fuzzing properties (test/fuzz/properties.ts), run long.
 *   FUZZ_RUNS   inputs per property (default 20000)
 *   FUZZ_SEED   seed to use (default: a fresh random one, printed first)
 *   FUZZ_PATH   with FUZZ_SEED, replays one failure exactly (fast-check's counterexample path)
 * Prints, per property, how many inputs were tried and how long it took; on a failure, the
 * shrunk counterexample and the command that replays it. Exit status 1 if any property failed.
 */
import fc from 'fast-check';
import { PROPERTIES } from '../test/fuzz/properties';

const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`fuzz: FUZZ_RUNS must be a positive integer (got ${process.env.FUZZ_RUNS})`);
  process.exit(2);
}
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Math.random() * 2 ** 31) | 0;
const replayPath = process.env.FUZZ_PATH;
const filter = process.argv[2];
const selected = PROPERTIES.filter((p) => !filter || `${p.area}: ${p.name}`.includes(filter));

console.log(`fuzz: seed ${seed}, ${runs} runs per property, ${selected.length} properties${replayPath ? `, replaying path ${replayPath}` : ''}`);
console.log(`      replay this run: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz${filter ? ` -- '${filter}'` : ''}\n`);

let failed = 0;
let total = 0;
const started = performance.now();
for (const p of selected) {
  const t0 = performance.now();
  const details = fc.check(p.property(), { seed, numRuns: runs, ...(replayPath ? { path: replayPath } : {}) });
  const ms = performance.now() - t0;
  const tried = details.numRuns + details.numSkips;
  total += tried;
  const rate = Math.round(tried / (ms / 1000));
  console.log(`${details.failed ? '✖' : '✔'} ${p.area}: ${p.name}\n    ${tried.toLocaleString('en-US')} inputs in ${(ms / 1000).toFixed(1)} s (${rate.toLocaleString('en-US')}/s)`);
  if (details.failed) {
    failed++;
    console.log(
      `    FAILED after ${details.numRuns} inputs (shrunk ${details.numShrinks} times)\n` +
        `    counterexample: ${fc.stringify(details.counterexample)}\n` +
        `    error: ${String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).split('\n')[0]}\n` +
        `    replay: FUZZ_SEED=${details.seed} FUZZ_PATH='${details.counterexamplePath}' npm run fuzz -- '${p.name}'`,
    );
  }
}
console.log(`\nfuzz: ${total.toLocaleString('en-US')} inputs over ${selected.length} properties in ${((performance.now() - started) / 1000).toFixed(0)} s; ${failed} failed (seed ${seed})`);
process.exitCode = failed > 0 ? 1 : 0;
