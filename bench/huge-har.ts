/**
 * `cors-lens analyze --format json` on very large HAR files (100, 300 and 530 MB: the biggest the
 * size check accepts with Node's default heap), against the baseline of merely `JSON.parse`-ing the
 * same file, each in a fresh child process in the same run. Reports peak RSS and wall time as
 * ratios. Before streaming, 180 MB ended in "Invalid string length" and 300–530 MB in a V8 abort.
 * The files are generated on the fly (Chrome-shaped, bench/support/synthetic-har.ts) and deleted.
 * The CLI must have been built (npm run build). Standalone:
 *   node --import tsx bench/huge-har.ts [sizes in MB, comma-separated]   (default 100,300,530)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run';
import { writeSyntheticChromeHar } from './support/synthetic-har';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'cors-lens.js');
const maxRss = path.join(root, 'bench', 'support', 'max-rss.cjs');
const DEFAULT_SIZES_MB = [100, 300, 530];

interface Run {
  code: number | null;
  ms: number;
  rssMb: number;
  outBytes: number;
  stderr: string;
}

/** Runs node with `args`, counting (not keeping) its stdout; peak RSS from the preloaded reporter. */
function measure(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', maxRss, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let outBytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (outBytes += b.length));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /max-rss-kb=(\d+)/.exec(stderr);
      resolve({ code, ms: performance.now() - t0, rssMb: rss ? Number(rss[1]) / 1024 : NaN, outBytes, stderr: stderr.replace(/\s*max-rss-kb=\d+\s*$/, '') });
    });
  });
}

const PARSE_ONLY = "const s = require('fs').readFileSync(process.argv[1]).toString('utf8'); const v = JSON.parse(s); if (!v.log) process.exit(9);";

export async function bench(sizesMb: number[] = DEFAULT_SIZES_MB): Promise<BenchResult[]> {
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'cors-lens.mjs'))) throw new Error('build the CLI first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-huge-'));
  const results: BenchResult[] = [];
  try {
    for (const mb of sizesMb) {
      const file = path.join(dir, `synthetic-${mb}mb.har`);
      const entries = await writeSyntheticChromeHar(file, mb * 1e6);
      const size = fs.statSync(file).size;
      const parse = await measure(['-e', PARSE_ONLY, file]);
      const full = await measure([cli, 'analyze', file, '--format', 'json']);
      fs.rmSync(file, { force: true });
      // Exit 1 = analysed, something blocked (the synthetic HAR has blocked requests); anything else failed.
      const ok = full.code === 1 && parse.code === 0;
      const problem = ok ? '' : ` FAILED (cli exit ${full.code}: ${full.stderr.trim().split('\n')[0] ?? ''}; parse exit ${parse.code})`;
      results.push({
        name: `${mb} MB HAR → JSON report: peak RSS vs JSON.parse`,
        ratio: ok ? full.rssMb / parse.rssMb : Number.POSITIVE_INFINITY,
        details: `${(size / 1e6).toFixed(0)} MB, ${entries} entries: cors-lens ${full.rssMb.toFixed(0)} MB peak RSS, ${(full.ms / 1000).toFixed(1)} s, `
          + `${(full.outBytes / 1e6).toFixed(0)} MB of JSON out; JSON.parse alone ${parse.rssMb.toFixed(0)} MB, ${(parse.ms / 1000).toFixed(1)} s${problem}`,
      });
      results.push({
        name: `${mb} MB HAR → JSON report: time vs JSON.parse`,
        ratio: ok ? full.ms / parse.ms : Number.POSITIVE_INFINITY,
        details: `read + pair + evaluate + fixes for every exchange + ${(full.outBytes / 1e6).toFixed(0)} MB written, vs read + JSON.parse`,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const sizes = process.argv[2] ? process.argv[2].split(',').map(Number) : DEFAULT_SIZES_MB;
  for (const r of await bench(sizes)) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} — ${r.details}`);
}
