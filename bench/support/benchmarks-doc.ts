/**
 * docs/benchmarks.md and its data, docs/benchmarks.json, written by `npm run bench -- --write-docs`
 * from the benchmarks' own results: each row with its date, machine and spread (median of the
 * runs, lowest–highest). A run of some benchmarks (a name filter) replaces only their rows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DocRow {
  file: string;
  name: string;
  /** Median ratio of the runs, with the lowest and highest. */
  ratio?: number;
  min?: number;
  max?: number;
  runs: number;
  target?: number;
  /** The median run's own line. */
  details: string;
  date: string;
  machine: string;
  /** One-minute load average when the benchmark started: how busy the shared machine was. */
  load?: number;
}

function version(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** "2 × AMD EPYC 7B13, 8 GB, Linux 6.1, Node v20.20.2, Chromium 156.0…, Mozilla Firefox 153.0esr". */
export function describeMachine(): string {
  const cpus = os.cpus();
  const parts = [
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
    `${os.type()} ${os.release()}`,
    `Node ${process.version}`,
    version('/usr/bin/chromium'),
    version('/usr/bin/firefox-esr'),
  ];
  return parts.filter(Boolean).join(', ');
}

const fmt = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDoc(rows: DocRow[], bundleBlock: string): string {
  const machines = [...new Set(rows.map((r) => r.machine))];
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench -- --write-docs` from the benchmarks\' own output (bench/); do not edit by hand.',
    'Each figure is a ratio against a baseline measured in the same run, lower is better: the median of',
    'the runs, with the lowest and highest in brackets. Absolute times on a shared 2-core machine are noise;',
    'the ratios move too when other work shares the machine, which the spread and the load average show.',
    'The app benchmarks (`dev-app*`) run once, in rounds of separate browser launches in alternating order:',
    'their figure is the ratio of the medians, the brackets the lowest and highest round, the count the rounds.',
    '',
    `Bundle sizes, checked against every build (test/e2e/docs-figures.test.ts): ${bundleBlock}`,
    '',
    '| benchmark | ratio: median (lowest–highest, runs) | target | met | measured (median run) | when, where |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const spread = r.ratio === undefined ? '' : `${fmt(r.ratio)} (${fmt(r.min)}–${fmt(r.max)}, ${r.runs})`;
      const met = r.ratio === undefined || r.target === undefined ? '' : r.ratio <= r.target ? 'yes' : '**no**';
      const load = r.load === undefined ? '' : `, load ${r.load.toFixed(1)}`;
      const where = `${r.date}${load} [${machines.indexOf(r.machine) + 1}]`;
      return `| ${cell(r.name)} (\`${r.file}\`) | ${spread} | ${r.target === undefined ? '' : `≤ ${r.target}`} | ${met} | ${cell(r.details)} | ${where} |`;
    }),
    '',
    ...machines.map((m, i) => `[${i + 1}] ${m}  `),
    '',
  ];
  return lines.join('\n');
}

export function readDocRows(file: string): DocRow[] {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: DocRow[] }).rows;
  } catch {
    return [];
  }
}

/** Replaces the rows of the benchmark files that ran, keeps the others, writes both files. */
export function writeDoc(root: string, fresh: DocRow[]): void {
  const json = path.join(root, 'docs/benchmarks.json');
  const md = path.join(root, 'docs/benchmarks.md');
  const ran = new Set(fresh.map((r) => r.file));
  const rows = [...readDocRows(json).filter((r) => !ran.has(r.file)), ...fresh].sort((a, b) => a.file.localeCompare(b.file));
  const previous = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '';
  const bundleBlock = /<!-- bundle-sizes -->[\s\S]*?<!-- \/bundle-sizes -->/.exec(previous)?.[0] ?? '<!-- bundle-sizes --><!-- /bundle-sizes -->';
  fs.mkdirSync(path.dirname(md), { recursive: true });
  fs.writeFileSync(json, `${JSON.stringify({ note: 'Data of docs/benchmarks.md, written by npm run bench -- --write-docs', rows }, null, 1)}\n`);
  fs.writeFileSync(md, renderDoc(rows, bundleBlock));
}
