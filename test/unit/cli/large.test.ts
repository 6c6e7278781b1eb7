/**
 * A large HAR through the real command and a real pipe: `cors-lens analyze big.har --format json |
 * reader` delivers one complete, valid JSON report with every exchange, written with back-pressure
 * (the reader is slower than the writer). No timing is asserted; the limit below only ends a hung run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticChromeHar } from '../../../bench/support/synthetic-har';
import { analyze } from '../../../src/core/analyze';
import { harToObservations } from '../../../src/sources/har';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-cli-large-'));
const file = path.join(tmp, 'big.har');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the command into a slow reading process; resolves with both exit codes and what the reader found. */
function pipeThroughReader(format: string): Promise<{ cli: number | null; reader: number | null; stderr: string; summary: string }> {
  return new Promise((resolve) => {
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', file, '--format', format], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    // Reads slowly (pauses after each chunk), keeps the bytes, checks them at the end.
    const reader = spawn(process.execPath, ['-e', `
      const parts = [];
      process.stdin.on('data', (b) => { parts.push(b); process.stdin.pause(); setTimeout(() => process.stdin.resume(), 1); });
      process.stdin.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        if (${JSON.stringify(format)} !== 'json') { console.log(JSON.stringify({ chars: text.length, tail: text.slice(-200) })); return; }
        const report = JSON.parse(text);
        const outcomes = {};
        for (const e of report.exchanges) outcomes[e.outcome] = (outcomes[e.outcome] || 0) + 1;
        console.log(JSON.stringify({ count: report.exchanges.length, outcomes, endsWithNewline: text.endsWith('}\\n'), first: report.exchanges[0].url, last: report.exchanges.at(-1).url }));
      });`]);
    cli.stdout.pipe(reader.stdin);
    let stderr = '';
    let summary = '';
    cli.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    reader.stdout.on('data', (b: Buffer) => (summary += b.toString()));
    let cliCode: number | null | undefined;
    let readerCode: number | null | undefined;
    const done = () => cliCode !== undefined && readerCode !== undefined && resolve({ cli: cliCode, reader: readerCode, stderr, summary });
    cli.on('close', (code) => ((cliCode = code), done()));
    reader.on('close', (code) => ((readerCode = code), done()));
  });
}

describe('cors-lens on a large HAR (40 MB, made on the fly)', () => {
  let expected: { count: number; outcomes: Record<string, number>; first: string; last: string };
  beforeAll(async () => {
    await writeSyntheticChromeHar(file, 40e6);
    const analyzed = analyze(harToObservations(JSON.parse(fs.readFileSync(file, 'utf8'))).observations);
    const outcomes: Record<string, number> = {};
    for (const a of analyzed) outcomes[a.verdict.outcome] = (outcomes[a.verdict.outcome] ?? 0) + 1;
    expected = { count: analyzed.length, outcomes, first: analyzed[0]!.exchange.url, last: analyzed.at(-1)!.exchange.url };
  }, 300_000);

  it('--format json: one complete, valid report through a pipe, every exchange in it', async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(40e6);
    const r = await pipeThroughReader('json');
    expect(r.stderr).toBe('');
    expect(r.reader).toBe(0);
    expect(r.cli).toBe(1); // analysed; the synthetic traffic has blocked requests
    expect(JSON.parse(r.summary)).toEqual({ ...expected, endsWithNewline: true });
    expect(expected.count).toBeGreaterThan(5_000);
  }, 600_000);

  it('--format text: streamed to the end, closing with the count line', async () => {
    const r = await pipeThroughReader('text');
    expect(r.cli).toBe(1);
    const { tail } = JSON.parse(r.summary) as { tail: string };
    expect(tail).toMatch(new RegExp(`\\n${expected.count} exchanges: [^\\n]*\\n$`));
  }, 600_000);
});
