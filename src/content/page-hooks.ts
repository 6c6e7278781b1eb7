/**
 * MAIN-world content script (document_start, every frame): records each fetch / XHR / EventSource
 * call's mode, credentials mode, redirect mode, header names and how it settled, and hands that
 * to the relay (relay.ts). Never bodies, never header values, never cookies.
 *
 * Cost, paid by every page: this runs in the page's own world before its scripts, replaces
 * `fetch`, three `XMLHttpRequest.prototype` methods and `EventSource` with transparent Proxies
 * (one extra microtask per fetch), and sends a message per batch of cross-origin or failed calls.
 * No extra permission: the `<all_urls>` host access the extension already has covers it.
 */
import { installPageHooks } from './page-world/install';

try {
  installPageHooks(window);
} catch {
  // Never break the page.
}
