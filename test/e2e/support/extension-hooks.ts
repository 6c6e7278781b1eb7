/**
 * The background's read-only test hooks (`self.__corsLens`, src/background/test-hooks.ts), read
 * from Chromium's service worker through Playwright.
 */
import type { Worker } from 'playwright-core';
import type { CorsLensTestHooks } from '../../../src/background/test-hooks';

type WithHooks = { __corsLens?: CorsLensTestHooks };

/** Resolves once the background restored its state and its listeners are live. */
export async function backgroundReady(sw: Worker): Promise<{ browser: string; listenerErrors: string[] }> {
  return sw.evaluate(async () => {
    const hooks = (self as unknown as WithHooks).__corsLens;
    if (!hooks) throw new Error('self.__corsLens is missing: is this the CORS Lens build?');
    await hooks.ready;
    return { browser: hooks.browser, listenerErrors: hooks.listenerErrors };
  });
}

/** How many recorded requests have a URL containing `text` (any tab). */
export function backgroundSeen(sw: Worker, text: string): Promise<number> {
  return sw.evaluate((t) => (self as unknown as WithHooks).__corsLens?.seen(t) ?? 0, text);
}
