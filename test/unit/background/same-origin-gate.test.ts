import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../../src/core/model';
import { Recorder } from '../../../src/background/recorder';
import { SameOriginGate, sameOriginEvent } from '../../../src/background/same-origin-gate';
import type { WebRequestDetails } from '../../../src/sources/webrequest';
import { chromiumCases, firefoxEvents, type RecordedEvent } from '../sources/webrequest-fixtures';

const quiet = { changed() {}, cleared() {}, status() {} };
const analyzer = (browser: 'chrome' | 'firefox') => (obs: Observation[]) => analyze(obs, { browser });

/** Records the events as main.ts does: through the gate (released events first), or straight. */
function record(events: RecordedEvent[], browser: 'chrome' | 'firefox', gated: boolean): { recorder: Recorder; gate: SameOriginGate } {
  const recorder = new Recorder(analyzer(browser), quiet);
  const gate = new SameOriginGate();
  for (const [ev, d] of events) {
    if (!gated) {
      recorder.handle(ev, d);
      continue;
    }
    const verdict = gate.admit(ev, d);
    if (!verdict.pass) {
      recorder.noteSkipped(ev, d);
      continue;
    }
    for (const [e, h] of verdict.release) recorder.handle(e, h);
    recorder.handle(ev, d);
  }
  return { recorder, gate };
}

const verdicts = (list: AnalyzedExchange[] | undefined) =>
  (list ?? []).map((a) => `${a.exchange.id} ${a.exchange.method} ${a.exchange.url} ${a.verdict.outcome} ${a.verdict.reason ?? ''}`).sort();

const base: WebRequestDetails = { requestId: '1', url: 'http://app.test/a.js', method: 'GET', timeStamp: 1, tabId: 3, type: 'script', initiator: 'http://app.test' };

describe('SameOriginGate', () => {
  it('Chromium recording: the same exchanges and verdicts, the same-origin case dropped', () => {
    const all = Object.values(chromiumCases()).flat();
    const straight = record(all, 'chrome', false);
    const gated = record(all, 'chrome', true);
    const tabs = straight.recorder.tabIds();
    expect(tabs.length).toBeGreaterThan(0);
    for (const tab of tabs) expect(verdicts(gated.recorder.tab(tab)?.list())).toEqual(verdicts(straight.recorder.tab(tab)?.list()));
    expect(gated.gate.dropped).toBeGreaterThan(0);
    expect(gated.gate.heldCount()).toBe(0);
  });

  it('Firefox recording, live and grouped by type after a wake: the same exchanges and verdicts', () => {
    const events = firefoxEvents();
    const order = ['onBeforeRequest', 'onBeforeSendHeaders', 'onSendHeaders', 'onHeadersReceived', 'onResponseStarted', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'];
    const grouped = order.flatMap((t) => events.filter(([ev]) => ev === t));
    for (const delivery of [events, grouped]) {
      const straight = record(delivery, 'firefox', false);
      const gated = record(delivery, 'firefox', true);
      for (const tab of straight.recorder.tabIds()) expect(verdicts(gated.recorder.tab(tab)?.list())).toEqual(verdicts(straight.recorder.tab(tab)?.list()));
    }
  });

  it('drops a same-origin request, and its late events, without holding it', () => {
    const gate = new SameOriginGate();
    expect(gate.admit('onBeforeRequest', base).pass).toBe(false);
    expect(gate.admit('onCompleted', { ...base, statusCode: 200 }).pass).toBe(false);
    expect(gate.heldCount()).toBe(0);
    expect(gate.admit('onSendHeaders', { ...base, requestHeaders: [] }).pass).toBe(false);
  });

  it('releases the held events when the request redirects to another origin', () => {
    const gate = new SameOriginGate();
    const hop0: RecordedEvent[] = [
      ['onBeforeRequest', base],
      ['onSendHeaders', { ...base, requestHeaders: [] }],
      ['onBeforeRedirect', { ...base, statusCode: 302, redirectUrl: 'http://api.test/a.js' }],
    ];
    for (const [ev, d] of hop0) expect(gate.admit(ev, d).pass).toBe(false);
    const next = gate.admit('onBeforeRequest', { ...base, url: 'http://api.test/a.js' });
    expect(next).toEqual({ pass: true, release: hop0 });
    // Later events pass, whatever URL they name.
    expect(gate.admit('onCompleted', { ...base, url: 'http://api.test/a.js', statusCode: 200 })).toEqual({ pass: true, release: [] });
    expect(gate.admit('onCompleted', base).pass).toBe(true);
  });

  it('Firefox: an Origin header naming another origin makes a request cross-origin, even after its end', () => {
    const ff: WebRequestDetails = { requestId: '9', url: 'http://b.test/dep.js', method: 'GET', timeStamp: 1, tabId: 1, type: 'script', originUrl: 'http://b.test/mod.js', documentUrl: 'http://a.test/' };
    const gate = new SameOriginGate();
    expect(gate.admit('onBeforeRequest', ff).pass).toBe(false);
    expect(gate.admit('onCompleted', { ...ff, statusCode: 200 }).pass).toBe(false); // grouped: the end before the headers
    const sent = gate.admit('onSendHeaders', { ...ff, requestHeaders: [{ name: 'Origin', value: 'http://a.test' }] });
    expect(sent.pass && sent.release.map(([e]) => e)).toEqual(['onBeforeRequest', 'onCompleted']);
  });

  it("Chrome: the initiator is the requester's origin, judged by core's isUrlOfOrigin (tested there)", () => {
    const chrome = (initiator: string, url: string) => sameOriginEvent({ ...base, initiator, url });
    expect(chrome('http://localhost:5173', 'http://localhost:5173/src/main.tsx?t=1')).toBe(true);
    expect(chrome('http://a.test', 'http://a.test.evil/x')).toBe(false);
    expect(chrome('http://a.test', 'http://a.test:8080/x')).toBe(false);
  });

  it('passes what it cannot judge: opaque or unnamed requesters, documents, unparsable URLs', () => {
    expect(sameOriginEvent({ ...base, initiator: 'null' })).toBe(false);
    expect(sameOriginEvent({ ...base, initiator: 'http://other.test' })).toBe(false);
    expect(sameOriginEvent({ ...base, initiator: undefined } as WebRequestDetails)).toBe(false);
    expect(sameOriginEvent({ ...base, url: 'not a url' })).toBe(false);
    expect(new SameOriginGate().admit('onBeforeRequest', { ...base, type: 'main_frame' }).pass).toBe(true);
  });
});
