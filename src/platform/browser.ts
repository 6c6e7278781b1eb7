/**
 * The extension namespace, and the only import of it. Everything else goes through the small
 * wrappers in this folder, so browser differences stay here.
 *
 * Why `chrome` and not `browser` / webextension-polyfill: Firefox exposes `chrome.*` too (with
 * callbacks, and promises in MV3), while Chrome only exposes `browser` to DevTools extensions from
 * Chrome 152 on. The polyfill is archived upstream ("has served its purpose") and would only add
 * weight. One namespace, one set of types (`@types/chrome`), both browsers. Where Chrome's
 * `chrome.devtools.*` is callback-only, the wrappers use callbacks, which Firefox also accepts.
 */
export const ext: typeof chrome = (globalThis as { chrome?: typeof chrome }).chrome as typeof chrome;

