/**
 * Chrome's listeners leave scripts, styles, images, fonts and media out of onBeforeRequest
 * (platform/webrequest.ts, issue 13): the collector then hears such a request from onSendHeaders
 * on. Checked on the requests recorded in real Chromium, retyped as scripts: the same
 * observations as with onBeforeRequest, dated by onSendHeaders, and none marked as having lost
 * events; a request that really lost its start is still marked.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/model';
import { WebRequestCollector, type FirstEventOf } from '../../../src/sources/webrequest';
import { WorkerAttribution } from '../../../src/background/worker-attribution';
import { chromiumCases, type RecordedEvent } from './webrequest-fixtures';

const scriptsFromSendHeaders: FirstEventOf = (type) => (type === 'script' ? 'onSendHeaders' : 'onBeforeRequest');

function observe(events: RecordedEvent[], firstEventOf?: FirstEventOf): Array<Omit<Observation, 'seq' | 'startTime'>> {
  const c = new WebRequestCollector(undefined, firstEventOf ? { firstEventOf } : {});
  for (const [event, details] of events) c.handle(event, details);
  return c
    .observations()
    .map(({ seq: _seq, startTime: _start, ...o }) => o)
    .sort((a, b) => a.id.localeCompare(b.id));
}

const asScripts = (events: RecordedEvent[]): RecordedEvent[] => events.map(([event, d]) => [event, { ...d, type: 'script' }]);
const withoutStart = (events: RecordedEvent[]): RecordedEvent[] => events.filter(([event]) => event !== 'onBeforeRequest');

describe('a request heard from onSendHeaders on', () => {
  const cases = Object.entries(chromiumCases());

  it('gives the observations onBeforeRequest would have, none marked as having lost events (every recorded Chromium case)', () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const [name, events] of cases) {
      const full = observe(asScripts(events));
      const heard = observe(withoutStart(asScripts(events)), scriptsFromSendHeaders);
      expect(heard, name).toEqual(full);
      expect(heard.filter((o) => o.captureGap !== undefined), name).toEqual([]);
    }
  });

  it('is dated by its onSendHeaders (onBeforeSendHeaders is not listened to either)', () => {
    const single = ([, evs]: [string, RecordedEvent[]]) => evs.some(([e]) => e === 'onCompleted') && new Set(evs.map(([, d]) => d.requestId)).size === 1;
    const [, events] = cases.find(single) ?? ['', []];
    const scripts = withoutStart(asScripts(events)).filter(([e]) => e !== 'onBeforeSendHeaders');
    const c = new WebRequestCollector(undefined, { firstEventOf: scriptsFromSendHeaders });
    for (const [event, details] of scripts) c.handle(event, details);
    const sent = scripts.find(([e]) => e === 'onSendHeaders')?.[1].timeStamp;
    expect(sent).toBeDefined();
    expect(c.observations()[0]?.startTime).toBe(sent);
  });

  it('one that got a response without its onSendHeaders lost events: marked missed-start, cleared when it arrives late', () => {
    const [, events] = cases.find(([name]) => name === 'a_no_acao') ?? ['', []];
    const scripts = withoutStart(asScripts(events));
    const sendHeaders = scripts.filter(([e]) => e === 'onSendHeaders');
    expect(sendHeaders.length).toBeGreaterThan(0);
    const c = new WebRequestCollector(undefined, { firstEventOf: scriptsFromSendHeaders });
    for (const [event, details] of scripts.filter(([e]) => e !== 'onSendHeaders')) c.handle(event, details);
    expect(c.observations().map((o) => o.captureGap)).toEqual(['missed-start']);
    for (const [event, details] of sendHeaders) c.handle(event, details);
    expect(c.observations().map((o) => o.captureGap)).toEqual([undefined]);
  });

  it('one that ended in an error before sending its headers (another extension blocked it) is not marked', () => {
    const d = { requestId: '7', url: 'http://cdn.test/a.js', method: 'GET', type: 'script', tabId: 1, frameId: 0, initiator: 'http://page.test', timeStamp: 5 };
    const c = new WebRequestCollector(undefined, { firstEventOf: scriptsFromSendHeaders });
    c.handle('onErrorOccurred', { ...d, error: 'net::ERR_BLOCKED_BY_CLIENT' });
    expect(c.observations()).toMatchObject([{ error: 'net::ERR_BLOCKED_BY_CLIENT', startTime: 5 }]);
    expect(c.observations()[0]?.captureGap).toBeUndefined();
    // The same without the rule: its onBeforeRequest was lost.
    const strict = new WebRequestCollector();
    strict.handle('onErrorOccurred', { ...d, error: 'net::ERR_BLOCKED_BY_CLIENT' });
    expect(strict.observations()[0]?.captureGap).toBe('missed-start');
  });

  it("after a restart, one that then completes with its onSendHeaders and response headers is proven complete", () => {
    const [, events] = cases.find(([, evs]) => evs.every(([e]) => e !== 'onErrorOccurred') && evs.some(([e]) => e === 'onCompleted')) ?? ['', []];
    const scripts = withoutStart(asScripts(events));
    const c = new WebRequestCollector(undefined, { firstEventOf: scriptsFromSendHeaders });
    c.handle(...scripts[0]!);
    c.markInFlightGaps();
    expect(c.observations().some((o) => o.captureGap === 'restart')).toBe(true);
    for (const [event, details] of scripts.slice(1)) c.handle(event, details);
    expect(c.observations().filter((o) => o.captureGap !== undefined)).toEqual([]);
  });

  it("a tab's documents are learnt from a script's first event", () => {
    const workers = new WorkerAttribution(scriptsFromSendHeaders);
    const d = { requestId: '8', url: 'http://cdn.test/a.js', method: 'GET', type: 'script', tabId: 3, frameId: 0, initiator: 'http://page.test', timeStamp: 1 };
    workers.noteTabEvent('onSendHeaders', d);
    expect([...workers.originsOf(3)]).toEqual(['http://page.test']);
    const strict = new WorkerAttribution();
    strict.noteTabEvent('onSendHeaders', d);
    expect([...strict.originsOf(3)]).toEqual([]);
  });
});
