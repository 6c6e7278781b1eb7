/**
 * The manifest each browser gets. `manifest.json` is the Chrome MV3 manifest crxjs reads; Firefox
 * differences are applied here and nowhere else:
 * - an event page (`background.scripts`) instead of `service_worker`: Firefox has no extension
 *   service workers and `web-ext lint` errors on a `service_worker` without `scripts`;
 * - `browser_specific_settings.gecko` (id, minimum version, the data-collection declaration AMO
 *   now requires); `strict_min_version` 142 is the first with `data_collection_permissions`
 *   on desktop and Android, which keeps lint free of version warnings;
 * - no `key` (Chrome-only: it pins the extension id for tests).
 */
export type TargetBrowser = 'chrome' | 'firefox';

export interface ManifestShape {
  manifest_version: 3;
  name: string;
  version: string;
  background?: { service_worker?: string; scripts?: string[]; type?: 'module' };
  key?: string;
  browser_specific_settings?: unknown;
  [key: string]: unknown;
}

export const FIREFOX_ID = 'cors-lens@cors-lens.dev';
export const FIREFOX_MIN_VERSION = '142.0';

export function manifestFor(browser: TargetBrowser, base: ManifestShape, version: string): ManifestShape {
  const m: ManifestShape = structuredClone(base);
  m.version = version;
  if (browser === 'chrome') return m;
  const entry = m.background?.service_worker ?? m.background?.scripts?.[0];
  if (entry) m.background = { scripts: [entry], type: 'module' };
  delete m.key;
  m.browser_specific_settings = {
    gecko: {
      id: FIREFOX_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ['none'] },
    },
  };
  return m;
}
