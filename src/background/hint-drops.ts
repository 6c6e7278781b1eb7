/**
 * Tells a tab's panel how many of its page hints were refused (hint-budget.ts) and keeps the
 * counts across a background restart, in their own small `storage.session` key. Throttled: a
 * flooding page changes its count hundreds of times a second, its panel hears of it twice.
 */
import { sessionGet, sessionSet } from '../platform/storage';
import type { HintBudget } from './hint-budget';

const KEY = 'cl:hint-drops';
const REPORT_EVERY_MS = 500;

export class HintDropReporter {
  private readonly changedTabs = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly budget: HintBudget,
    /** Sends the tab's status (with its new count) to its panels. */
    private readonly report: (tabId: number) => void,
  ) {}

  async load(): Promise<void> {
    const { [KEY]: saved } = await sessionGet<unknown>([KEY]);
    this.budget.restoreDroppedCounts(saved);
  }

  changed(tabId: number): void {
    this.changedTabs.add(tabId);
    this.timer ??= setTimeout(() => this.flush(), REPORT_EVERY_MS);
  }

  forgetTab(tabId: number): void {
    this.budget.forgetTab(tabId);
    this.changedTabs.add(tabId);
    this.timer ??= setTimeout(() => this.flush(), REPORT_EVERY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const tabs = [...this.changedTabs];
    this.changedTabs.clear();
    for (const tabId of tabs) this.report(tabId);
    sessionSet({ [KEY]: this.budget.droppedCounts() }).catch((error: unknown) => console.warn('[CORS Lens] could not save hint counts', error));
  }
}
