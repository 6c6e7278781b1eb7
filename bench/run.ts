/**
 * Runs every benchmark in bench/ and prints a table of ratios. A benchmark is any `bench/*.ts`
 * file (other than this one) exporting `bench(): Promise<BenchResult[]>`; files without that
 * export are skipped, so helpers may live beside them (or in bench/support/).
 * Usage: npm run bench [-- name-filter] [--repeat N] [--write-docs] [--option value …]
 *   --repeat N     run each benchmark N times (default 1; 3 with --write-docs, unless the file
 *                  exports its own `defaultRepeat`) and report the median ratio with the lowest
 *                  and highest
 *   --write-docs   write docs/benchmarks.md (+ .json) from these results, with date and machine;
 *                  with a name filter only those benchmarks' rows are replaced
 * Every other `--option` takes a value and is left to the benchmarks, which read process.argv
 * (e.g. bench/dev-app.ts: --rounds N, --extension DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine, writeDoc, type DocRow } from './support/benchmarks-doc';
import { median } from './support/measure';

export interface BenchResult {
  name: string;
  /** measured / baseline; lower is better. */
  ratio?: number;
  /** The ratio to stay at or under. */
  target?: number;
  /** One line: what was measured, absolute numbers. */
  details: string;
  /**
   * The benchmark's own spread, for one that measures in rounds itself (lowest and highest
   * per-round ratio): reported when the file ran once.
   */
  range?: { min: number; max: number; runs: number };
}

/** Flags without a value; every other `--flag` is followed by its value. */
const SWITCHES = new Set(['--write-docs', '--write-readme']);

function options(argv: string[]): { filter?: string; repeat?: number; writeDocs: boolean } {
  const writeDocs = argv.includes('--write-docs') || argv.includes('--write-readme');
  const at = argv.indexOf('--repeat');
  const repeat = at >= 0 ? Number(argv[at + 1]) : undefined;
  if (repeat !== undefined && (!Number.isInteger(repeat) || repeat < 1)) throw new Error('--repeat needs a whole number ≥ 1');
  const isValue = (i: number): boolean => i > 0 && argv[i - 1]!.startsWith('--') && !SWITCHES.has(argv[i - 1]!);
  const filter = argv.find((a, i) => !a.startsWith('--') && !isValue(i));
  return { ...(filter ? { filter } : {}), ...(repeat ? { repeat } : {}), writeDocs };
}

interface Row {
  file: string;
  /** The median run's result. */
  result: BenchResult;
  /** Lowest and highest ratio of the runs (or of the benchmark's own rounds), and how many. */
  min?: number;
  max?: number;
  runs: number;
  load: number;
}

/** One row per result name: the median run's result, with the spread of every run. */
function summarise(file: string, runs: BenchResult[][], load: number): Row[] {
  return runs[0]!.map((first) => {
    const same = runs.map((r) => r.find((x) => x.name === first.name)).filter((x): x is BenchResult => x !== undefined);
    const ratios = same.map((x) => x.ratio).filter((x): x is number => x !== undefined);
    const mid = ratios.length ? median(ratios) : undefined;
    const result = same.find((x) => x.ratio === mid) ?? first;
    // One run of a benchmark that measured in rounds: its per-round extremes are the spread.
    if (same.length === 1 && result.range) return { file, result, ...result.range, load };
    if (!ratios.length) return { file, result, runs: runs.length, load };
    return { file, result, min: Math.min(...ratios), max: Math.max(...ratios), runs: ratios.length, load };
  });
}

async function main(): Promise<void> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const { filter, repeat, writeDocs } = options(process.argv.slice(2));
  const files = fs.readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort();
  const rows: Row[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench?: () => Promise<BenchResult[]>; defaultRepeat?: number };
    if (typeof mod.bench !== 'function') continue;
    const times = repeat ?? (writeDocs ? (mod.defaultRepeat ?? 3) : 1);
    const runs: BenchResult[][] = [];
    const load = os.loadavg()[0]!;
    for (let i = 1; i <= times; i++) {
      process.stderr.write(`running ${file}${times > 1 ? ` (${i}/${times})` : ''}…\n`);
      runs.push(await mod.bench());
    }
    rows.push(...summarise(file, runs, load));
  }
  const table = rows.map(({ file, result: r, min, max, runs }) => ({
    bench: file,
    name: r.name,
    ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
    spread: min !== undefined && max !== undefined && runs > 1 ? `${min.toFixed(2)}–${max.toFixed(2)}` : '',
    target: r.target === undefined ? '' : `≤ ${r.target}`,
    ok: r.ratio === undefined || r.target === undefined ? '' : r.ratio <= r.target ? 'yes' : 'NO',
  }));
  console.table(table);
  for (const { file, result } of rows) console.log(`${file} · ${result.name}: ${result.details}`);
  if (!writeDocs) return;
  const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const machine = describeMachine();
  const docRows: DocRow[] = rows.map(({ file, result: r, min, max, runs, load }) => ({
    file,
    name: r.name,
    ...(r.ratio !== undefined && min !== undefined && max !== undefined ? { ratio: r.ratio, min, max } : {}),
    runs,
    ...(r.target !== undefined ? { target: r.target } : {}),
    details: r.details,
    date,
    machine,
    load,
  }));
  writeDoc(path.resolve(dir, '..'), docRows);
  console.log('\nwrote docs/benchmarks.md and docs/benchmarks.json');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
