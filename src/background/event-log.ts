/**
 * A write-ahead log of what the background is told (webRequest events, page hints) in
 * `storage.session`, so a background stopped between two snapshots loses nothing. The snapshot
 * (persistence.ts) is debounced; a service worker stopped inside that delay (DevTools' "stop", an
 * update, a crash, a forced stop during a burst) or a Firefox event page suspended before it used
 * to come back with its last requests missing or stuck "in flight" (test/e2e/capture-lifecycle).
 *
 * Every entry is written at once, when the browser delivers it — also while the saved state is
 * still loading: a worker woken by a request and stopped again before it finished loading used to
 * lose that request, whose events waited in memory only.
 *
 * Keys sort in the order written, across instances: `cl:wal:<instance>:<n>`, where the instance
 * id starts with the time the background started. Each snapshot records the last key it includes
 * (`cl:wal-applied`); entries up to it are then deleted. On start the background loads the
 * snapshot and replays the newer entries of earlier instances (its own are still in its queue);
 * replaying an event the snapshot already holds changes nothing (the collector ignores repeats).
 */
import { sessionGet, sessionRemove, sessionSet } from '../platform/storage';
import { isWebRequestEvent, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';
import type { PageHintSender } from './recorder';

const ENTRY_PREFIX = 'cl:wal:';
/** Written with each snapshot: every log entry whose key sorts up to this one is in it. */
export const WAL_APPLIED_KEY = 'cl:wal-applied';

export type LoggedEvent =
  | [WebRequestEventName, WebRequestDetails]
  /** Page hints from the relay content script, with the sender the browser reported. */
  | ['page-hints', { sender: PageHintSender; records: unknown }];

/** Fixed-width base-36, so that string order is numeric order. */
const fixed = (n: number, width: number): string => n.toString(36).padStart(width, '0');

export function newInstanceId(now = Date.now(), random = Math.random()): string {
  return fixed(now, 9) + fixed(Math.floor(random * 36 ** 4), 4);
}

export class EventLog {
  private seq = 0;
  /** Keys in storage (loaded or written), oldest first. */
  private readonly written: string[] = [];
  /** The newest key this instance knows of: what a snapshot taken now includes. */
  private last: string | undefined;

  constructor(
    private readonly instance = newInstanceId(),
    /** Called when a snapshot has claimed the log (per-tab log allowances start over: hint-budget.ts). */
    private readonly onTrim: () => void = () => undefined,
  ) {}

  /**
   * Writes the entry at once. `fits`, when given, sees the entry's size first and may refuse it
   * (a tab over its event-log allowance); returns whether the entry was logged.
   */
  append(entry: LoggedEvent, fits?: (chars: number) => boolean): boolean {
    // As one JSON string: storage converts a string at a fraction of the cost of the object tree
    // (every header a nested value), in the worker and in the browser (bench/page-overhead.ts).
    const value = JSON.stringify([entry]);
    if (fits && !fits(value.length)) return false;
    // One storage call per entry, issued before the handler returns: any delay (a 0 ms timer, a
    // 50 ms batch) lost the last events of a burst when the worker was stopped right after.
    const key = `${ENTRY_PREFIX}${this.instance}:${fixed(++this.seq, 8)}`;
    this.written.push(key);
    this.last = key;
    sessionSet({ [key]: value }).catch((error: unknown) => {
      // Over quota or gone: the debounced snapshot still saves the state.
      console.warn('[CORS Lens] could not log events', error);
    });
    return true;
  }

  /**
   * The mark a snapshot taken now can claim. Call it only once every appended entry has been
   * applied to the recorder (main.ts creates the persister after the start-up queue is drained).
   */
  mark(): string | undefined {
    return this.last;
  }

  /** A snapshot including entries up to `mark` was saved: drop them. */
  async trim(mark: string): Promise<void> {
    const gone: string[] = [];
    while (this.written.length > 0 && (this.written[0] as string) <= mark) gone.push(this.written.shift() as string);
    this.onTrim();
    if (gone.length > 0) await sessionRemove(gone);
  }

  /** Entries of earlier instances newer than the last snapshot, in order (background start). */
  async load(): Promise<LoggedEvent[]> {
    const all = await sessionGet<unknown>(null);
    const applied = typeof all[WAL_APPLIED_KEY] === 'string' ? (all[WAL_APPLIED_KEY] as string) : '';
    const mine = `${ENTRY_PREFIX}${this.instance}:`;
    const keys = Object.keys(all)
      .filter((k) => k.startsWith(ENTRY_PREFIX) && !k.startsWith(mine))
      .sort();
    const replay: LoggedEvent[] = [];
    for (const key of keys) {
      if (key > applied) for (const e of asEntries(all[key])) replay.push(e);
    }
    // Older than anything this instance writes: they go first when trimmed.
    this.written.unshift(...keys);
    if (keys.length > 0 && (this.last === undefined || (keys.at(-1) as string) > this.last)) this.last = keys.at(-1);
    return replay;
  }
}

/** What storage holds under a log key, validated (storage is ours, but may hold an older format). */
function asEntries(stored: unknown): LoggedEvent[] {
  const value = typeof stored === 'string' ? parseJson(stored) : stored;
  if (!Array.isArray(value)) return [];
  const out: LoggedEvent[] = [];
  for (const e of value) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !e[1] || typeof e[1] !== 'object') continue;
    if (isWebRequestEvent(e[0])) out.push([e[0], e[1] as WebRequestDetails]);
    else if (e[0] === 'page-hints') out.push(['page-hints', e[1] as { sender: PageHintSender; records: unknown }]);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
