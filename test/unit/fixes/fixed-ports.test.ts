import { describe, expect, test } from 'vitest';
import { ephemeralRange, fixedPortBlock } from '../../e2e/support/fixed-ports';

const users = ['fix-stacks', 'verify-lab', 'lab-unit', 'page-hooks-unit'] as const;
const outside = (start: number, [low, high]: [number, number]) => start + 99 < low || start > high;

describe('fixed test ports stay outside the ephemeral range', () => {
  test('Linux default range: blocks below it, one per user, not overlapping', () => {
    const range: [number, number] = [32768, 60999];
    const starts = users.map((u) => fixedPortBlock(u, range));
    for (const s of starts) expect(outside(s, range)).toBe(true);
    expect(new Set(starts.map((s) => Math.floor(s / 100))).size).toBe(users.length);
  });
  test('a range that covers the preferred blocks: blocks above or below it, never inside', () => {
    for (const range of [[10000, 60999], [1025, 40000], [20000, 65000]] as [number, number][]) {
      for (const u of users) {
        const start = fixedPortBlock(u, range);
        expect(outside(start, range)).toBe(true);
        expect(start + 99).toBeLessThan(65536);
      }
    }
  });
  test('no room left: a clear error, not a port inside the range', () => {
    expect(() => fixedPortBlock('fix-stacks', [1025, 65535])).toThrow(/no 400 fixed ports/);
  });
  test('reads /proc’s format and falls back to the default when it is missing or garbled', () => {
    expect(ephemeralRange(() => '32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralRange(() => { throw new Error('ENOENT'); })).toEqual([32768, 60999]);
    expect(ephemeralRange(() => 'x y')).toEqual([32768, 60999]);
  });
});
