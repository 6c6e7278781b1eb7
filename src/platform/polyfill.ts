/**
 * The promise-based `browser.*` namespace, through `webextension-polyfill`. The polyfill is
 * archived upstream ("has served its purpose"): Firefox has always had `browser`, and Chrome
 * exposes it natively to DevTools extensions from 152 on, in which case the polyfill hands back
 * the native object untouched. It stays behind this one module so it can be dropped by replacing
 * the import with `globalThis.browser`. Chrome-only features (webRequest `extraHeaders`, the
 * callback-style `chrome.devtools.*`) keep using `ext` from ./browser.
 */
import browser from 'webextension-polyfill';

export const promised = browser;
