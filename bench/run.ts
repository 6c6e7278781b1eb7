/**
 * Runs every benchmark in bench/ and prints a table of ratios. A benchmark is any `bench/*.ts`
 * file (other than this one) exporting `bench(): Promise<BenchResult[]>`; files without that
 * export are skipped, so helpers may live beside them (or in bench/support/).
 * Usage: npm run bench [-- name-filter]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  /** measured / baseline; lower is better. */
  ratio?: number;
  /** The ratio to stay at or under. */
  target?: number;
  /** One line: what was measured, absolute numbers. */
  details: string;
}

async function main(): Promise<void> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const filter = process.argv[2];
  const files = fs.readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const rows: { file: string; result: BenchResult }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench?: () => Promise<BenchResult[]> };
    if (typeof mod.bench !== 'function') continue;
    process.stderr.write(`running ${file}…\n`);
    for (const result of await mod.bench()) rows.push({ file, result });
  }
  const table = rows.map(({ file, result: r }) => ({
    bench: file,
    name: r.name,
    ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
    target: r.target === undefined ? '' : `≤ ${r.target}`,
    ok: r.ratio === undefined || r.target === undefined ? '' : r.ratio <= r.target ? 'yes' : 'NO',
  }));
  console.table(table);
  for (const { file, result } of rows) console.log(`${file} · ${result.name}: ${result.details}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
