/**
 * A small value the background can read synchronously at its start, before the first await:
 * `localStorage`, which a Firefox event page has (it is a page) and a Chrome service worker has
 * not. Undefined wherever it is missing or fails (then the caller falls back to its async state).
 */
export function readSync(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the value (quietly does nothing where there is no synchronous storage). */
export function writeSync(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // No storage in this context, or full: the async state still holds the truth.
  }
}

function storage(): Storage | undefined {
  const s = (globalThis as { localStorage?: Storage }).localStorage;
  return s && typeof s.getItem === 'function' ? s : undefined;
}
