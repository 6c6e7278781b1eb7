/**
 * The extension namespace, and the only import of it. Everything else goes through the small
 * wrappers in this folder, so browser differences stay here.
 *
 * `chrome.*` (typed by `@types/chrome`) serves what only Chrome's typings describe — webRequest's
 * `extraHeaders`, the callback-style `chrome.devtools.*`, ports, the action badge; Firefox
 * exposes `chrome.*` too. Promise-based storage and tabs go through ./polyfill (the one module
 * importing the archived `webextension-polyfill`).
 */
export const ext: typeof chrome = (globalThis as { chrome?: typeof chrome }).chrome as typeof chrome;

