import { describe, expect, it } from 'vitest';
import { alternatingOrder, compareRounds, median } from '../../../bench/support/dev-app/stats';
import { parseOptions } from '../../../bench/dev-app';

describe('dev-app bench: ratios of paired rounds', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reports the ratio of the medians and the range of the per-round ratios', () => {
    const c = compareRounds([110, 200, 105], [100, 100, 100]);
    expect(c.medianA).toBe(110);
    expect(c.medianB).toBe(100);
    expect(c.ratio).toBeCloseTo(1.1);
    expect(c.perRound).toEqual([1.1, 2, 1.05]);
    expect(c.min).toBeCloseTo(1.05);
    expect(c.max).toBe(2);
  });

  it('refuses rounds that do not pair up', () => {
    expect(() => compareRounds([1, 2], [1])).toThrow(/paired rounds/);
    expect(() => compareRounds([], [])).toThrow(/paired rounds/);
  });

  it('alternates the launch order round by round without changing the list', () => {
    const sides = ['none', 'ext', 'devtools'];
    expect(alternatingOrder(sides, 0)).toEqual(['none', 'ext', 'devtools']);
    expect(alternatingOrder(sides, 1)).toEqual(['devtools', 'ext', 'none']);
    expect(alternatingOrder(sides, 2)).toEqual(sides);
    expect(sides).toEqual(['none', 'ext', 'devtools']);
  });
});

describe('dev-app bench: options', () => {
  it('reads rounds, reloads and the builds to compare', () => {
    const o = parseOptions(['dev-app', '--rounds', '2', '--reloads', '3', '--extension', '/x/a', '--extension-b', '/x/b', '--background-pref', 'bg']);
    expect(o).toEqual({ rounds: 2, reloads: 3, extension: '/x/a', extensionB: '/x/b', backgroundPref: 'bg', devtools: 'both', panel: 'shown' });
    expect(parseOptions(['--devtools', 'closed']).devtools).toBe('closed');
    expect(parseOptions(['--panel', 'hidden']).panel).toBe('hidden');
  });

  it('says which option is wrong', () => {
    expect(() => parseOptions(['--rounds', '0'])).toThrow('--rounds needs a whole number ≥ 1');
    expect(() => parseOptions(['--reloads', 'many'])).toThrow('--reloads');
    expect(() => parseOptions(['--devtools', 'half'])).toThrow('--devtools takes closed, open, both');
    expect(() => parseOptions(['--panel', 'away'])).toThrow('--panel takes shown, hidden, both');
  });
});
