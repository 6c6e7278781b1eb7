import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../../src/background/throttle';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call on the next task, then at most once per interval with the latest callback', () => {
    const throttle = new Throttle(50, () => Date.now());
    const ran: string[] = [];
    throttle.schedule(() => ran.push('a'));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['a']);
    throttle.schedule(() => ran.push('b'));
    throttle.schedule(() => ran.push('c'));
    vi.advanceTimersByTime(49);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['a', 'c']);
    // After a quiet spell longer than the interval: the next task again.
    vi.advanceTimersByTime(500);
    throttle.schedule(() => ran.push('d'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['a', 'c', 'd']);
  });
});
