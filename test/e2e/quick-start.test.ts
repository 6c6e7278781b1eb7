/**
 * A newcomer's first hour, replayed: clone this repository into a temporary folder and run the
 * README's Quick start block exactly as written, then check what a new user would notice —
 * warnings from `npm ci` or the build, the CLI's --version/--help/stdin/gzip, the docs' bundle
 * sizes against the build, and tracked files modified by any of it (`git status --porcelain`).
 * It clones the committed HEAD: uncommitted edits are not part of the run.
 * It never runs `npm test` (this file is part of it): only the Quick start commands.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-quick-start-'));
const clone = path.join(work, 'cors-lens');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Step {
  command: string;
  /** The exit status the README's comment promises ("exits 1"), else 0. */
  expectedExit: number;
}

/** The first ```sh block under "## Quick start", one command per line, comments read for "exits N". */
function quickStartSteps(readme: string): Step[] {
  const section = readme.split(/^## Quick start\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Quick start"');
  return block
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => {
      const [command, comment = ''] = line.split(/\s+#\s/, 2);
      return { command: command!.trim(), expectedExit: Number(/\bexits (\d+)/.exec(comment)?.[1] ?? 0) };
    });
}

/** The environment of a new shell: no npm lifecycle variables from the `npm test` running this, no display. */
function freshEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|INIT_CWD$|DISPLAY$|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1' };
}

function sh(command: string, cwd: string, input?: Buffer) {
  const t0 = Date.now();
  const r = spawnSync('bash', ['-c', command], { cwd, env: freshEnv(), input, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  const out = `${r.stdout?.toString('utf8') ?? ''}${r.stderr?.toString('utf8') ?? ''}`;
  return { status: r.status, stdout: r.stdout?.toString('utf8') ?? '', out, seconds: (Date.now() - t0) / 1000 };
}

/** Lines a user would read as a warning (the CLI's report is exempt: "warning" is a verdict there). */
const WARNING = /^\s*(npm )?warn\b|\bWARN\b|EBADENGINE|PLUGIN_TIMINGS|\(!\)|deprecated|is ignored because/im;

// A source tree without git (an unpacked source zip) has nothing to clone: say so and skip.
const isCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root }).status === 0;
if (!isCheckout) console.warn('skipped — quick-start replay: this source tree is not a git checkout');

describe('the README Quick start, in a fresh clone', () => {
  it.runIf(isCheckout)('runs as written, quietly, and leaves the clone unmodified', { timeout: 30 * 60_000 }, () => {
    const head = sh('git rev-parse HEAD', root).stdout.trim();
    expect(sh(`git clone --quiet "${root}" "${clone}" && git -C "${clone}" checkout --quiet ${head}`, work).status).toBe(0);

    const steps = quickStartSteps(fs.readFileSync(path.join(clone, 'README.md'), 'utf8'));
    expect(steps.map((s) => s.command.split(' ').slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['npm ci', 'npm run', 'npm start']));
    const outputs = new Map<string, string>();
    for (const step of steps) {
      const r = sh(step.command, clone);
      console.log(`quick start: ${step.command} → exit ${r.status} in ${r.seconds.toFixed(0)} s`);
      expect(r.status, `${step.command}\n${r.out.slice(-3000)}`).toBe(step.expectedExit);
      if (!step.command.includes('cors-lens')) expect(r.out, `${step.command} printed a warning`).not.toMatch(WARNING);
      outputs.set(step.command, r.out);
    }

    // npm start (headless here: no display) selected a blocked request and says where the picture is.
    const start = [...outputs].find(([c]) => c.startsWith('npm start'))?.[1] ?? '';
    const shot = /Screenshot of the CORS panel[^\n]*:\n\s+(\S+\.png)/.exec(start)?.[1];
    expect(shot, start.slice(-2000)).toBeDefined();
    expect(fs.statSync(shot!).size).toBeGreaterThan(10_000);
    expect(start).toMatch(/on a blocked request/);
    expect(start).toMatch(/Load unpacked/);

    // The CLI as a Unix tool, from the clone's build.
    const cli = (args: string, input?: Buffer) => sh(`node bin/cors-lens.js ${args}`, clone, input);
    const version = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version as string;
    expect(cli('--version').stdout).toBe(`cors-lens ${version}\n`);
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const text of ['--format', '--browser', '--all', '--include-secrets', '--version', 'Exit status', '  4  ']) expect(help.stdout).toContain(text);
    const har = fs.readFileSync(path.join(clone, 'test/fixtures/har/chrome-basic.har'));
    const fromFile = cli('analyze test/fixtures/har/chrome-basic.har --format json');
    for (const input of [har, gzipSync(har)]) {
      const piped = cli('analyze - --format json', input);
      expect(piped.status).toBe(fromFile.status);
      expect(piped.stdout).toBe(fromFile.stdout);
    }

    // The docs quote this build's bundle sizes.
    const figures = sh('node --import tsx scripts/docs-figures.ts', clone);
    expect(figures.status, figures.out).toBe(0);

    // Nothing tracked was modified or left behind.
    expect(sh('git status --porcelain', clone).stdout).toBe('');
  });
});
