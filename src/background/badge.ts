/**
 * Keeps each tab's toolbar badge and title in step (debounced):
 * - a tab CORS Lens records (DevTools open, or "Record in the background") shows its number of
 *   blocked exchanges;
 * - any other tab shows how many cross-origin requests failed there (failure-hints.ts), with a
 *   title that says what to do about it.
 * Both browsers reset a tab's badge when it loads a new page; the badge is therefore set again on
 * every update, never skipped as "already shown".
 */
import { defaultActionTitle, setActionTitle, setBadge } from '../platform/action';
import { failureTitle, type FailureHints } from './failure-hints';
import type { Recorder } from './recorder';

export class BadgeUpdater {
  private readonly due = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly recorder: Recorder,
    private readonly hints: FailureHints,
    /** Whether the tab is recorded now (capture-scope.ts). */
    private readonly recorded: (tabId: number) => boolean,
    private readonly delayMs = 200,
  ) {}

  update(tabId: number): void {
    this.due.add(tabId);
    if (this.timer === undefined) this.timer = setTimeout(() => this.run(), this.delayMs);
  }

  forget(tabId: number): void {
    this.due.delete(tabId);
  }

  /** What the badge of the tab says now: text and title (for tests too). */
  view(tabId: number): { text: string; title: string } {
    const store = this.recorder.tab(tabId);
    if (this.recorded(tabId) || (store && store.size > 0 && this.hints.count(tabId) === 0)) {
      const blocked = store ? store.blockedCount() : 0;
      return { text: badgeNumber(blocked), title: defaultActionTitle() };
    }
    const failed = this.hints.count(tabId);
    return { text: badgeNumber(failed), title: failed > 0 ? failureTitle(failed) : defaultActionTitle() };
  }

  private run(): void {
    this.timer = undefined;
    for (const tabId of this.due) {
      const { text, title } = this.view(tabId);
      void setBadge(tabId, text);
      void setActionTitle(tabId, title);
    }
    this.due.clear();
  }
}

function badgeNumber(n: number): string {
  return n === 0 ? '' : n > 999 ? '999+' : String(n);
}
