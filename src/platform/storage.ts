/** `storage.session`: in memory, survives service-worker restarts and event-page suspension. */
import { promised } from './polyfill';

export async function sessionGet<T = unknown>(keys: string[] | null): Promise<Record<string, T>> {
  return (await promised.storage.session.get(keys)) as Record<string, T>;
}

export async function sessionSet(items: Record<string, unknown>): Promise<void> {
  await promised.storage.session.set(items);
}

export async function sessionRemove(keys: string[]): Promise<void> {
  if (keys.length > 0) await promised.storage.session.remove(keys);
}
