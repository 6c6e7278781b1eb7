/**
 * `cors-lens analyze` on broken and oversized HAR files: exit 2 with one line on stderr, never a
 * stack trace, never a V8 abort ("Invalid string length", heap out of memory).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-cli-hostile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(file: string, nodeOptions = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: nodeOptions },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineRefusal(r: ReturnType<typeof run>, pattern: RegExp): void {
  expect(r.signal).toBeNull();
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |Invalid string length|heap out of memory|FATAL/);
}

describe('cors-lens on broken HAR files', () => {
  it('a 1 GB file (sparse, made on the fly) is refused before it is read', () => {
    const file = path.join(tmp, 'huge.har');
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 1e9);
    fs.closeSync(fd);
    const r = run(file);
    expectOneLineRefusal(r, /^cors-lens: .*huge\.har is 1\.0 GB; cors-lens reads HAR files up to 536 MB/);
    // Not read: the file is a billion NUL bytes, and parsing it would end in a JSON error instead.
  });

  it('with a small heap, a valid 20 MB HAR is refused with the way to raise the limit, not an OOM abort', () => {
    const file = path.join(tmp, 'padded.har');
    fs.writeFileSync(file, `{"log":{"entries":[]}}${' '.repeat(20e6)}`);
    expectOneLineRefusal(run(file, '--max-old-space-size=64'), /^cors-lens: .*padded\.har is 20 MB; cors-lens reads HAR files up to \d+ MB with this much JS heap .*--max-old-space-size/);
    // The same file with the default heap is read and analysed (nothing in it: exit 0).
    expect(run(file).code).toBe(0);
  });

  const broken: Array<[string, string | Buffer, RegExp]> = [
    ['binary garbage (invalid UTF-8)', Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0x1b, 0x5b]), /is not valid JSON/],
    ['a BOM and nothing else', Buffer.from([0xef, 0xbb, 0xbf]), /is not valid JSON/],
    ['HTML saved as .har', '<!doctype html><html><body>Login</body></html>', /is not valid JSON/],
    ['truncated mid-string', '{"log":{"entries":[{"request":{"url":"http://a', /is not valid JSON/],
    ['a JSON array', '[1,2,3]', /not a HAR file: expected a JSON object with a "log"/],
    ['a JSON string', '"log"', /not a HAR file/],
    ['null', 'null', /not a HAR file/],
    ['entries is an object', '{"log":{"entries":{}}}', /log\.entries is not an array/],
    ['an entry that is null', '{"log":{"entries":[null]}}', /entry 0: not an object/],
    ['a request that is a number', '{"log":{"entries":[{"request":5}]}}', /entry 0: missing request/],
    ['a deeply nested document', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, /not a HAR file|is not valid JSON/],
  ];
  for (const [name, content, pattern] of broken) {
    it(name, () => {
      const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.har`);
      fs.writeFileSync(file, content);
      expectOneLineRefusal(run(file), new RegExp(`^cors-lens: .*${pattern.source}`));
    });
  }

  it('control characters in the file name are not echoed raw to the terminal', () => {
    const file = path.join(tmp, 'evil\x1b[2Jname.har');
    fs.writeFileSync(file, 'nope');
    const r = run(file);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('evil\\x1b[2Jname.har');
  });

  it('nor are control characters from a broken file (V8 quotes the file in its JSON error)', () => {
    const file = path.join(tmp, 'ansi.har');
    fs.writeFileSync(file, '\x1b]0;pwned\x07\x1b[2J{');
    const r = run(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not valid JSON/);
    expect(r.stderr.trimEnd()).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});
