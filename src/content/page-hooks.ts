/**
 * MAIN-world content script (document_start, every frame): records each fetch / XHR / EventSource
 * call's mode, credentials mode, redirect mode, header names and how it settled, and hands that
 * to the relay (relay.ts). Never bodies, never header values, never cookies.
 *
 * Cost, paid by every page: this runs in the page's own world before its scripts, replaces
 * `fetch`, three `XMLHttpRequest.prototype` methods and `EventSource` with transparent Proxies
 * (one extra microtask per fetch), and sends a message per batch of cross-origin or failed calls.
 * Runs only on sites CORS Lens has host access to: the local development hosts the manifest
 * declares, and sites the user grants later (registered by src/platform/content-scripts.ts).
 */
import { installPageHooks } from './page-world/install';

try {
  installPageHooks(window);
} catch {
  // Never break the page.
}
