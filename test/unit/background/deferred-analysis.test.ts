import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../../src/core/model';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import type { TabChanges } from '../../../src/background/tab-store';
import { TabStore } from '../../../src/background/tab-store';
import { chromiumCases } from '../sources/webrequest-fixtures';

const TAB = 212907849;
const events = Object.values(chromiumCases()).flat();

/** Counts the analyses (and the observations each re-paired) a recording costs. */
function countingAnalyzer() {
  const calls: number[] = [];
  const fn = (obs: Observation[]) => {
    calls.push(obs.length);
    return analyze(obs, { browser: 'chrome' });
  };
  return { fn, calls };
}

class Mirror implements RecorderListener {
  readonly rows = new Map<string, AnalyzedExchange>();
  reports = 0;
  changed(_tabId: number, c: TabChanges): void {
    this.reports++;
    for (const id of c.removedIds) this.rows.delete(id);
    for (const a of c.upserts) this.rows.set(a.exchange.id, a);
  }
  cleared(): void {
    this.rows.clear();
  }
  status(): void {}
}

/** A scheduler as the recorder requires one: one pending run however often it is asked (as main.ts's keyed Throttle task). */
const oneRun = (runs: Array<() => void>) => (run: () => void) => {
  if (runs.length === 0) runs.push(run);
  else runs[0] = run;
};

const verdicts = (list: AnalyzedExchange[]) => list.map((a) => `${a.exchange.id} ${a.verdict.outcome} ${a.verdict.reason ?? ''}`).sort();

describe('Recorder: analysis deferred to one run per batch', () => {
  it('analyses a whole batch of events once and reports the same exchanges as analysing each event', () => {
    const eager = countingAnalyzer();
    const eagerMirror = new Mirror();
    const eagerRecorder = new Recorder(eager.fn, eagerMirror);
    for (const [ev, d] of events) eagerRecorder.handle(ev, d);

    const lazy = countingAnalyzer();
    const lazyMirror = new Mirror();
    const runs: Array<() => void> = [];
    const recorder = new Recorder(lazy.fn, lazyMirror, { defer: oneRun(runs) });
    for (const [ev, d] of events) recorder.handle(ev, d);
    // Nothing analysed or reported while the batch is open; one run is scheduled, not one per event.
    expect(lazy.calls).toEqual([]);
    expect(lazyMirror.reports).toBe(0);
    expect(runs).toHaveLength(1);
    runs[0]!();
    expect(lazy.calls.length).toBe(1);
    expect(eager.calls.length).toBeGreaterThan(events.length / 2);
    expect(verdicts([...lazyMirror.rows.values()])).toEqual(verdicts([...eagerMirror.rows.values()]));
    expect(verdicts(recorder.tab(TAB)!.list())).toEqual(verdicts(eagerRecorder.tab(TAB)!.list()));
  });

  it('answers reads with the current exchanges before the run, and still reports them at the run', () => {
    const lazyMirror = new Mirror();
    const runs: Array<() => void> = [];
    const recorder = new Recorder(countingAnalyzer().fn, lazyMirror, { defer: oneRun(runs) });
    for (const [ev, d] of events) recorder.handle(ev, d);
    const store = recorder.tab(TAB)!;
    // A snapshot, the badge or a save reads the store: it analyses what was staged.
    const listed = store.list();
    expect(listed.length).toBeGreaterThan(0);
    expect(store.size).toBe(listed.length);
    expect(store.blockedCount()).toBe(listed.filter((a) => a.verdict.outcome === 'blocked').length);
    expect(lazyMirror.reports).toBe(0);
    runs.shift()!();
    expect(verdicts([...lazyMirror.rows.values()])).toEqual(verdicts(listed));
    // A run with nothing new reports nothing.
    recorder.reportDue();
    expect(lazyMirror.reports).toBe(1);
  });

  it('schedules a new run for events after the last one', () => {
    const runs: Array<() => void> = [];
    const mirror = new Mirror();
    const recorder = new Recorder(countingAnalyzer().fn, mirror, { defer: oneRun(runs) });
    const half = Math.floor(events.length / 2);
    for (const [ev, d] of events.slice(0, half)) recorder.handle(ev, d);
    runs.shift()!();
    for (const [ev, d] of events.slice(half)) recorder.handle(ev, d);
    expect(runs).toHaveLength(1);
    runs.shift()!();
    expect(verdicts([...mirror.rows.values()])).toEqual(verdicts(recorder.tab(TAB)!.list()));
  });
});

describe('TabStore: staged changes', () => {
  const store = () => new TabStore((obs) => analyze(obs, { browser: 'chrome' }), { maxExchanges: 2 });
  const obs = (n: number): Observation => ({ id: `o${n}`, source: 'webrequest', chainId: `c${n}`, hopIndex: 0, url: `https://api.test/${n}`, method: 'GET', startTime: n, seq: n, initiatorOrigin: 'http://localhost:5173', status: 200, responseHeaders: [], resourceType: 'xmlhttprequest' });

  it('counts exchanges dropped for the bound by staged observations when read', () => {
    const s = store();
    s.stage([obs(1), obs(2), obs(3)]);
    expect(s.dropped).toBe(1);
    const changes = s.takeChanges();
    expect(changes.upserts.map((a) => a.exchange.url)).toEqual(['https://api.test/2', 'https://api.test/3']);
    expect(s.takeChanges()).toEqual({ upserts: [], removedIds: [] });
  });

  it('merges changes across analyses until they are taken: a removal after an upsert wins', () => {
    const s = store();
    s.stage([obs(1)]);
    expect(s.size).toBe(1); // analysed by the read, not taken
    const id = s.list()[0]!.exchange.id;
    s.stage([], ['o1']);
    const changes = s.takeChanges();
    expect(changes.upserts).toEqual([]);
    expect(changes.removedIds).toEqual([id]);
  });

  it('forgets untaken changes when the list is cleared', () => {
    const s = store();
    s.stage([obs(1)]);
    expect(s.size).toBe(1);
    s.clear(10);
    expect(s.takeChanges()).toEqual({ upserts: [], removedIds: [] });
    expect(s.size).toBe(0);
  });
});
