/**
 * DevTools' own HAR of a lab run in real Chromium (test/e2e/chromium-panel.test.ts wrote it; 221/221
 * verdicts agreed with Chromium's). A loaded machine dates preflights 330–750 ms after their
 * request: replaying the same run with every preflight shifted like that must change nothing.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze';
import { harToObservations } from '../../../../src/sources/har';
import { rng } from '../../support/observations';

type Entry = { startedDateTime: string; _resourceType?: string; request: { url: string } };
type Log = { entries: Entry[]; pages?: unknown[] };
const recorded = JSON.parse(fs.readFileSync(new URL('../../../fixtures/har/chromium-lab-run.har', import.meta.url), 'utf8')) as { log: Log };

function verdicts(log: Log): string[] {
  const { observations } = harToObservations({ log });
  return analyze(observations, { browser: 'chrome' })
    .map((a) => `${a.exchange.url} ${a.exchange.hops.length} ${a.verdict.outcome} ${a.verdict.chromiumCorsError ?? ''}`)
    .sort();
}

function shifted(minMs: number, maxMs: number, seed: number): Log {
  const random = rng(seed);
  const entries = structuredClone(recorded.log.entries).map((e) => {
    if (e._resourceType !== 'preflight') return e;
    const lag = minMs + Math.floor(random() * (maxMs - minMs));
    return { ...e, startedDateTime: new Date(Date.parse(e.startedDateTime) + lag).toISOString() };
  });
  return { ...recorded.log, entries };
}

describe('a Chromium lab-run HAR replayed with preflights dated late', () => {
  const baseline = verdicts(recorded.log);

  it('pairs every recorded preflight (no exchange made of a preflight alone)', () => {
    const { observations } = harToObservations(recorded);
    const orphans = analyze(observations, { browser: 'chrome', includeSameOrigin: true }).filter((a) => a.exchange.id.endsWith(':actual'));
    expect(orphans.map((a) => a.exchange.url)).toEqual([]);
    expect(baseline.length).toBeGreaterThanOrEqual(200);
  });

  for (const [min, max] of [[330, 750], [1_000, 10_000]] as const) {
    it(`gives the same verdicts with every preflight shifted ${min}–${max} ms later`, () => {
      for (const seed of [1, 2, 3]) expect(verdicts(shifted(min, max, seed))).toEqual(baseline);
    });
  }

  it('gives the same verdicts with every preflight dated before its request', () => {
    expect(verdicts(shifted(-400, -50, 7))).toEqual(baseline);
  });
});
