/**
 * Chrome's service-worker coverage (fake listener sets; real Chromium:
 * test/e2e/capture-service-worker-chromium.test.ts): an unfiltered set only while an inspected tab
 * is served by a service worker, kept across a stopped background, gone with DevTools.
 */
import { describe, expect, it } from 'vitest';
import { CaptureScope, type ListenTarget, type ScopeState } from '../../../src/background/capture-scope';
import { ServiceWorkerOrigins } from '../../../src/background/service-worker-origins';

function harness(workerFilter = false) {
  const live = new Map<string, number>();
  const saved: ScopeState[] = [];
  const name = (t: ListenTarget) => (t === undefined ? 'all' : `tab ${t}`);
  const scope = new CaptureScope(
    (target) => {
      const n = name(target);
      live.set(n, (live.get(n) ?? 0) + 1);
      let removed = false;
      return {
        errors: [],
        remove: () => {
          if (removed) return;
          removed = true;
          live.set(n, (live.get(n) ?? 0) - 1);
          if (live.get(n) === 0) live.delete(n);
        },
      };
    },
    { workerFilter, save: (s) => saved.push(s) },
  );
  const sets = () => [...live.keys()].sort();
  return { scope, sets, saved };
}

function settled(workerFilter = false) {
  const h = harness(workerFilter);
  h.scope.start(undefined);
  h.scope.settle({ background: false, tabs: [] });
  h.scope.dropBridge();
  return h;
}

describe('CaptureScope: tabs served by a service worker (Chrome)', () => {
  it('adds the unfiltered set only for a served inspected tab, and drops it with DevTools', () => {
    const { scope, sets, saved } = settled();
    scope.inspect(4);
    expect(sets()).toEqual(['tab 4']);
    scope.serve(9); // not inspected: nothing to serve
    expect(sets()).toEqual(['tab 4']);
    scope.serve(4);
    expect(sets()).toEqual(['all', 'tab 4']);
    expect(scope.describe()).toMatchObject({ all: true, workers: true, served: [4] });
    // Other tabs' events arrive, and are not covered; requests outside tabs are.
    expect(scope.covers(7)).toBe(false);
    expect(scope.covers(-1)).toBe(true);
    expect(saved.at(-1)).toEqual({ background: false, tabs: [4], served: [4] });
    scope.release(4);
    expect(sets()).toEqual([]);
    expect(scope.describe()).toMatchObject({ all: false, workers: false, served: [] });
    // Inspected again later: not served until something says so again.
    scope.inspect(4);
    expect(sets()).toEqual(['tab 4']);
  });

  it('a restarted background keeps a served tab whose DevTools reconnected before the state loaded', () => {
    const { scope, sets, saved } = harness();
    scope.start(undefined);
    scope.inspect(4); // the DevTools page reconnects at once
    expect(saved).toEqual([]); // nothing written before the stored state is read
    scope.settle({ background: false, tabs: [4], served: [4] });
    scope.dropBridge();
    expect(sets()).toEqual(['all', 'tab 4']);
    expect(saved.at(-1)).toEqual({ background: false, tabs: [4], served: [4] });
  });

  it('a served tab whose DevTools never reconnects is forgotten with the other unclaimed tabs', () => {
    const { scope, sets } = harness();
    scope.start(undefined);
    scope.settle({ background: false, tabs: [4], served: [4] });
    scope.dropBridge();
    expect(sets()).toEqual(['all', 'tab 4']);
    scope.forgetUnclaimed();
    expect(sets()).toEqual([]);
  });

  it('Firefox filters requests outside tabs: serving changes no set', () => {
    const { scope, sets } = settled(true);
    scope.inspect(4);
    scope.serve(4);
    expect(sets()).toEqual(['tab -1', 'tab 4']);
  });
});

describe('ServiceWorkerOrigins', () => {
  it('names the inspected tabs showing an origin seen making requests outside tabs', () => {
    const origins = new ServiceWorkerOrigins();
    const docs: Record<number, string[]> = { 1: ['http://app.test'], 2: ['http://other.test', 'http://app.test'], 3: ['http://third.test'] };
    const of = (t: number) => docs[t] ?? [];
    expect(origins.servedAmong([1, 2, 3], of)).toEqual([]);
    expect(origins.note('http://app.test')).toBe(true);
    expect(origins.note('http://app.test')).toBe(false);
    expect(origins.note(null)).toBe(false);
    expect(origins.note(undefined)).toBe(false);
    expect(origins.servedAmong([1, 2, 3], of)).toEqual([1, 2]);
    expect(origins.servedAmong([3], of)).toEqual([]);
  });

  it('stays bounded', () => {
    const origins = new ServiceWorkerOrigins();
    for (let i = 0; i < 1_000; i++) origins.note(`http://h${i}.test`);
    expect(origins.size).toBeLessThanOrEqual(256);
    expect(origins.servedAmong([1], () => ['http://h999.test'])).toEqual([1]);
  });
});
