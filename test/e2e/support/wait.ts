/** Polling helpers: e2e tests wait for a condition, never for a fixed time. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a wait may go on before it is called a hang: a guard against waiting for good, never a
 * margin a condition must meet. A loaded 2-core machine (four busy loops, a fresh clone's build just
 * done) took over 20 s for DevTools to list the CORS panel, so no wait here gives up sooner.
 */
export const HANG_GUARD_MS = 60_000;

export interface WaitOptions {
  timeout?: number;
  interval?: number;
  /** Shown in the timeout error, with the last value seen. */
  message?: string;
}

/**
 * Calls `probe` until it returns a truthy value and resolves with that value. Errors thrown by
 * the probe count as "not yet" (a target that is still loading throws). On timeout it throws,
 * quoting the last value or error so a failing test says what it saw.
 */
export async function waitFor<T>(probe: () => Promise<T> | T, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = HANG_GUARD_MS, interval = 100, message = 'condition' } = opts;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err instanceof Error ? `error: ${err.message}` : err;
    }
    if (Date.now() > deadline) {
      const seen = typeof last === 'string' ? last : JSON.stringify(last)?.slice(0, 600);
      // Said even when the caller catches it: a wait that routinely runs out is a fixed wait in disguise.
      console.warn(`waitFor gave up after ${timeout} ms: ${message}`);
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}; last seen: ${seen}`);
    }
    await sleep(interval);
  }
}

/** Rejects when `promise` takes longer than `ms` (used around close() calls that may hang). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
