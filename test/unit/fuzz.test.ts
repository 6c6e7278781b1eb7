/**
 * The fuzzing properties (test/fuzz/properties.ts) in CI: fixed seed, modest runs, so a red run
 * is reproducible and a green one stays green. `npm run fuzz` runs the same ones much longer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CI_RUNS, CI_SEED, PROPERTIES } from '../fuzz/properties';

describe('fuzzing properties (fixed seed)', () => {
  it('cover the evaluator, pairing, the HAR adapter and the fix renderers', () => {
    const areas = new Set(PROPERTIES.map((p) => p.area));
    for (const area of ['evaluator', 'pairing', 'har', 'fixes'] as const) expect(areas).toContain(area);
  });

  for (const p of PROPERTIES) {
    it(`${p.area}: ${p.name}`, () => {
      fc.assert(p.property(), { seed: CI_SEED, numRuns: CI_RUNS });
    }, 60_000);
  }
});
