/**
 * Saves the recorder to `storage.session` (debounced, only what changed) and loads it back on
 * start, so a service-worker restart or an event-page suspension loses nothing.
 *
 * Keys: `cl:collector` (in-flight requests), `cl:tab:<id>` (one tab's observations and flags, in
 * the compact form of stored-tab.ts), `cl:tabs` (the tab ids that have a key). Verdicts are not
 * stored: they are recomputed.
 *
 * The storage quota never shrinks what is in memory (each tab keeps its 5,000 exchanges there).
 * When storage is full, a tab's key holds its newest exchanges that fit, and says how many older
 * ones it left out; a restart restores those and counts the rest as dropped.
 */
import { sessionGet, sessionRemove, sessionSet } from '../platform/storage';
import { WAL_APPLIED_KEY, type EventLog } from './event-log';
import type { PersistedRecorder, Recorder } from './recorder';
import { decodeTab, encodeTab, type EncodedTab } from './stored-tab';
import type { PersistedTab } from './tab-store';

const COLLECTOR_KEY = 'cl:collector';
const TABS_KEY = 'cl:tabs';
const tabKey = (tabId: number) => `cl:tab:${tabId}`;

export async function loadRecorderState(): Promise<Partial<PersistedRecorder>> {
  const { [TABS_KEY]: ids } = await sessionGet<number[]>([TABS_KEY]);
  const tabIds = Array.isArray(ids) ? ids : [];
  const stored = await sessionGet<unknown>([COLLECTOR_KEY, ...tabIds.map(tabKey)]);
  const tabs: Record<string, PersistedTab> = {};
  for (const id of tabIds) {
    const t = decodeTab(id, stored[tabKey(id)]);
    if (t) tabs[id] = t;
  }
  // Saved as a JSON string (cheaper to write than the object tree); older saves hold the object.
  const raw = stored[COLLECTOR_KEY];
  const collector = (typeof raw === 'string' ? parseJson(raw) : raw) as PersistedRecorder['collector'] | undefined;
  return collector ? { collector, tabs } : { tabs };
}

export class Persister {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private knownTabs = new Set<number>();
  /** Per tab, the room (in characters of its stored form) it got after the quota was hit. */
  private readonly budgets = new Map<number, number>();
  /** What each tab's key holds, as last written. */
  private readonly written = new Map<number, { chars: number; stored: number; omitted: number }>();

  constructor(
    private readonly recorder: Recorder,
    private readonly delayMs = 500,
    /** Events since the last snapshot (event-log.ts): each snapshot says which it includes, then drops them. */
    private readonly eventLog?: EventLog,
  ) {
    for (const id of recorder.tabIds()) this.knownTabs.add(id);
  }

  /** Something changed: save soon. */
  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saving = this.saving.then(() => this.save()).catch((error) => console.warn('[CORS Lens] saving state failed', error));
    }, this.delayMs);
  }

  /** Resolves when every scheduled save has been written (for tests). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      // A save that failed before must not keep this one from running.
      this.saving = this.saving.catch(() => undefined).then(() => this.save());
    }
    await this.saving;
  }

  /** What storage holds of each tab (its newest exchanges), as last written. */
  storedCounts(tabId: number): { stored: number; omitted: number } | undefined {
    const t = this.written.get(tabId);
    return t && { stored: t.stored, omitted: t.omitted };
  }

  private async save(): Promise<void> {
    const { tabs, collector } = this.recorder.takeDirty();
    const walMark = this.eventLog?.mark(); // every event logged so far is in this snapshot
    const items: Record<string, unknown> = {};
    const gone: string[] = [];
    const encoded = new Map<number, EncodedTab>();
    if (collector) items[COLLECTOR_KEY] = JSON.stringify(this.recorder.collectorState());
    for (const id of tabs) {
      const store = this.recorder.tab(id);
      if (store && store.size === 0) this.budgets.clear(); // cleared: room for whole tabs again
      if (store) {
        this.knownTabs.add(id);
      } else {
        gone.push(tabKey(id));
        this.knownTabs.delete(id);
        this.written.delete(id);
        this.budgets.clear(); // a closed tab frees room: every tab may store all it has again
      }
    }
    for (const id of tabs) if (this.knownTabs.has(id)) this.encodeInto(items, encoded, id);
    if (Object.keys(items).length === 0 && gone.length === 0) return;
    items[TABS_KEY] = [...this.knownTabs];
    if (walMark !== undefined) items[WAL_APPLIED_KEY] = walMark;
    await sessionRemove(gone); // first: it frees room
    // The log entries this snapshot covers are deleted once it is written: deleted before, a
    // worker stopped in between came back without them. Only when storage is full do they go
    // first, to make room (they filled the quota and made every snapshot fail).
    let trimmed = false;
    const trim = async () => {
      if (walMark !== undefined && !trimmed) await this.eventLog?.trim(walMark);
      trimmed = true;
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await sessionSet(items);
        for (const [id, e] of encoded) this.noteWritten(id, e);
        await trim();
        return;
      } catch (error) {
        // storage.session holds 10 MB (Chrome). Over quota, first drop the log this snapshot
        // covers, then stop saving finished requests twice (collector and tab); then store fewer
        // of the biggest tab's oldest exchanges — in storage only: memory keeps them all — and
        // try again.
        if (!isQuotaError(error) || attempt > MAX_SHRINK_ATTEMPTS) throw error;
        if (!trimmed) {
          await trim();
          continue;
        }
        if (attempt === 2 && this.recorder.compactCollector() > 0) {
          items[COLLECTOR_KEY] = JSON.stringify(this.recorder.collectorState());
          continue;
        }
        if (!this.shrinkBiggestTab(items, encoded)) throw error;
      }
    }
  }

  private encodeInto(items: Record<string, unknown>, encoded: Map<number, EncodedTab>, id: number): void {
    const store = this.recorder.tab(id);
    if (!store) return;
    const e = encodeTab(id, store.persistUnits(), this.budgets.get(id));
    items[tabKey(id)] = e.value;
    encoded.set(id, e);
  }

  /**
   * Gives the tab taking the most room (in this write, or as stored before) a smaller budget and
   * re-encodes it into `items`. False when there is nothing left to give up.
   */
  private shrinkBiggestTab(items: Record<string, unknown>, encoded: Map<number, EncodedTab>): boolean {
    let biggest: { id: number; chars: number } | undefined;
    for (const id of this.knownTabs) {
      const e = encoded.get(id) ?? this.written.get(id) ?? this.measure(id);
      if (e && e.stored > 0 && (!biggest || e.chars > biggest.chars)) biggest = { id, chars: e.chars };
    }
    if (!biggest) return false;
    this.budgets.set(biggest.id, Math.floor(biggest.chars * SHRINK_FACTOR));
    this.encodeInto(items, encoded, biggest.id);
    return true;
  }

  /** A tab stored before this worker started (restored, unchanged since): its size, as it would be stored now. */
  private measure(id: number): { chars: number; stored: number } | undefined {
    const store = this.recorder.tab(id);
    if (!store) return undefined;
    const e = encodeTab(id, store.persistUnits(), this.budgets.get(id));
    this.written.set(id, { chars: e.chars, stored: e.stored, omitted: e.omitted });
    return e;
  }

  private noteWritten(id: number, e: EncodedTab): void {
    const before = this.written.get(id);
    this.written.set(id, { chars: e.chars, stored: e.stored, omitted: e.omitted });
    // Say so once when a tab stops fitting, not on every save.
    if (e.omitted > 0 && !(before && before.omitted > 0)) {
      console.warn(`[CORS Lens] storage.session is full: tab ${id} keeps its newest ${e.stored} requests there (all ${e.stored + e.omitted} stay in memory)`);
    }
  }
}

/** Each retry stores about this share of the biggest tab. */
const SHRINK_FACTOR = 0.75;
/** One log trim, one compaction, then shrinking by a quarter reaches nothing from 10 MB in about 40 rounds. */
const MAX_SHRINK_ATTEMPTS = 48;

/** Chrome: "Session storage quota bytes exceeded…"; Firefox: "…exceeded its quota limitations". */
function isQuotaError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
