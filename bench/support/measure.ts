/**
 * Fair timing for ratio benchmarks: both sides run in the same process, alternately, each after a
 * full garbage collection (so one side's garbage is never billed to the other), and the median
 * of several runs is reported.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Milliseconds `fn` takes, measured from a collected heap. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  collect();
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/**
 * Runs `round` `runs + 1` times (the first warms the JIT and is dropped) and returns, per named
 * phase, the median of the milliseconds the rounds reported.
 */
export function medianPhases<K extends string>(runs: number, round: () => Record<K, number>): Record<K, number> {
  const samples = new Map<K, number[]>();
  for (let run = 0; run <= runs; run++) {
    const phases = round();
    if (run === 0) continue;
    for (const [k, ms] of Object.entries(phases) as [K, number][]) {
      const list = samples.get(k);
      if (list) list.push(ms);
      else samples.set(k, [ms]);
    }
  }
  return Object.fromEntries([...samples].map(([k, xs]) => [k, median(xs)])) as Record<K, number>;
}

export function perSecond(count: number, ms: number): string {
  return Math.round(count / (ms / 1000)).toLocaleString('en-US');
}
