/**
 * The background hears its prefs change through `storage.local.onChanged`, never the global
 * `storage.onChanged`: a global listener is sent every `storage.session` write too, and the
 * background writes one per request event it records (the cost is in bench/profile-open.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { onLocalChange } from '../../../src/platform/local-storage';

type Listener = (...args: unknown[]) => void;
const event = () => {
  const listeners: Listener[] = [];
  return { listeners, addListener: (l: Listener) => listeners.push(l) };
};

function fakeStorage(withAreaEvent: boolean) {
  const global = event();
  const local = event();
  (globalThis as unknown as { chrome: unknown }).chrome = {
    storage: { onChanged: global, local: withAreaEvent ? { onChanged: local } : {}, session: {} },
  };
  return { global, local };
}

afterEach(() => {
  delete (globalThis as unknown as { chrome?: unknown }).chrome;
});

describe('onLocalChange', () => {
  it("listens on storage.local's own event and leaves the global one alone", () => {
    const { global, local } = fakeStorage(true);
    const seen: unknown[] = [];
    onLocalChange('panelPrefs', (v) => seen.push(v));
    expect(global.listeners).toHaveLength(0);
    expect(local.listeners).toHaveLength(1);
    local.listeners[0]!({ other: { newValue: 1 } });
    local.listeners[0]!({ panelPrefs: { newValue: { stack: 'express' } } });
    local.listeners[0]!({ panelPrefs: {} });
    expect(seen).toEqual([{ stack: 'express' }, undefined]);
  });

  it('falls back to the global event, keeping only the local area, where the area has no event', () => {
    const { global } = fakeStorage(false);
    const seen: unknown[] = [];
    onLocalChange('panelPrefs', (v) => seen.push(v));
    expect(global.listeners).toHaveLength(1);
    global.listeners[0]!({ panelPrefs: { newValue: 1 } }, 'session');
    global.listeners[0]!({ panelPrefs: { newValue: 2 } }, 'local');
    expect(seen).toEqual([2]);
  });
});
