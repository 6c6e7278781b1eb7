/**
 * ISOLATED-world content script (Chrome, inspected tabs' sites, every frame): tells the background
 * when this document is controlled by a service worker — at once, or when one claims it later.
 * The background then hears requests outside tabs, where Chrome reports a service worker's fetches
 * (background/capture-scope.ts `serve`). It replaces reading DevTools' whole network log for a
 * `_fetchedViaServiceWorker` entry, which cost every request of the tab an entry built and posted
 * (issue 13). Nothing crosses to the page: it reads `navigator.serviceWorker` from its own world
 * and listens there, sends one message per controller, and adds nothing to the page's world.
 */
import { sendToBackground } from '../platform/messages';
import { SW_CONTROLLED_MESSAGE, type SwControlledMessage } from './sw-watch-message';

function watchController(): void {
  // The isolated world's own global (the page's world has another). The file runs again in a
  // document it already watches when DevTools is opened again: then it only tells again.
  const scope = globalThis as { corsLensTellController?: () => void };
  if (scope.corsLensTellController) return scope.corsLensTellController();
  // Opaque-origin documents (sandboxed frames, data:) throw here: nothing to watch.
  const container = navigator.serviceWorker;
  if (!container) return;
  const tell = (): void => {
    if (container.controller) sendToBackground({ type: SW_CONTROLLED_MESSAGE } satisfies SwControlledMessage);
  };
  scope.corsLensTellController = tell;
  container.addEventListener('controllerchange', tell);
  tell();
}

try {
  watchController();
} catch {
  // Never break the page.
}
