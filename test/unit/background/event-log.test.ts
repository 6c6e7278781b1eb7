/**
 * The write-ahead event log: what one background instance wrote is replayed, in order, by the
 * next; a snapshot's mark retires exactly the entries it includes; a starting instance does not
 * replay its own entries (they are still in its queue).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventLog as EventLogType, LoggedEvent } from '../../../src/background/event-log';
import type { WebRequestDetails } from '../../../src/sources/webrequest';
import { FakeSession } from './support/fake-session';

let session: FakeSession;
let mod: typeof import('../../../src/background/event-log');
beforeEach(async () => {
  session = new FakeSession(Infinity);
  (globalThis as { chrome?: unknown }).chrome = { storage: { session } };
  vi.resetModules();
  mod = await import('../../../src/background/event-log');
});
afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
});

const ev = (id: string): LoggedEvent => ['onBeforeRequest', { requestId: id, url: `http://api.test/${id}`, tabId: 1, timeStamp: 1 } as WebRequestDetails];
const ids = (entries: LoggedEvent[]): string[] => entries.map((e) => (e[0] === 'page-hints' ? 'hints' : e[1].requestId));
const settle = () => new Promise((r) => setTimeout(r, 0));
const logKeys = () => Object.keys(session.data).filter((k) => k.startsWith('cl:wal:'));

describe('EventLog', () => {
  it('replays the entries of earlier instances in the order they were written, page hints included', async () => {
    const first: EventLogType = new mod.EventLog(mod.newInstanceId(1_000, 0.5));
    for (let i = 1; i <= 12; i++) first.append(ev(`a${i}`)); // 12 > 9 and > 10: order is numeric
    first.append(['page-hints', { sender: { tabId: 1, frameId: 0 }, records: [{ kind: 'x' }] }]);
    const second = new mod.EventLog(mod.newInstanceId(2_000, 0.1));
    second.append(ev('b1'));
    await settle();
    const third = new mod.EventLog(mod.newInstanceId(3_000, 0.9));
    third.append(ev('own')); // written before it loaded: still in its own queue, not replayed
    await settle();
    const replay = await third.load();
    expect(ids(replay)).toEqual([...Array.from({ length: 12 }, (_, i) => `a${i + 1}`), 'hints', 'b1']);
  });

  it('a snapshot mark retires exactly the entries it includes', async () => {
    const first = new mod.EventLog(mod.newInstanceId(1_000, 0.5));
    first.append(ev('a1'));
    first.append(ev('a2'));
    const mark = first.mark()!;
    first.append(ev('a3')); // after the snapshot was taken
    await settle();
    session.data[mod.WAL_APPLIED_KEY] = mark;
    await first.trim(mark);
    expect(logKeys()).toHaveLength(1);
    const next = new mod.EventLog(mod.newInstanceId(2_000, 0.5));
    expect(ids(await next.load())).toEqual(['a3']);
    // The next instance's snapshot includes what it replayed: its mark covers the old entry.
    expect(next.mark()! >= logKeys()[0]!).toBe(true);
    await next.trim(next.mark()!);
    expect(logKeys()).toEqual([]);
  });

  it('an entry already applied but not yet deleted (a stop between the two writes) is not replayed', async () => {
    const first = new mod.EventLog(mod.newInstanceId(1_000, 0.5));
    first.append(ev('a1'));
    first.append(ev('a2'));
    await settle();
    session.data[mod.WAL_APPLIED_KEY] = first.mark(); // the snapshot was written, the trim never ran
    const next = new mod.EventLog(mod.newInstanceId(2_000, 0.5));
    expect(ids(await next.load())).toEqual([]);
  });

  it('ignores entries of an unknown shape', async () => {
    session.data['cl:wal:000000000zzzz:00000001'] = [['onBeforeRequest', null], ['nonsense', {}], 'x', ['page-hints', { sender: { tabId: 2 }, records: [] }]];
    session.data['cl:wal:000000001zzzz:00000001'] = { not: 'a list' };
    const log = new mod.EventLog(mod.newInstanceId(5_000, 0.5));
    expect(ids(await log.load())).toEqual(['hints']);
  });
});
