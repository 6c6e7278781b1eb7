#!/usr/bin/env node
// `npm run test:stress`: the whole `npm test`, three times in a row, while CPU-bound busy loops
// run beside it (a loaded laptop: IDE, bundler, Docker). Starts the load itself and stops it
// itself — after the runs, on a failure, on Ctrl-C — and reports each run's closing line and time.
//
//   npm run test:stress                                  4 busy loops, 3 × npm test
//   npm run test:stress -- --loops 2 --runs 1 -- npx vitest run --project e2e test/e2e/capture-lifecycle-chromium.test.ts
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parse(argv) {
  const options = { loops: 4, runs: 3, command: ['npm', 'test'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      if (i + 1 < argv.length) options.command = argv.slice(i + 1);
      break;
    }
    if (a === '--loops' || a === '--runs') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      options[a.slice(2)] = n;
    } else throw new Error(`unknown option ${a} (use --loops N, --runs N, -- command…)`);
  }
  return options;
}

/** One busy loop: a child process spinning on one core until killed. */
function startLoad(count) {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function stopLoad(loops) {
  for (const child of loops) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Runs the command, echoing its output; resolves with its exit code, duration and closing line. */
function run(command) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command[0], command.slice(1), { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    current = child;
    let tail = '';
    const keep = (chunk, out) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    child.on('close', (code, signal) => {
      current = undefined;
            const plain = tail.replace(/\u001b\[[0-9;]*m/g, '');
      const lines = plain.split('\n');
      // npm test's own closing line; for a bare vitest command, its "Tests" line.
      const closing = lines.filter((l) => l.startsWith('tests: ')).at(-1) ?? lines.filter((l) => /^\s*Tests\s/.test(l)).at(-1)?.trim() ?? '(no closing line)';
      resolve({ code: code ?? (signal ? 128 : 1), ms: Date.now() - t0, closing });
    });
  });
}

let current;
let loops = [];
const cleanUp = () => {
  stopLoad(loops);
  current?.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanUp();
    process.stderr.write(`\ntest:stress: ${signal}, load stopped\n`);
    process.exit(130);
  });
}
process.on('exit', cleanUp);

const options = parse(process.argv.slice(2));
loops = startLoad(options.loops);
console.log(`test:stress: ${options.loops} busy loops (pids ${loops.map((c) => c.pid).join(', ')}), ${options.runs} × ${options.command.join(' ')}`);
const results = [];
try {
  for (let i = 1; i <= options.runs; i++) {
    console.log(`\n━━ test:stress run ${i}/${options.runs} ━━`);
    const result = await run(options.command);
    results.push(result);
    // Three green runs in a row are the proof: after a red one, stop (and stop the load).
    if (result.code !== 0) break;
  }
} finally {
  stopLoad(loops);
}
console.log(`\ntest:stress: ${options.loops} busy loops, load stopped`);
results.forEach((r, i) => console.log(`run ${i + 1}: ${r.closing} — exit ${r.code}, ${(r.ms / 1000).toFixed(0)} s`));
process.exitCode = results.length === options.runs && results.every((r) => r.code === 0) ? 0 : 1;
