/**
 * What one tab, and one frame of it, may make the background do with page hints. Page hints come
 * from the page's own world (src/content/page-world), so a hostile page can forge as many as its
 * frames' relays let through (1,000 records/s each): ten frames flooding them once drove the
 * background's heap from 2 to 265 MB, filled `storage.session` with the event log and delayed
 * other tabs' rows by seconds. Each tab and each of its frames gets its own allowance here:
 *
 * - **Admission** (memory, CPU): a token bucket per frame and one per tab. Records beyond either are
 *   dropped before they are parsed, logged or stored, and counted for that tab's panel.
 * - **Event log** (storage): the characters of page-hint entries a tab may have in the log between
 *   two snapshots. Past it, its hints are still applied in memory and saved with the next snapshot,
 *   only not logged one by one (a worker stopped in between loses that tab's latest hints, no
 *   other tab's events).
 *
 * Only the tab that exceeds its allowance loses anything, and only hints: never an exchange
 * (webRequest events, which the browser reports, are never budgeted here).
 */

export interface HintBudgetOptions {
  /** Records a tab may send per second, on average, across its frames … */
  tabPerSecond?: number;
  /** … and at once. */
  tabBurst?: number;
  /** Records one frame may send per second, on average … */
  framePerSecond?: number;
  /** … and at once. */
  frameBurst?: number;
  /** Characters of page-hint entries a tab may have in the event log between snapshots. */
  logChars?: number;
  now?: () => number;
}

/** A legitimately busy page (the flood bench: ~350 requests/s with CORS Lens) stays well inside. */
export const DEFAULT_HINT_BUDGET = {
  tabPerSecond: 800,
  tabBurst: 3000,
  framePerSecond: 500,
  frameBurst: 1500,
  logChars: 1_000_000,
} as const;

/** Frames tracked per tab; more frames than this share one allowance (a page can make thousands). */
const MAX_FRAMES_PER_TAB = 32;
const SHARED_FRAME = -1;

class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  /** Tokens available now (refilled for the time passed). */
  available(now: number): number {
    if (now > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
      this.at = now;
    }
    return Math.floor(this.tokens);
  }

  take(n: number): void {
    this.tokens -= n;
  }
}

interface TabBudget {
  bucket: Bucket;
  frames: Map<number, Bucket>;
  /** Records refused so far (shown in the tab's panel). */
  dropped: number;
  /** Characters of this tab's page-hint entries in the event log since it was last trimmed. */
  logged: number;
}

export class HintBudget {
  private readonly tabs = new Map<number, TabBudget>();
  private o: Required<HintBudgetOptions>;

  constructor(options: HintBudgetOptions = {}) {
    this.o = { ...DEFAULT_HINT_BUDGET, now: Date.now, ...options };
  }

  /**
   * New allowances from now on (tests: a machine too loaded to out-run the defaults must still
   * see a flood refused). Buckets start over; counts stay.
   */
  configure(options: HintBudgetOptions): void {
    this.o = { ...this.o, ...options };
    for (const tab of this.tabs.values()) {
      tab.bucket = new Bucket(this.o.tabPerSecond, this.o.tabBurst, this.o.now());
      tab.frames.clear();
    }
  }

  /**
   * How many of the `count` records a frame of a tab sent may be taken in (the first ones); the
   * rest are counted as dropped for that tab.
   */
  admit(tabId: number, frameId: number | undefined, count: number): number {
    if (!(count > 0)) return 0;
    const now = this.o.now();
    const tab = this.tab(tabId, now);
    const frame = this.frame(tab, frameId, now);
    const admitted = Math.max(0, Math.min(count, tab.bucket.available(now), frame.available(now)));
    tab.bucket.take(admitted);
    frame.take(admitted);
    tab.dropped += count - admitted;
    return admitted;
  }

  /** Whether a page-hint entry of `chars` characters for the tab may go into the event log. */
  mayLog(tabId: number, chars: number): boolean {
    const tab = this.tab(tabId, this.o.now());
    if (tab.logged + chars > this.o.logChars) return false;
    tab.logged += chars;
    return true;
  }

  /** A snapshot claimed the event log: every tab's log allowance is whole again. */
  logTrimmed(): void {
    for (const tab of this.tabs.values()) tab.logged = 0;
  }

  /** Records of this tab dropped so far. */
  dropped(tabId: number): number {
    return this.tabs.get(tabId)?.dropped ?? 0;
  }

  forgetTab(tabId: number): void {
    this.tabs.delete(tabId);
  }

  /** The counts worth keeping across a background restart. */
  droppedCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, tab] of this.tabs) if (tab.dropped > 0) out[id] = tab.dropped;
    return out;
  }

  restoreDroppedCounts(saved: unknown): void {
    if (!saved || typeof saved !== 'object') return;
    const now = this.o.now();
    for (const [key, value] of Object.entries(saved as Record<string, unknown>)) {
      const tabId = Number(key);
      if (!Number.isInteger(tabId) || tabId < 0 || typeof value !== 'number' || !(value > 0)) continue;
      const tab = this.tab(tabId, now);
      tab.dropped = Math.max(tab.dropped, Math.floor(value));
    }
  }

  private tab(tabId: number, now: number): TabBudget {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      tab = { bucket: new Bucket(this.o.tabPerSecond, this.o.tabBurst, now), frames: new Map(), dropped: 0, logged: 0 };
      this.tabs.set(tabId, tab);
    }
    return tab;
  }

  private frame(tab: TabBudget, frameId: number | undefined, now: number): Bucket {
    let key = typeof frameId === 'number' && Number.isInteger(frameId) ? frameId : SHARED_FRAME;
    if (!tab.frames.has(key) && tab.frames.size >= MAX_FRAMES_PER_TAB) key = SHARED_FRAME;
    let bucket = tab.frames.get(key);
    if (!bucket) {
      bucket = new Bucket(this.o.framePerSecond, this.o.frameBurst, now);
      tab.frames.set(key, bucket);
    }
    return bucket;
  }
}
