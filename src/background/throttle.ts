/**
 * Runs the callbacks scheduled meanwhile on the next task after a quiet spell, and at most once per
 * `intervalMs` during a burst, in the order they were first scheduled; one scheduled while the
 * others run (a batch of analysis producing panel messages) runs in the same turn. Each key holds
 * its latest callback. For batching only: what runs later is never lost, and no decision rests on
 * how long anything took.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRun = -Infinity;
  private firing = false;
  private readonly tasks = new Map<string, () => void>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  schedule(key: string, run: () => void): void {
    this.tasks.set(key, run);
    if (this.timer !== undefined || this.firing) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.lastRun + this.intervalMs - this.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.lastRun = this.now();
    this.firing = true;
    // Each key runs once per turn: one scheduled again by its own run waits for the next turn.
    const ran = new Set<string>();
    try {
      for (let key = this.nextKey(ran); key !== undefined; key = this.nextKey(ran)) {
        const run = this.tasks.get(key) as () => void;
        this.tasks.delete(key);
        ran.add(key);
        try {
          run();
        } catch (error) {
          // One failing batch must not hold back the others.
          console.error('[CORS Lens]', error);
        }
      }
    } finally {
      this.firing = false;
    }
    if (this.tasks.size > 0) this.timer = setTimeout(() => this.fire(), this.intervalMs);
  }

  private nextKey(ran: Set<string>): string | undefined {
    for (const key of this.tasks.keys()) if (!ran.has(key)) return key;
    return undefined;
  }
}
