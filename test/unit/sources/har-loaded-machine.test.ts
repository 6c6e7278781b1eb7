/**
 * Firefox's own HAR (devtools.network.getHAR) of a lab run, read while four busy loops loaded the
 * machine (the firefox-panel e2e test, `npm run test:stress`). Firefox exports some entries whose
 * response headers are in but whose status is 0 (`httpVersion: ""`): under load until it catches
 * up, and after a large burst for good. The fixture keeps the 19 runs that had such entries, all hops.
 * The core must give each run the verdict Firefox itself gave on a quiet machine
 * (test/fixtures/lab-observed/firefox.json), not "preflight did not succeed" for a status 0.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { scenarioById } from '../../../src/lab/scenarios/index';
import { harToObservations } from '../../../src/sources/har';

const read = (rel: string): unknown => JSON.parse(fs.readFileSync(new URL(`../../fixtures/${rel}`, import.meta.url), 'utf8'));
const observed = (read('lab-observed/firefox.json') as { scenarios: Record<string, { outcome: string; firefoxKeys: string[] }> }).scenarios;
const scenarioId = (url: string) => /\/s\/([a-z0-9-]+)\//.exec(url)?.[1];

describe('Firefox HAR exported on a loaded machine (status 0 with response headers)', () => {
  const imported = harToObservations(read('har/firefox-lab-loaded-machine.har'));

  it('reads such an entry as a response whose status is unknown, and says how many', () => {
    const unrecorded = imported.observations.filter((o) => o.statusUnrecorded);
    expect(unrecorded).toHaveLength(21);
    expect(unrecorded.every((o) => o.status === undefined && (o.responseHeaders?.length ?? 0) > 0)).toBe(true);
    expect(imported.warnings).toEqual(['21 entries have response headers but no status (Firefox’s getHAR() leaves some at 0): checked by their headers']);
  });

  // A HAR carries no credentials mode, and Firefox records a CORS block as a normal completion: a
  // credentialed request refused for '*' cannot be told from an allowed one (as in firefox-panel's check).
  it('every run gets the verdict Firefox gave (credentialed runs aside)', () => {
    const all = analyze(imported.observations, { browser: 'firefox' }).filter((a) => scenarioId(a.exchange.url) !== undefined);
    expect(all).toHaveLength(19);
    const runs = all.filter((a) => scenarioById(scenarioId(a.exchange.url)!)?.request.credentials !== 'include');
    expect(runs).toHaveLength(18);
    const got = runs.map((a) => `${scenarioId(a.exchange.url)}: ${a.verdict.outcome} ${JSON.stringify(a.verdict.engines.firefox.firefoxKeys ?? [])}`);
    const want = runs.map((a) => {
      const id = scenarioId(a.exchange.url)!;
      return `${id}: ${observed[id]!.outcome} ${JSON.stringify(observed[id]!.firefoxKeys)}`;
    });
    expect(got).toEqual(want);
  });

  it('the preflights among them pass on their headers, and the verdict says their status is unknown', () => {
    const preflighted = analyze(imported.observations, { browser: 'firefox' }).filter((a) => /data-frame-preflight-ok|healthy-acah-case-insensitive/.test(a.exchange.url));
    expect(preflighted.map((a) => a.verdict.outcome)).toEqual(['allowed', 'allowed']);
    for (const a of preflighted) expect(a.verdict.explanation).toMatch(/not its status/);
  });

  it('status 0 without any response header is still "no response"', () => {
    const { observations } = harToObservations({
      log: { creator: { name: 'Firefox', version: '153.8.0' }, pages: [], entries: [{ startedDateTime: '2026-01-01T00:00:00.000Z', time: 1, request: { method: 'GET', url: 'http://api.test/x', headers: [] }, response: { status: 0, statusText: '', httpVersion: '', headers: [], redirectURL: '' } }] },
    });
    expect(observations[0]).toMatchObject({ status: 0 });
    expect(observations[0]!.statusUnrecorded).toBeUndefined();
  });
});
