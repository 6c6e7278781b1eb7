/**
 * `cors-lens` behaves like a Unix tool: --version, a --help that documents every option and exit
 * status, `-` for standard input, gzip input by content, and an exit status that tells CI when a
 * HAR could not settle most of its exchanges (a Playwright recordHar HAR: status 4 and why).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXIT, USAGE } from '../../../src/cli/args';

const root = path.resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => path.join(root, 'test/fixtures/har', name);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

function run(args: string[], input?: Buffer | string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

// Each test starts the command (Node + tsx) one to three times: seconds each on a loaded machine.
describe('cors-lens as a Unix tool', { timeout: 60_000 }, () => {
  it('--version and -V print the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`cors-lens ${pkg.version}\n`);
    }
  });

  it('--help names every option the parser accepts and every exit status', () => {
    const parser = fs.readFileSync(path.join(root, 'src/cli/args.ts'), 'utf8');
    const accepted = [...parser.matchAll(/case '(--[a-z-]+)'/g)].map((m) => m[1]!);
    expect(accepted.length).toBeGreaterThan(3);
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(USAGE);
    for (const option of [...accepted, '--help', '--version', '-h', '-V']) expect(r.stdout).toContain(option);
    for (const status of Object.values(EXIT)) expect(r.stdout).toMatch(new RegExp(`^  ${status}  \\S`, 'm'));
  });

  it('no arguments is a usage error, not a silent help page', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cors-lens: no command given/);
  });

  it('reads standard input with "-", plain or gzip, exactly as the file', () => {
    const file = run(['analyze', fixture('chrome-basic.har'), '--format', 'json']);
    const har = fs.readFileSync(fixture('chrome-basic.har'));
    for (const input of [har, gzipSync(har)]) {
      const piped = run(['analyze', '-', '--format', 'json'], input);
      expect(piped.code).toBe(file.code);
      expect(piped.stdout).toBe(file.stdout);
    }
  });

  it('reads a gzip file whatever its name, and says so when the gzip is broken', () => {
    // artifacts/ exists only once some other suite made it: a fresh checkout has none.
    fs.mkdirSync(path.join(root, 'artifacts'), { recursive: true });
    const tmp = fs.mkdtempSync(path.join(root, 'artifacts', 'cli-gzip-'));
    try {
      const gz = path.join(tmp, 'session.har');
      fs.writeFileSync(gz, gzipSync(fs.readFileSync(fixture('chrome-basic.har'))));
      const r = run(['analyze', gz]);
      expect(r.code).toBe(EXIT.blocked);
      expect(r.stdout).toContain('✖ BLOCKED');
      const cut = path.join(tmp, 'cut.har.gz');
      fs.writeFileSync(cut, fs.readFileSync(gz).subarray(0, 200));
      const bad = run(['analyze', cut]);
      expect(bad.code).toBe(EXIT.badInput);
      expect(bad.stderr).toMatch(/^cors-lens: .*cut\.har\.gz looks gzip-compressed but does not decompress \(.+\)\n$/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a not-JSON message is one line that says where, without V8\'s half-quoted excerpt', () => {
    for (const input of ['<!DOCTYPE html><html>"quoted" \'single\'</html>', '{"log": {}}\n  x']) {
      const r = run(['analyze', '-'], input);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cors-lens: standard input is not valid JSON \(.*\bat\b.+\)\n$/);
      expect(r.stderr).not.toMatch(/"\.\.\./); // V8's `"<!DOCTYPE "... is not valid JSON`
    }
  });

  it('a HAR whose exchanges are mostly unknown exits 4 and says why and how to record a better one', () => {
    const r = run(['analyze', fixture('playwright-recorded.har')]);
    expect(r.code).toBe(EXIT.inconclusive);
    expect(r.stderr).toMatch(/^cors-lens: \d+ of \d+ cross-origin exchanges are "unknown"/);
    expect(r.stderr).toMatch(/have no response status or headers/);
    expect(r.stderr).toContain('Export HAR');
    // The CLI never gives the panel's advice.
    expect(r.stdout + r.stderr).not.toMatch(/CORS tab open/i);
    expect(r.stdout).toContain('Record the HAR again from DevTools');
  });

  it('a HAR that decides most exchanges exits as before', () => {
    expect(run(['analyze', fixture('chrome-basic.har')]).code).toBe(EXIT.blocked);
  });
});
