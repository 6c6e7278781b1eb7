/**
 * DevTools' own HAR of the LNA and not-CORS lab groups, recorded from Chromium 156 by
 * test/e2e/not-cors-chromium.test.ts (the `public` page made public with
 * --ip-address-space-overrides): the HAR adapter and the evaluator — what the CLI runs — must give
 * every scenario the verdict Chromium gave (the lab's recorded expectation), and the CLI must
 * name Local Network Access.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { scenarioById } from '../../../src/lab/scenarios/index';
import { harToObservations } from '../../../src/sources/har';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = ['chromium-not-cors-main.har', 'chromium-not-cors-coep.har', 'chromium-not-cors-public.har'].map((f) => path.join(root, 'test/fixtures/har', f));

const scenarioOf = (url: string) => scenarioById(/\/s\/([a-z0-9-]+)\//.exec(url)?.[1] ?? '');

describe('DevTools HAR of the LNA and not-CORS groups', () => {
  it.each(FIXTURES.map((f) => [path.basename(f), f] as const))('%s: every exchange gets Chromium’s verdict', (_name, file) => {
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    const analyzed = analyze(harToObservations(har).observations, { browser: 'chrome' }).filter((a) => scenarioOf(a.exchange.url));
    expect(analyzed.length).toBeGreaterThanOrEqual(3);
    const got = analyzed.map((a) => `${scenarioOf(a.exchange.url)!.id}: ${a.verdict.outcome}/${a.verdict.chromiumCorsError}`);
    const want = analyzed.map((a) => {
      const s = scenarioOf(a.exchange.url)!;
      return `${s.id}: ${s.expect.outcome}/${s.expect.corsError}`;
    });
    expect(got).toEqual(want);
    // Not-CORS verdicts never send the developer to the CORS headers.
    const notCors = new Set(['lna-permission-denied', 'corp-blocked', 'coep-blocked', 'orb-corb', 'websocket-no-cors', 'mime-type-refused']);
    const advised = analyzed.filter((a) => notCors.has(a.verdict.reason) && /Access-Control-Allow-Origin: http/.test(a.verdict.explanation));
    expect(advised.map((a) => a.exchange.url)).toEqual([]);
  });

  it('the CLI names Local Network Access and gives no CORS header fix', { timeout: 120_000 }, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', FIXTURES[2]!, '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { exchanges: Array<{ url: string; reason: string; chromiumCorsError: string | null; messages: { chrome: string | null } }> };
    const lna = out.exchanges.filter((e) => e.url.includes('/s/lna-') && !e.url.startsWith('ws:'));
    expect(lna.length).toBeGreaterThanOrEqual(5);
    for (const e of lna) {
      expect([e.reason, e.chromiumCorsError]).toEqual(['lna-permission-denied', 'LocalNetworkAccessPermissionDenied']);
      expect(e.messages.chrome).toMatch(/Permission was denied for this request to access the `loopback` address space\.$/);
    }
  });
});
