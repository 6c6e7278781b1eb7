/**
 * A write-ahead log of webRequest events in `storage.session`, so a background stopped between two
 * snapshots loses nothing. The snapshot (persistence.ts) is debounced by half a second; a service
 * worker stopped inside that half second (DevTools' "stop", an update, a crash, a forced stop
 * during a burst) used to come back with its last requests missing or stuck "in flight" forever,
 * because their remaining events had already been delivered to the old instance (found by
 * test/e2e/capture-lifecycle.test.ts).
 *
 * Every handled event is written here at once, before its handler returns. Each snapshot records
 * the last log entry it includes (`cl:wal-applied`); entries up to it are then deleted. On start the
 * background loads the snapshot and replays the newer entries; replaying an event the snapshot
 * already holds changes nothing (the collector ignores exact repeats).
 */
import { sessionGet, sessionRemove, sessionSet } from '../platform/storage';
import { isWebRequestEvent, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';

const ENTRY_PREFIX = 'cl:wal:';
/** Written with each snapshot: every log entry up to this number is in it. */
export const WAL_APPLIED_KEY = 'cl:wal-applied';

export type LoggedEvent = [WebRequestEventName, WebRequestDetails];

export class EventLog {
  private pending: LoggedEvent[] = [];
  /** Number of the last entry written (or being written). */
  private seq = 0;
  /** Entries in storage, oldest first. */
  private readonly written: number[] = [];

  append(event: WebRequestEventName, details: WebRequestDetails): void {
    this.pending.push([event, details]);
    // Written at once, one storage call per event: any delay (a 0 ms timer, a 50 ms batch) lost
    // the last events of a burst when the worker was stopped right after handling them
    // (capture-lifecycle e2e). The call is issued before the handler returns.
    this.write();
  }

  /** The mark a snapshot taken now can claim: every entry written so far. */
  mark(): number {
    return this.seq;
  }

  /** A snapshot including entries up to `mark` was saved: drop them. */
  async trim(mark: number): Promise<void> {
    const gone: string[] = [];
    while (this.written.length > 0 && (this.written[0] as number) <= mark) gone.push(ENTRY_PREFIX + String(this.written.shift()));
    if (gone.length > 0) await sessionRemove(gone);
  }

  /** Entries newer than the last snapshot, in order (background start); continues numbering after them. */
  async load(): Promise<LoggedEvent[]> {
    const all = await sessionGet<unknown>(null);
    const applied = Number(all[WAL_APPLIED_KEY] ?? 0) || 0;
    const entries: Array<{ n: number; events: unknown }> = [];
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(ENTRY_PREFIX)) continue;
      const n = Number(key.slice(ENTRY_PREFIX.length));
      if (Number.isInteger(n)) entries.push({ n, events: value });
    }
    entries.sort((a, b) => a.n - b.n);
    const replay: LoggedEvent[] = [];
    for (const { n, events } of entries) {
      this.seq = Math.max(this.seq, n);
      this.written.push(n);
      if (n <= applied || !Array.isArray(events)) continue;
      for (const e of events) {
        if (Array.isArray(e) && typeof e[0] === 'string' && isWebRequestEvent(e[0]) && e[1] && typeof e[1] === 'object') {
          replay.push([e[0], e[1] as WebRequestDetails]);
        }
      }
    }
    this.seq = Math.max(this.seq, applied);
    return replay;
  }

  private write(): void {
    if (this.pending.length === 0) return;
    const n = ++this.seq;
    const batch = this.pending;
    this.pending = [];
    this.written.push(n);
    sessionSet({ [ENTRY_PREFIX + String(n)]: batch }).catch((error: unknown) => {
      // Over quota or gone: the debounced snapshot still saves the state.
      console.warn('[CORS Lens] could not log events', error);
    });
  }
}
