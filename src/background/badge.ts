/** Keeps each tab's toolbar badge at its number of blocked exchanges (debounced). */
import { setBadge } from '../platform/action';
import type { Recorder } from './recorder';

export class BadgeUpdater {
  private readonly due = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly shown = new Map<number, string>();

  constructor(
    private readonly recorder: Recorder,
    private readonly delayMs = 200,
  ) {}

  update(tabId: number): void {
    this.due.add(tabId);
    if (this.timer === undefined) this.timer = setTimeout(() => this.run(), this.delayMs);
  }

  forget(tabId: number): void {
    this.shown.delete(tabId);
    this.due.delete(tabId);
  }

  private run(): void {
    this.timer = undefined;
    for (const tabId of this.due) {
      const store = this.recorder.tab(tabId);
      const blocked = store ? store.blockedCount() : 0;
      const text = blocked === 0 ? '' : blocked > 999 ? '999+' : String(blocked);
      if (this.shown.get(tabId) === text) continue;
      this.shown.set(tabId, text);
      void setBadge(tabId, text);
    }
    this.due.clear();
  }
}
