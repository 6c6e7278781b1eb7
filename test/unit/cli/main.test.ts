import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => path.join(root, 'test/fixtures/har', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the command from source (tsx); stdout and stderr are pipes, as in `cors-lens … | jq`. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeTmp(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const chromeHar = JSON.parse(fs.readFileSync(fixture('chrome-basic.har'), 'utf8'));

// Each test spawns the command (tsx compiles on start): generous limits for a loaded machine.
describe('cors-lens analyze', { timeout: 120_000 }, () => {
  it('exits 1 and lists the blocked requests of a real Chrome HAR (text)', () => {
    const r = run('analyze', fixture('chrome-basic.har'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✖ BLOCKED  PUT http://localhost:45001/preflight-404');
    expect(r.stdout).toContain('PreflightMissingAllowOriginHeader');
    expect(r.stdout).toContain('ALLOWED'); // every cross-origin exchange is listed
    expect(r.stdout).not.toContain('s3cr3t-token');
    expect(r.stdout).toMatch(/Fix this server: http:\/\/localhost:45001 .*\n  ✓ (\d+) of \1 pass under this policy, none that passed breaks\n/);
  });

  it('puts the verified server fix in the Markdown report', () => {
    const r = run('analyze', fixture('chrome-basic.har'), '--format', 'markdown');
    expect(r.stdout).toContain('## Fix this server: http://localhost:45001');
    expect(r.stdout).toMatch(/Verified: ✓ (\d+) of \1 pass under this policy, none that passed breaks\./);
    expect(r.stdout).toContain('# Answer to every preflight: OPTIONS /*\nHTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: http://127.0.0.1:45000\n');
    expect(r.stdout).not.toContain('s3cr3t-token');
  });

  it('prints the JSON schema with every cross-origin exchange, and --all adds same-origin ones', () => {
    const crossOrigin = JSON.parse(run('analyze', fixture('chrome-basic.har'), '--format', 'json').stdout);
    expect(Object.keys(crossOrigin)).toEqual(['exchanges', 'servers']);
    expect(crossOrigin.exchanges.length).toBeGreaterThanOrEqual(8);
    expect(crossOrigin.exchanges.some((x: { outcome: string }) => x.outcome === 'allowed')).toBe(true);
    expect(crossOrigin.exchanges.some((x: { url: string }) => x.url === 'http://127.0.0.1:45000/same')).toBe(false);
    for (const x of crossOrigin.exchanges) {
      expect(Object.keys(x)).toEqual([
        'url', 'method', 'initiatorOrigin', 'outcome', 'reason', 'chromiumCorsError', 'failedParameter',
        'messages', 'explanation', 'evidence', 'warnings', 'preflight', 'redirects', 'fix',
      ]);
    }
    // One merged fix per server, proven by the evaluator: every exchange it decides passes.
    expect(crossOrigin.servers.map((s: { origin: string }) => s.origin)).toEqual(['http://localhost:45001']);
    const [server] = crossOrigin.servers;
    expect(Object.keys(server)).toEqual(['origin', 'exchanges', 'blocked', 'warned', 'fix', 'routes', 'verified', 'checks', 'outOfReach']);
    expect(server.blocked).toBeGreaterThanOrEqual(5);
    expect(server.verified.of).toBeGreaterThanOrEqual(server.blocked);
    expect(server.verified).toEqual({ pass: server.verified.of, of: server.verified.of, broken: 0 });
    expect(Object.keys(server.fix)).toEqual(Object.keys(crossOrigin.exchanges.find((x: { fix: unknown }) => x.fix).fix));
    expect(Object.keys(server.fix.snippets)).toHaveLength(23);
    expect(JSON.stringify(server)).not.toContain('s3cr3t-token');
    const all = JSON.parse(run('analyze', fixture('chrome-basic.har'), '--format=json', '--all').stdout);
    const urls = all.exchanges.map((x: { url: string }) => x.url);
    expect(urls).toContain('http://127.0.0.1:45000/same');
    expect(all.exchanges.length).toBe(20);
    expect(all.exchanges.length).toBeGreaterThan(crossOrigin.exchanges.length);
  });

  it('gives every blocked exchange a fix: header sets, preflight status, steps and a snippet per stack', () => {
    const report = JSON.parse(run('analyze', fixture('chrome-basic.har'), '--format', 'json').stdout);
    const preflight404 = report.exchanges.find(
      (x: { url: string; chromiumCorsError: string }) => x.url.endsWith('/preflight-404') && x.chromiumCorsError === 'PreflightMissingAllowOriginHeader',
    );
    expect(preflight404).toBeDefined();
    const fix = preflight404.fix;
    expect(fix.preflightStatus).toBe(204);
    expect(fix.responseHeaders.preflight['Access-Control-Allow-Origin']).toBe(preflight404.initiatorOrigin);
    expect(fix.responseHeaders.preflight['Access-Control-Allow-Methods']).toContain('PUT');
    expect(fix.responseHeaders.actual['Access-Control-Allow-Origin']).toBe(preflight404.initiatorOrigin);
    expect(fix.steps.length).toBeGreaterThan(0);
    expect(Object.keys(fix.snippets)).toEqual(expect.arrayContaining(['express', 'nginx', 'django', 'curl', 'http-headers']));
    expect(fix.snippets.express.code).toContain(preflight404.initiatorOrigin);
    for (const x of report.exchanges) if (x.outcome === 'blocked') expect(x.fix).not.toBeNull();
    expect(JSON.stringify(report)).not.toContain('s3cr3t-token');
  });

  // 400 blocked exchanges, each with every stack's snippet: megabytes through a pipe, many times
  // its 64 KB buffer. (4,000 proved nothing more and took 96 s under test:stress; cli-large.test.ts
  // streams a report of hundreds of MB.)
  it('writes large output completely when piped', { timeout: 60_000 }, () => {
    const entries = [];
    for (let i = 0; i < 400; i++) entries.push(chromeHar.log.entries[1 + (i % 3)]); // no-ACAO, star-cred, preflight-404 PUT
    const file = writeTmp('many.har', JSON.stringify({ log: { entries } }));
    const r = run('analyze', file, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(1_000_000);
    expect(JSON.parse(r.stdout).exchanges).toHaveLength(400);
  });

  it('exits 0 when nothing is blocked; markdown and --browser work', () => {
    const entries = chromeHar.log.entries.filter((e: { request: { url: string } }) => /\/(good|same)$/.test(e.request.url));
    const file = writeTmp('good.har', JSON.stringify({ log: { entries } }));
    const r = run('analyze', file, '--format', 'markdown', '--browser', 'firefox', '--all');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# CORS Lens report')).toBe(true);
    expect(r.stdout).toContain('allowed');
  });

  it('--browser firefox: the Markdown leads with Firefox\'s message; the text prints its lines, never an escaped newline', () => {
    const md = run('analyze', fixture('firefox-basic.har'), '--format', 'markdown', '--browser', 'firefox').stdout;
    expect(md).toContain('**Console messages** (Firefox first)\n\nFirefox:\n');
    const text = run('analyze', fixture('firefox-basic.har'), '--browser', 'firefox').stdout;
    expect(text).not.toContain('\\x0a');
    expect(text).toMatch(/  Firefox: Cross-Origin Request Blocked: [^\n]*\n {11}Cross-Origin Request Blocked: /);
  });

  it('reads a Firefox HAR', () => {
    const r = run('analyze', fixture('firefox-basic.har'), '--browser', 'firefox', '--format', 'json');
    expect(r.code).toBe(1);
    const reasons = JSON.parse(r.stdout).exchanges.map((x: { reason: string }) => x.reason);
    expect(reasons.length).toBeGreaterThanOrEqual(6);
  });
});

describe('cors-lens: bad input gives exit 2 and one line on stderr', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['missing file', () => ['analyze', path.join(tmp, 'nope.har')], /^cors-lens: cannot read .*nope\.har: no such file\n$/],
    ['a directory', () => ['analyze', tmp], /^cors-lens: cannot read .*: it is a directory\n$/],
    ['empty file', () => ['analyze', writeTmp('empty.har', '')], /^cors-lens: .*empty\.har is empty\n$/],
    ['not JSON', () => ['analyze', writeTmp('text.har', 'hello <html>')], /^cors-lens: .*text\.har is not valid JSON \(.+\)\n$/],
    ['truncated JSON', () => ['analyze', writeTmp('cut.har', JSON.stringify(chromeHar).slice(0, 5000))], /^cors-lens: .*cut\.har is not valid JSON \(.+\)\n$/],
    ['not HAR', () => ['analyze', writeTmp('pkg.har', '{"name":"x"}')], /^cors-lens: .*pkg\.har: not a HAR file: missing log\n$/],
    ['entry missing url', () => ['analyze', writeTmp('bad.har', '{"log":{"entries":[{"request":{"method":"GET"}}]}}')], /^cors-lens: .*bad\.har: entry 0: request\.url is not a string\n$/],
    ['unknown flag', () => ['analyze', fixture('chrome-basic.har'), '--colour'], /^cors-lens: unknown option "--colour"\nRun cors-lens --help for usage\.\n$/],
    ['bad format', () => ['analyze', fixture('chrome-basic.har'), '--format', 'xml'], /^cors-lens: --format must be one of text, json, markdown \(got "xml"\)\n/],
    ['unknown command', () => ['scan', 'x.har'], /^cors-lens: unknown command "scan"/],
  ];
  for (const [name, args, stderr] of cases) {
    it(name, () => {
      const r = run(...args());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('--help prints usage and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cors-lens analyze FILE.har');
  });
});
