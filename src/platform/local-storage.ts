/** `storage.local`: small user choices that outlive the browser session (the panel's prefs). */
import { promised } from './polyfill';

export async function localGet<T = unknown>(key: string): Promise<T | undefined> {
  const items = (await promised.storage.local.get(key)) as Record<string, T>;
  return items[key];
}

export async function localSet(key: string, value: unknown): Promise<void> {
  await promised.storage.local.set({ [key]: value });
}

type Changes = Record<string, { newValue?: unknown } | undefined>;
interface ChangeEvent<A extends unknown[]> {
  addListener(listener: (...args: A) => void): void;
}

/**
 * Calls `listener` with the new value whenever `key` changes in storage.local (any context).
 *
 * Through `storage.local.onChanged`, not the global `storage.onChanged`: a context listening to the
 * global event is sent every change of every area, and the background writes `storage.session` for
 * every request event it records (event-log.ts). Measured with the background's own listener:
 * session writes took about twice as long with the global one in Chromium 156, 2.5–3× in Firefox
 * ESR 153 (which sends such a listener every key of the area: its bug 1833153), and no longer with
 * the area's own.
 */
export function onLocalChange(key: string, listener: (value: unknown) => void): void {
  const areaEvent = (promised.storage.local as { onChanged?: ChangeEvent<[Changes]> }).onChanged;
  if (areaEvent && typeof areaEvent.addListener === 'function') {
    areaEvent.addListener((changes) => {
      if (key in changes) listener(changes[key]?.newValue);
    });
    return;
  }
  // A browser without the area's own event (older ones): the global event, this area only.
  promised.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && key in changes) listener(changes[key]?.newValue);
  });
}
