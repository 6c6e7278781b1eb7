import { describe, expect, it } from 'vitest';
import type { PageHint } from '../../../src/core/model';
import { HintBudget } from '../../../src/background/hint-budget';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('page-hint allowances per tab and frame', () => {
  const options = { tabPerSecond: 100, tabBurst: 300, framePerSecond: 50, frameBurst: 150, logChars: 1000 };

  it('a frame over its allowance loses its own records; another frame of the tab still gets in', () => {
    const c = clock();
    const b = new HintBudget({ ...options, now: c.now });
    expect(b.admit(7, 3, 100)).toBe(100);
    expect(b.admit(7, 3, 100)).toBe(50); // the frame's burst is spent
    expect(b.admit(7, 3, 100)).toBe(0);
    expect(b.admit(7, 0, 100)).toBe(100); // the top frame has its own allowance
    expect(b.dropped(7)).toBe(150);
  });

  it('many frames together are held to the tab’s allowance; other tabs are untouched', () => {
    const c = clock();
    const b = new HintBudget({ ...options, now: c.now });
    let admitted = 0;
    for (let frame = 1; frame <= 10; frame++) admitted += b.admit(7, frame, 100);
    expect(admitted).toBe(300);
    expect(b.dropped(7)).toBe(700);
    expect(b.admit(8, 0, 100)).toBe(100);
    expect(b.dropped(8)).toBe(0);
  });

  it('refills with time, at the configured rate', () => {
    const c = clock();
    const b = new HintBudget({ ...options, now: c.now });
    b.admit(7, 0, 150);
    expect(b.admit(7, 0, 10)).toBe(0);
    c.advance(1000);
    expect(b.admit(7, 0, 100)).toBe(50);
  });

  it('a page creating hundreds of frames shares one allowance beyond the first frames', () => {
    const c = clock();
    const b = new HintBudget({ ...options, tabBurst: 1e9, tabPerSecond: 1e9, now: c.now });
    let admitted = 0;
    for (let frame = 0; frame < 500; frame++) admitted += b.admit(7, frame, 150);
    expect(admitted).toBe(32 * 150 + 150);
  });

  it('new allowances apply at once; counts stay', () => {
    const c = clock();
    const b = new HintBudget({ ...options, now: c.now });
    b.admit(7, 0, 200);
    b.configure({ tabPerSecond: 1, tabBurst: 5, framePerSecond: 1, frameBurst: 5 });
    expect(b.admit(7, 0, 10)).toBe(5);
    expect(b.dropped(7)).toBe(50 + 5);
  });

  it('event-log allowance per tab, restored when a snapshot claims the log', () => {
    const b = new HintBudget(options);
    expect(b.mayLog(7, 600)).toBe(true);
    expect(b.mayLog(7, 600)).toBe(false);
    expect(b.mayLog(8, 600)).toBe(true);
    b.logTrimmed();
    expect(b.mayLog(7, 600)).toBe(true);
  });

  it('keeps the dropped counts across a restart, ignoring junk', () => {
    const b = new HintBudget(options);
    b.admit(7, 0, 1000);
    const saved = JSON.parse(JSON.stringify(b.droppedCounts())) as unknown;
    const again = new HintBudget(options);
    again.restoreDroppedCounts(saved);
    again.restoreDroppedCounts({ x: 5, '-1': 5, 9: 'many', __proto__: { 3: 4 } });
    expect(again.dropped(7)).toBe(850);
    expect(again.droppedCounts()).toEqual({ 7: 850 });
  });
});

describe('a tab’s unclaimed page hints in storage', () => {
  it('take a bounded room, newest kept, whatever the page made them look like', async () => {
    const { encodeTab, decodeTab } = await import('../../../src/background/stored-tab');
    const hint = (i: number): PageHint => ({
      id: `ph:${i}`, kind: 'fetch', url: `https://forged.test/${'x'.repeat(4000)}/${i}`, method: 'GET', startTime: 1000 + i, outcome: 'resolved',
      headerNames: Array.from({ length: 64 }, (_, k) => `x-forged-${k}-${'h'.repeat(100)}`), credentials: 'include',
    });
    const pendingHints = Array.from({ length: 500 }, (_, i) => hint(i));
    const e = encodeTab(7, { units: [], loose: [], pendingHints, dropped: 0, clearedAt: -Infinity, preserveLog: false, hintSeq: 500 });
    expect(e.chars).toBeLessThan(250_000); // unbounded, this was 6 MB of a 10 MB quota
    const restored = decodeTab(7, e.value)!;
    expect(restored.hints!.length).toBeGreaterThan(5);
    expect(restored.hints!.at(-1)!.id).toBe('ph:499');
  });
});
