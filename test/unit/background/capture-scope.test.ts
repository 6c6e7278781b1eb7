/** Which webRequest listener sets the capture scope keeps live (fake sets; real browsers: e2e). */
import { describe, expect, it } from 'vitest';
import { CaptureScope, type ListenTarget, type ScopeState } from '../../../src/background/capture-scope';

function harness(workerFilter = false) {
  const live = new Map<string, number>();
  const log: string[] = [];
  const saved: ScopeState[] = [];
  const name = (t: ListenTarget) => (t === undefined ? 'all' : `tab ${t}`);
  const scope = new CaptureScope(
    (target) => {
      const n = name(target);
      live.set(n, (live.get(n) ?? 0) + 1);
      log.push(`+${n}`);
      let removed = false;
      return {
        errors: [],
        remove: () => {
          if (removed) return;
          removed = true;
          live.set(n, (live.get(n) ?? 0) - 1);
          if (live.get(n) === 0) live.delete(n);
          log.push(`-${n}`);
        },
      };
    },
    { workerFilter, save: (s) => saved.push(s) },
  );
  const sets = () => [...live.keys()].sort();
  return { scope, sets, log, saved };
}

describe('CaptureScope', () => {
  it('without a mirror it starts with a bridge for every tab, then keeps only the stored tabs', () => {
    const { scope, sets, log } = harness();
    scope.start(undefined);
    expect(sets()).toEqual(['all']);
    expect(scope.covers(7)).toBe(true);
    scope.settle({ background: false, tabs: [3] });
    // The tab's set comes before the bridge goes: an event in between arrives twice, never not at all.
    expect(sets()).toEqual(['all', 'tab 3']);
    expect(scope.covers(7)).toBe(false);
    expect(scope.covers(3)).toBe(true);
    scope.dropBridge();
    expect(sets()).toEqual(['tab 3']);
    expect(log).toEqual(['+all', '+tab 3', '-all']);
  });

  it('background recording keeps the set for every tab and no tab sets', () => {
    const { scope, sets } = harness(true);
    scope.start(undefined);
    scope.settle({ background: true, tabs: [3] });
    scope.dropBridge();
    expect(sets()).toEqual(['all']);
    scope.inspect(5);
    expect(sets()).toEqual(['all']);
    expect(scope.covers(99)).toBe(true);
    scope.setBackground(false);
    expect(sets()).toEqual(['tab -1', 'tab 3', 'tab 5']);
    scope.setBackground(true);
    expect(sets()).toEqual(['all']);
  });

  it('DevTools ports add and remove a tab set; two windows on one tab share it', () => {
    const { scope, sets, saved } = harness();
    scope.start({ background: false, tabs: [] });
    scope.settle({ background: false, tabs: [] });
    expect(sets()).toEqual([]);
    scope.inspect(4);
    scope.inspect(4);
    expect(sets()).toEqual(['tab 4']);
    scope.release(4);
    expect(sets()).toEqual(['tab 4']);
    scope.release(4);
    expect(sets()).toEqual([]);
    expect(saved.at(-1)).toEqual({ background: false, tabs: [] });
    expect(saved).toContainEqual({ background: false, tabs: [4] });
  });

  it('requests outside tabs get a set of their own while a tab is inspected, where the browser can filter them', () => {
    const { scope, sets } = harness(true);
    scope.start({ background: false, tabs: [] });
    scope.settle({ background: false, tabs: [] });
    scope.inspect(2);
    expect(sets()).toEqual(['tab -1', 'tab 2']);
    expect(scope.covers(-1)).toBe(true);
    scope.release(2);
    expect(sets()).toEqual([]);
    expect(scope.covers(-1)).toBe(false);
  });

  it('a Firefox mirror registers the very sets it had, at once; unclaimed tabs are dropped later', () => {
    const { scope, sets, log } = harness(true);
    scope.start({ background: false, tabs: [6] });
    expect(sets()).toEqual(['tab -1', 'tab 6']);
    scope.settle({ background: false, tabs: [6] });
    scope.dropBridge();
    expect(log).toEqual(['+tab 6', '+tab -1']);
    scope.forgetUnclaimed();
    expect(sets()).toEqual([]);
  });

  it('a restored tab whose DevTools reconnects stays', () => {
    const { scope, sets } = harness();
    scope.start(undefined);
    scope.settle({ background: false, tabs: [6] });
    scope.inspect(6);
    scope.dropBridge();
    scope.forgetUnclaimed();
    expect(sets()).toEqual(['tab 6']);
  });

  it('a DevTools port that connects (or leaves) before the stored state is loaded outranks it', () => {
    const { scope, sets } = harness();
    scope.start(undefined);
    scope.inspect(6);
    scope.inspect(7);
    scope.release(7);
    scope.settle({ background: false, tabs: [6, 7] });
    scope.dropBridge();
    expect(sets()).toEqual(['tab 6']);
    scope.release(6);
    expect(sets()).toEqual([]);
  });

  it('passes each event once while two sets overlap', () => {
    const { scope } = harness();
    scope.start(undefined);
    scope.settle({ background: false, tabs: [3] });
    const d = { requestId: '1', url: 'http://a.test/', method: 'GET', timeStamp: 5, tabId: 3 };
    expect(scope.accept('onBeforeRequest', d)).toBe(true);
    expect(scope.accept('onBeforeRequest', { ...d })).toBe(false);
    expect(scope.accept('onCompleted', d)).toBe(true);
    scope.dropBridge();
    expect(scope.accept('onCompleted', d)).toBe(true);
  });
});
