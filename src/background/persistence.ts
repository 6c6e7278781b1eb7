/**
 * Saves the recorder to `storage.session` (debounced, only what changed) and loads it back on
 * start, so a service-worker restart or an event-page suspension loses nothing.
 *
 * Keys: `cl:collector` (in-flight requests), `cl:tab:<id>` (one tab's observations and flags),
 * `cl:tabs` (the tab ids that have a key). Verdicts are not stored: they are recomputed.
 */
import { sessionGet, sessionRemove, sessionSet } from '../platform/storage';
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
    try {
      await sessionSet(items);
    } catch (error) {
      // storage.session holds 10 MB. Keep the newest half of each oversized tab rather than nothing.
      console.warn('[CORS Lens] storage.session write failed, trimming', error);
      for (const id of tabs) {
        const t = items[tabKey(id)] as PersistedTab | undefined;
        if (t) items[tabKey(id)] = { ...t, observations: t.observations.slice(Math.floor(t.observations.length / 2)) };
      }
      await sessionSet(items);
    }
    await sessionRemove(gone);
  }
}
