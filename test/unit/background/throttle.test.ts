import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../../src/background/throttle';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs on the next task after a quiet spell, then at most once per interval with each key’s latest callback', () => {
    const throttle = new Throttle(50, () => Date.now());
    const ran: string[] = [];
    throttle.schedule('x', () => ran.push('a'));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['a']);
    throttle.schedule('x', () => ran.push('b'));
    throttle.schedule('x', () => ran.push('c'));
    vi.advanceTimersByTime(49);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['a', 'c']);
    // After a quiet spell longer than the interval: the next task again.
    vi.advanceTimersByTime(500);
    throttle.schedule('x', () => ran.push('d'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['a', 'c', 'd']);
  });

  it('runs keys in the order first scheduled; one scheduled by a running callback runs in the same turn', () => {
    const throttle = new Throttle(50, () => Date.now());
    const ran: string[] = [];
    throttle.schedule('analysis', () => {
      ran.push('analysis');
      throttle.schedule('messages', () => ran.push('messages'));
    });
    throttle.schedule('other', () => ran.push('other'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['analysis', 'other', 'messages']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs a key once per turn: one that schedules itself again runs in the next turn', () => {
    const throttle = new Throttle(50, () => Date.now());
    let runs = 0;
    const again = () => {
      runs++;
      if (runs < 3) throttle.schedule('self', again);
    };
    throttle.schedule('self', again);
    vi.advanceTimersByTime(0);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(50);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(50);
    expect(runs).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes on with the other callbacks when one throws', () => {
    const throttle = new Throttle(50, () => Date.now());
    const ran: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    throttle.schedule('bad', () => {
      throw new Error('boom');
    });
    throttle.schedule('good', () => ran.push('good'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['good']);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
