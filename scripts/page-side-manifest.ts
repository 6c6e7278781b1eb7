/**
 * The content scripts (src/content/page-hooks.ts in the MAIN world, src/content/relay.ts, and
 * src/content/sw-watch.ts) are built from the manifest like any content script, but are not
 * *declared* in the manifest the browsers get: each is registered at run time where and while it
 * is wanted (src/platform/content-scripts.ts). The page-side pair is off by default because a page
 * can tell it is there (issue 13; measured by test/e2e/transparency.test.ts): every exception
 * fetch/XHR/EventSource throw carries the hooks' frame in Chromium and Firefox, and the relay
 * answers a forged handshake. The service-worker watch goes to the inspected tabs' sites (Chrome).
 */
import type { Plugin } from 'vite';
import { PAGE_HOOKS_FILE, RELAY_FILE, SW_WATCH_FILE } from '../src/shared/page-side-files.ts';

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
        for (const file of [PAGE_HOOKS_FILE, RELAY_FILE, SW_WATCH_FILE]) {
          if (!bundle[file]) this.error(`${file} is missing: the content scripts must be built where content-scripts.ts registers them from`);
        }
        const manifest = JSON.parse(String(asset.source)) as Record<string, unknown>;
        asset.source = `${JSON.stringify(withoutPageSideScripts(manifest), null, 2)}\n`;
      },
    },
  };
}
