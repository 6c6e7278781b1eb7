/** `storage.local`: small user choices that outlive the browser session (the panel's prefs). */
import { promised } from './polyfill';

export async function localGet<T = unknown>(key: string): Promise<T | undefined> {
  const items = (await promised.storage.local.get(key)) as Record<string, T>;
  return items[key];
}

export async function localSet(key: string, value: unknown): Promise<void> {
  await promised.storage.local.set({ [key]: value });
}

/** Calls `listener` with the new value whenever `key` changes in storage.local (any context). */
export function onLocalChange(key: string, listener: (value: unknown) => void): void {
  promised.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && key in changes) listener(changes[key]?.newValue);
  });
}
