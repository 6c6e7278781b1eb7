/**
 * Saves the recorder to `storage.session` (debounced, only what changed) and loads it back on
 * start, so a service-worker restart or an event-page suspension loses nothing.
 *
 * Keys: `cl:collector` (in-flight requests), `cl:tab:<id>` (one tab's observations and flags),
 * `cl:tabs` (the tab ids that have a key). Verdicts are not stored: they are recomputed.
 */
import { sessionGet, sessionRemove, sessionSet } from '../platform/storage';
import { WAL_APPLIED_KEY, type EventLog } from './event-log';
import type { PersistedRecorder, Recorder } from './recorder';
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
    const t = stored[tabKey(id)] as PersistedTab | undefined;
    if (t && Array.isArray(t.observations)) tabs[id] = t;
  }
  const collector = stored[COLLECTOR_KEY] as PersistedRecorder['collector'] | undefined;
  return collector ? { collector, tabs } : { tabs };
}

export class Persister {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private knownTabs = new Set<number>();

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
      this.saving = this.saving.then(() => this.save());
    }
    await this.saving;
  }

  private async save(): Promise<void> {
    const { tabs, collector } = this.recorder.takeDirty();
    const walMark = this.eventLog?.mark(); // every event logged so far is in this snapshot
    const items: Record<string, unknown> = {};
    const gone: string[] = [];
    if (collector) items[COLLECTOR_KEY] = this.recorder.collectorState();
    for (const id of tabs) {
      const store = this.recorder.tab(id);
      if (store) {
        items[tabKey(id)] = store.toPersisted();
        this.knownTabs.add(id);
      } else {
        gone.push(tabKey(id));
        this.knownTabs.delete(id);
      }
    }
    if (Object.keys(items).length === 0 && gone.length === 0) return;
    items[TABS_KEY] = [...this.knownTabs];
    if (walMark !== undefined) items[WAL_APPLIED_KEY] = walMark;
    // The log entries this snapshot covers go first, with the removed tabs: they free room, and
    // kept until after the write they filled the quota and made every snapshot shed a tab.
    if (walMark !== undefined) await this.eventLog?.trim(walMark);
    await sessionRemove(gone); // first: it frees room
    for (let attempt = 1; ; attempt++) {
      try {
        await sessionSet(items);
        return;
      } catch (error) {
        // storage.session holds 10 MB (Chrome). Over quota, first stop saving finished requests
        // twice (collector and tab); then drop the oldest half of the biggest tab — in memory
        // too, counted in its `dropped`, which the panel shows — and try again.
        if (!isQuotaError(error) || attempt > MAX_SHED_ATTEMPTS) throw error;
        if (attempt === 1 && this.recorder.compactCollector() > 0) {
          items[COLLECTOR_KEY] = this.recorder.collectorState();
          continue;
        }
        const shed = this.shedBiggestTab(items);
        console.warn(`[CORS Lens] storage.session is full: dropped the ${shed.count} oldest requests of tab ${shed.tabId}`);
        if (shed.count === 0) throw error;
      }
    }
  }

  /** Halves the tab with the most observations and puts its smaller state into `items`. */
  private shedBiggestTab(items: Record<string, unknown>): { tabId: number; count: number } {
    let biggest: { tabId: number; size: number } | undefined;
    for (const tabId of this.recorder.tabIds()) {
      const size = this.recorder.tab(tabId)?.size ?? 0;
      if (size > 0 && (!biggest || size > biggest.size)) biggest = { tabId, size };
    }
    if (!biggest) return { tabId: -1, count: 0 };
    const count = this.recorder.shed(biggest.tabId, Math.ceil(biggest.size / 2));
    const store = this.recorder.tab(biggest.tabId);
    if (store) {
      items[tabKey(biggest.tabId)] = store.toPersisted();
      this.knownTabs.add(biggest.tabId);
      items[TABS_KEY] = [...this.knownTabs];
    }
    return { tabId: biggest.tabId, count };
  }
}

/** One compaction, then halving 5,000 exchanges reaches one in 13 rounds. */
const MAX_SHED_ATTEMPTS = 14;

/** Chrome: "Session storage quota bytes exceeded…"; Firefox: "…exceeded its quota limitations". */
function isQuotaError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text);
}
