/**
 * The page-side scripts (src/content/page-hooks.ts in the MAIN world, src/content/relay.ts) are
 * built from the manifest like any content script, but are not *declared* in the manifest the
 * browsers get: they are registered at run time, only while the user has turned them on
 * (src/platform/content-scripts.ts). Off by default because a page can tell they are there
 * (issue 13; measured by test/e2e/transparency.test.ts): every exception fetch/XHR/EventSource
 * throw carries the hooks' frame in Chromium and Firefox, and the relay answers a forged handshake.
 */
import type { Plugin } from 'vite';
import { PAGE_HOOKS_FILE, RELAY_FILE } from '../src/shared/page-side-files.ts';

/** The manifest without its content scripts (pure). */
export function withoutPageSideScripts(manifest: Record<string, unknown>): Record<string, unknown> {
  const { content_scripts: _declared, ...rest } = manifest;
  return rest;
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
        for (const file of [PAGE_HOOKS_FILE, RELAY_FILE]) {
          if (!bundle[file]) this.error(`${file} is missing: the page-side scripts must be built where content-scripts.ts registers them from`);
        }
        const manifest = JSON.parse(String(asset.source)) as Record<string, unknown>;
        asset.source = `${JSON.stringify(withoutPageSideScripts(manifest), null, 2)}\n`;
      },
    },
  };
}
