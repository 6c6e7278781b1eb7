/**
 * Runs the latest scheduled callback on the next task after a quiet spell, and at most once per
 * `intervalMs` during a burst. For batching only: what runs later is never lost, and no decision
 * rests on how long anything took.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRun = -Infinity;
  private next: (() => void) | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  schedule(run: () => void): void {
    this.next = run;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.lastRun + this.intervalMs - this.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.lastRun = this.now();
    const run = this.next;
    this.next = undefined;
    run?.();
  }
}
