/**
 * The bundle sizes the docs quote, kept equal to the build. The figures live between
 * `<!-- bundle-sizes -->` and `<!-- /bundle-sizes -->` in README.md and docs/benchmarks.md.
 *   node --import tsx scripts/docs-figures.ts           check (exit 1 and say what differs)
 *   node --import tsx scripts/docs-figures.ts --write   rewrite them from dist/chrome
 * (`npm run docs:figures` writes; test/e2e/docs-figures.test.ts checks after every build.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleSentence, measureBundle } from '../bench/support/bundle-sizes';

export const DOCS_WITH_FIGURES = ['README.md', 'docs/benchmarks.md'];
const BLOCK = /(<!-- bundle-sizes -->)([\s\S]*?)(<!-- \/bundle-sizes -->)/g;

export interface FigureMismatch {
  file: string;
  documented: string;
  built: string;
}

/** Every bundle-size block of the docs that differs from `dist/chrome` (none: they agree). */
export function docFigureMismatches(root: string): FigureMismatch[] {
  const built = bundleSentence(measureBundle(path.join(root, 'dist/chrome')));
  const out: FigureMismatch[] = [];
  for (const file of DOCS_WITH_FIGURES) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const blocks = [...text.matchAll(BLOCK)];
    if (blocks.length === 0) out.push({ file, documented: '(no <!-- bundle-sizes --> block)', built });
    for (const m of blocks) if (m[2]!.trim() !== built) out.push({ file, documented: m[2]!.trim(), built });
  }
  return out;
}

export function writeDocFigures(root: string): string[] {
  const built = bundleSentence(measureBundle(path.join(root, 'dist/chrome')));
  const changed: string[] = [];
  for (const file of DOCS_WITH_FIGURES) {
    const full = path.join(root, file);
    const text = fs.readFileSync(full, 'utf8');
    const next = text.replace(BLOCK, (_all, open: string, _old: string, close: string) => `${open}${built}${close}`);
    if (next !== text) {
      fs.writeFileSync(full, next);
      changed.push(file);
    }
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '..');
  if (process.argv.includes('--write')) {
    const changed = writeDocFigures(root);
    console.log(changed.length ? `bundle sizes updated in ${changed.join(', ')}` : 'bundle sizes in the docs already match the build');
  } else {
    const wrong = docFigureMismatches(root);
    for (const m of wrong) console.error(`${m.file}: documents "${m.documented}", the build measures "${m.built}"`);
    if (wrong.length) console.error('run `npm run docs:figures` after `npm run build` to update them');
    process.exitCode = wrong.length ? 1 : 0;
  }
}
