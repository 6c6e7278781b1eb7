/** `storage.local`: small user choices that outlive the browser session (the panel's prefs). */
import { ext } from './browser';

export async function localGet<T = unknown>(key: string): Promise<T | undefined> {
  const items = (await ext.storage.local.get(key)) as Record<string, T>;
  return items[key];
}

export async function localSet(key: string, value: unknown): Promise<void> {
  await ext.storage.local.set({ [key]: value });
}
