/**
 * The page-side script (src/content/page-hooks.ts, MAIN world) is built from the manifest like
 * any content script, but is not *declared* in the manifest the browsers get: it is registered
 * at run time, only while the user has turned it on (src/platform/content-scripts.ts). Off by
 * default because a page can tell it is there (issue 13; measured by test/e2e/transparency.test.ts):
 * every exception fetch/XHR/EventSource throw carries its frame in Chromium and Firefox.
 */
import type { Plugin } from 'vite';
import { PAGE_HOOKS_FILE } from '../src/platform/content-scripts';

interface ContentScriptEntry {
  js?: string[];
  world?: string;
}

/** The manifest without its MAIN-world content scripts (pure). */
export function withoutMainWorldScripts(manifest: Record<string, unknown>): Record<string, unknown> {
  const scripts = (manifest['content_scripts'] ?? []) as ContentScriptEntry[];
  return { ...manifest, content_scripts: scripts.filter((s) => s.world !== 'MAIN') };
}

export function pageSideManifest(): Plugin {
  return {
    name: 'cors-lens:page-side-manifest',
    enforce: 'post',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const asset = bundle['manifest.json'];
        if (!asset || asset.type !== 'asset') this.error('manifest.json is missing from the bundle');
        if (!bundle[PAGE_HOOKS_FILE]) this.error(`${PAGE_HOOKS_FILE} is missing: the page-side script must be built where content-scripts.ts registers it from`);
        const manifest = JSON.parse(String(asset.source)) as Record<string, unknown>;
        asset.source = `${JSON.stringify(withoutMainWorldScripts(manifest), null, 2)}\n`;
      },
    },
  };
}
