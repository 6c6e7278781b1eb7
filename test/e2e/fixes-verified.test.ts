/**
 * The generated server fixes, executed: for every stack this machine can run, a base app
 * reproduces five failing lab scenarios in real Chromium (each fails with the CorsError the
 * evaluator predicted), then the snippet CORS Lens generated for each scenario — used exactly as
 * rendered, only the base app's own auth and routes added at the renderer's marker — makes the
 * same request pass: no loadingFailed over CDP, and the page reads the body.
 *
 * Then "Fix this server": the five exchanges' merged policy (serverFixes, proven by the evaluator
 * first), rendered once, runs as ONE server that must make all five requests pass.
 *
 * Policies come from the real pipeline: the lab serves each scenario, Chromium runs it, CDP's
 * wire record becomes Observations, and pairExchanges → evaluate → synthesizePolicy → renderAll.
 * In CI a missing stack tool is a failure; locally the stack is skipped with a message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderAll } from '../../src/core/fixes/index';
import { serverFixes } from '../../src/core/server-fix/servers';
import { launchPlainChromium, startPageServer, tempDir, type FixBrowser } from './fixes/browser';
import { captureLabCases, type CapturedCase } from './fixes/capture';
import { runPageRequests, type PageResult } from './fixes/page-requests';
import { hasExecutable, startServer, type RunningServer } from './fixes/processes';
import { RUNNABLE_STACKS } from './fixes/registry';
import { API_PREFIX, baseSpec, fixScenarios } from './fixes/scenarios';
import type { FixCase, StackRun } from './fixes/types';
import { APPS_DIR } from './fixes/types';
import { fixedPortBlock } from './support/fixed-ports';
import { ARTIFACTS_DIR } from './support/paths';

// This file's ports, outside the ephemeral range (support/fixed-ports.ts): the lab during capture, then
// the page on the lab page's port (the origin every policy allows), the shared unfixed upstream,
// the base and fixed servers.
const P0 = fixedPortBlock('fix-stacks');
const PORTS = { page: P0, api: P0 + 1, third: P0 + 2, closed: P0 + 3, upstream: P0 + 20, base: P0 + 10, fixed: P0 + 11, merged: P0 + 16 };
const IN_CI = !!process.env.CI;

interface StackSummary {
  id: string;
  label: string;
  status: 'verified' | 'failed' | 'skipped';
  ms: number;
  before: Record<string, string>;
  after: Record<string, string>;
  note?: string;
}

const apiUrl = (port: number, path: string, nonce: string) => `http://localhost:${port}${path}?n=${encodeURIComponent(nonce)}`;

function describeResult(r: PageResult): string {
  if (r.wire.corsError) return `blocked: ${r.wire.corsError}${r.wire.failedParameter ? ` (${r.wire.failedParameter})` : ''}`;
  if (r.wire.state === 'failed') return `failed: ${r.wire.errorText ?? '?'}`;
  if (r.wire.state === 'pending') return 'no answer recorded';
  return r.page.ok ? `passed: ${r.page.status}` : `page error: ${r.page.error}`;
}

describe('generated CORS fixes pass in real Chromium on real servers', () => {
  let browser: FixBrowser;
  let cases: CapturedCase[] = [];
  let page: { origin: string; close(): Promise<void> } | undefined;
  let upstream: RunningServer | undefined;
  let workRoot = '';
  const summaries: StackSummary[] = [];

  beforeAll(async () => {
    browser = await launchPlainChromium();
    cases = await captureLabCases(browser, fixScenarios(), PORTS);
    page = await startPageServer(PORTS.page);
    await browser.page.goto(`${page.origin}/`);
    workRoot = tempDir('run');
    const spec = baseSpec(cases.map((c) => c.fix));
    fs.writeFileSync(path.join(workRoot, 'base-spec.json'), JSON.stringify(spec, null, 1));
    upstream = await startServer({
      name: 'shared upstream (unfixed node:http app)',
      command: process.execPath,
      args: [path.join(APPS_DIR, 'node', 'node-http-app.mjs'), 'base'],
      cwd: workRoot,
      port: PORTS.upstream,
      env: { BASE_SPEC_FILE: path.join(workRoot, 'base-spec.json'), STACK_ID: 'upstream', PORT: String(PORTS.upstream) },
    });
  }, 60_000);

  afterAll(async () => {
    await upstream?.stop();
    await page?.close();
    await browser?.close();
    if (workRoot) fs.rmSync(workRoot, { recursive: true, force: true });
    if (summaries.length) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS_DIR, 'fixes-verified.json'), JSON.stringify(summaries, null, 1));
      console.log(summaries.map((s) => `${s.status.padEnd(8)} ${String(s.ms).padStart(6)} ms  ${s.label}${s.note ? `  (${s.note})` : ''}`).join('\n'));
    }
  });

  test('the lab captures reproduce the five failures, and the evaluator agrees with Chromium', () => {
    expect(cases.map((c) => c.fix.id)).toHaveLength(5);
    for (const c of cases) {
      expect(c.chromium.corsError, c.fix.id).toBe(c.fix.scenario.expect.corsError);
      expect(c.verdict.outcome, c.fix.id).toBe('blocked');
      expect(c.verdict.chromiumCorsError, c.fix.id).toBe(c.chromium.corsError);
      expect(c.policy.allowOrigins, c.fix.id).toEqual([page!.origin]);
    }
  });

  test('the merged server policy is proven by the evaluator before any stack runs it', () => {
    const fixes = serverFixes(cases.map((c) => ({ exchange: c.exchange, verdict: c.verdict })));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.verified).toEqual({ pass: 5, of: 5, broken: 0 });
  });

  test.for(RUNNABLE_STACKS.map((s) => [s.label, s] as const))('%s', async ([, stack], ctx) => {
    expect(cases, 'the lab capture (beforeAll) produced the five cases').toHaveLength(5);
    const started = Date.now();
    const summary: StackSummary = { id: stack.id, label: stack.label, status: 'failed', ms: 0, before: {}, after: {} };
    summaries.push(summary);
    const missing = [...stack.tools.filter((t) => !hasExecutable(t)), ...(stack.missing?.() ? [stack.missing()!] : [])];
    if (missing.length) {
      const msg = `${stack.label}: missing ${missing.join(', ')} (run .ci/install-stacks.sh as root)`;
      if (IN_CI) throw new Error(msg);
      summary.status = 'skipped';
      summary.note = msg;
      console.warn(`skipped — ${msg}`);
      ctx.skip();
    }

    const run: StackRun = { dir: tempDir(stack.id), specFile: path.join(workRoot, 'base-spec.json'), basePort: PORTS.base, upstream: `127.0.0.1:${PORTS.upstream}` };
    const fixCases: FixCase[] = cases.map((c, i) => {
      const port = PORTS.fixed + i;
      const snippet = renderAll(c.policy, { port, pathPrefix: API_PREFIX, upstream: run.upstream })[stack.id];
      if (!snippet?.code) throw new Error(`${stack.id}: no snippet for ${c.fix.id}: ${snippet?.notes?.join(' ')}`);
      return { fix: c.fix, snippet, port };
    });
    // One server for all five: the "Fix this server" policy, rendered once.
    const [server] = serverFixes(cases.map((c) => ({ exchange: c.exchange, verdict: c.verdict })));
    const mergedSnippet = server && renderAll(server.policy, { port: PORTS.merged, pathPrefix: API_PREFIX, upstream: run.upstream })[stack.id];
    if (!mergedSnippet?.code) throw new Error(`${stack.id}: no merged snippet`);
    const mergedCase: FixCase = { fix: { ...cases[0]!.fix, id: 'merged' as FixCase['fix']['id'] }, snippet: mergedSnippet, port: PORTS.merged };
    const servers: RunningServer[] = [];
    const problems: string[] = [];
    try {
      await stack.prepare?.(run, [...fixCases, mergedCase]);

      // Before: the base app reproduces every failure, with the lab's CorsError (the evaluator's too: first test).
      const base = await stack.startBase(run);
      servers.push(base);
      const before = await runPageRequests(
        browser.page,
        browser.recorder,
        cases.map((c) => ({ key: c.fix.id, url: apiUrl(PORTS.base, c.fix.path, `${stack.id}-before`), request: c.fix.request })),
      );
      await base.stop();
      for (const [i, r] of before.entries()) {
        const expected = cases[i]!.fix.scenario.expect.corsError;
        summary.before[r.key] = describeResult(r);
        if (r.wire.corsError !== expected) problems.push(`before ${r.key}: expected ${expected}, got ${describeResult(r)}\n${base.output()}`);
      }

      // After: each scenario's own snippet on its own port, and the merged one, started together.
      const launched = [...fixCases, mergedCase];
      const fixed = await Promise.allSettled(launched.map((c) => stack.startFixed(run, c)));
      for (const [i, f] of fixed.entries()) {
        if (f.status === 'fulfilled') servers.push(f.value);
        else problems.push(`after ${launched[i]!.fix.id}: the fixed server did not start: ${String(f.reason).slice(0, 3000)}`);
      }
      // Every scenario against its own fixed server, then all five against the merged server.
      const targets = [
        ...fixCases.map((c) => ({ ...c, key: c.fix.id })),
        ...fixCases.map((c) => ({ ...c, key: `merged:${c.fix.id}`, port: PORTS.merged, snippet: mergedSnippet })),
      ];
      const after = await runPageRequests(
        browser.page,
        browser.recorder,
        targets.map((c) => ({ key: c.key, url: apiUrl(c.port, c.fix.path, `${stack.id}-after`), request: c.fix.request })),
      );
      for (const [i, r] of after.entries()) {
        summary.after[r.key] = describeResult(r);
        const bodyOk = r.page.ok && r.page.status === 200 && /"ok":\s*true/.test(r.page.body);
        if (r.wire.state !== 'finished' || r.wire.corsError !== null || !bodyOk) {
          const server = servers.find((s) => s.port === targets[i]!.port);
          problems.push(`after ${r.key}: ${describeResult(r)} ${r.page.ok ? r.page.body.slice(0, 200) : ''}\n--- snippet ---\n${targets[i]!.snippet.code}\n--- server output ---\n${server?.output() ?? ''}`);
        }
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      fs.rmSync(run.dir, { recursive: true, force: true });
      summary.ms = Date.now() - started;
    }
    summary.status = problems.length ? 'failed' : 'verified';
    expect(problems).toEqual([]);
  });
});
