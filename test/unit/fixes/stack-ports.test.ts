import { describe, expect, test } from 'vitest';
import { ephemeralRange, stackPortBlock } from '../../e2e/fixes/ports';

describe('fix-verification ports stay outside the ephemeral range', () => {
  test('Linux default range: the preferred block below it', () => {
    const start = stackPortBlock([32768, 60999]);
    expect(start + 99).toBeLessThan(32768);
  });
  test('a range that covers the preferred block: a block above or below it, never inside', () => {
    for (const range of [[10000, 60999], [1025, 40000], [20000, 65000]] as [number, number][]) {
      const start = stackPortBlock(range);
      expect(start + 99 < range[0] || start > range[1]).toBe(true);
      expect(start + 99).toBeLessThan(65536);
    }
  });
  test('no room left: a clear error, not a port inside the range', () => {
    expect(() => stackPortBlock([1025, 65535])).toThrow(/no 100 fixed ports/);
  });
  test('reads /proc’s format and falls back to the default when it is missing or garbled', () => {
    expect(ephemeralRange(() => '32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralRange(() => { throw new Error('ENOENT'); })).toEqual([32768, 60999]);
    expect(ephemeralRange(() => 'x y')).toEqual([32768, 60999]);
  });
});
