import { describe, expect, it } from 'vitest';
import { callersOf, selfTimes, totalTimes, type Profile } from '../../../bench/support/cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });
// (root) → record → [analyze → evaluate], [append → set (native)]
const profile: Profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('record', 'chrome-extension://x/assets/main.js', 9), children: [3, 5] },
    { id: 3, callFrame: frame('analyze', 'chrome-extension://x/assets/analyze.js', 1), children: [4] },
    { id: 4, callFrame: frame('evaluate', 'chrome-extension://x/assets/evaluate.js', 2) },
    { id: 5, callFrame: frame('append', 'chrome-extension://x/assets/main.js', 20), children: [6] },
    { id: 6, callFrame: frame('set') },
  ],
  // Microseconds: evaluate 3 ms, set 2 ms, record itself 1 ms.
  samples: [4, 4, 4, 6, 6, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
};

describe('CPU profile sums (bench/profile-open.ts)', () => {
  it('self time per function, named by bundle file and line', () => {
    expect(Object.fromEntries(selfTimes(profile))).toEqual({ 'evaluate evaluate.js:3:1': 3, 'set ': 2, 'record main.js:10:1': 1 });
  });

  it('total time counts each function once per sample it is on the stack of', () => {
    const total = totalTimes(profile);
    expect(total.get('record main.js:10')).toBe(6);
    expect(total.get('analyze analyze.js:2')).toBe(3);
    expect(total.get('append main.js:21')).toBe(2);
  });

  it('who calls a native function, innermost caller first', () => {
    expect(Object.fromEntries(callersOf(profile, 'set'))).toEqual({ 'append@main.js:21:1 < record@main.js:10:1 < (root)': 2 });
  });
});
