#!/usr/bin/env node
// `npm test`: typecheck, lint, build, unit tests, then the real-browser tests, and a closing
// "N passed, N failed" line summed over both Vitest projects (CI reads that line).
// Every stage runs even after a failure so one red run shows everything that is wrong;
// the exit code is non-zero if any stage failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedCount } from './test-totals.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'artifacts', 'test-reports');
fs.mkdirSync(reports, { recursive: true });

const failedStages = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function stage(name, command, args) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failedStages.push(name);
  return result.status === 0;
}

function vitest(project) {
  const report = path.join(reports, `${project}.json`);
  fs.rmSync(report, { force: true });
  stage(`${project} tests`, 'npx', [
    'vitest', 'run', '--project', project,
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ]);
  if (!fs.existsSync(report)) {
    totals.failed += 1; // the runner died before reporting: count it, never hide it
    return;
  }
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  totals.passed += json.numPassedTests ?? 0;
  totals.failed += failedCount(json);
  totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}

const typed = stage('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const linted = stage('lint', 'npm', ['run', '-s', 'lint']);
const built = stage('build', 'npm', ['run', 'build']);
vitest('unit');
if (built) vitest('e2e');
else console.log('\n▶ e2e tests skipped: the build failed');
if (!typed) totals.failed += 1;
if (!linted) totals.failed += 1;

console.log(`\n${failedStages.length ? `failed stages: ${failedStages.join(', ')}` : 'all stages passed'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = failedStages.length ? 1 : 0;
