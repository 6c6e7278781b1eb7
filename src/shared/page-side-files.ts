/**
 * Where the build puts the content scripts (src/content/). Shared by the background (which
 * registers them) and the build (which keeps them out of the declared manifest); imports nothing,
 * so Vite's config loader can read it as it is.
 */
export const PAGE_HOOKS_FILE = 'src/content/page-hooks.js';
export const RELAY_FILE = 'src/content/relay.js';
export const SW_WATCH_FILE = 'src/content/sw-watch.js';
