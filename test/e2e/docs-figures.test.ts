/**
 * The bundle sizes the README and docs/benchmarks.md quote are the build's: this fails as soon as
 * a change moves them, until `npm run docs:figures` (after `npm run build`) writes the new ones.
 * In the e2e project because it reads dist/, which exists only after the build.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFigureMismatches } from '../../scripts/docs-figures';

const root = path.resolve(import.meta.dirname, '../..');

describe('figures in the docs', () => {
  it('bundle sizes in README.md and docs/benchmarks.md match dist/chrome', () => {
    const wrong = docFigureMismatches(root).map((m) => `${m.file}: documents "${m.documented}"; the build measures "${m.built}" (run npm run docs:figures)`);
    expect(wrong).toEqual([]);
  });
});
