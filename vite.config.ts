/**
 * Builds the extension for one browser: CORS_LENS_BROWSER=chrome|firefox (default chrome) →
 * dist/<browser>/. `npm run build` (scripts/build.mjs) runs both.
 *
 * Development builds never touch dist/<browser>, so the production build there stays loadable:
 * `npm run dev` starts crxjs's dev server for Chrome (CORS_LENS_DEV_PORT, default 5173) and writes
 * dist/dev-chrome: load that folder unpacked once. crxjs's service worker proxies every extension
 * page — the DevTools page and also the panel, which crxjs doesn't know about (crxjs#945) — to the
 * dev server, so the panel gets Preact HMR and background edits reload the extension (checked in
 * Chromium 156: panel, port and records all work from the dev build).
 * Firefox has no extension service worker to do that proxying, so use a watch build there:
 *   npm run dev:firefox   (vite build --watch --mode development → dist/dev-firefox)
 *   npx web-ext run -s dist/dev-firefox   (reloads the add-on when the folder changes)
 * The panel alone, with a fake background: http://localhost:5173/src/panel/inline.html
 */
import { defineConfig, type Plugin } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import baseManifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { manifestFor, type ManifestShape, type TargetBrowser } from './scripts/manifest-for.ts';
import { pageSideManifest } from './scripts/page-side-manifest.ts';
import { quietKnownBuildNoise } from './scripts/known-build-noise.ts';

quietKnownBuildNoise();

const browser: TargetBrowser = process.env.CORS_LENS_BROWSER === 'firefox' ? 'firefox' : 'chrome';
const root = import.meta.dirname;

const DEV_PORT = Number(process.env.CORS_LENS_DEV_PORT ?? 5173);

/** In dev, crxjs's loaders import modules from the Vite server; unpacked extensions may allow localhost. */
function withDevCsp(m: ManifestShape, command: 'build' | 'serve'): ManifestShape {
  if (command !== 'serve') return m;
  const csp = m.content_security_policy as { extension_pages: string };
  const origin = `http://localhost:${DEV_PORT}`;
  return { ...m, content_security_policy: { extension_pages: csp.extension_pages.replace("script-src 'self'", `script-src 'self' ${origin}`) } };
}

/** Where this build goes: dist/<browser>, dist/dev-<browser> in development, or a private folder. */
function outDirFor(dev: boolean): string {
  // CORS_LENS_OUT_DIR: a private build (parallel work, benchmarks of variants) leaves dist/ alone.
  if (process.env.CORS_LENS_OUT_DIR) return `${process.env.CORS_LENS_OUT_DIR}/${browser}`;
  return dev ? `dist/dev-${browser}` : `dist/${browser}`;
}

/** Says, once the dev server or the first watch build is ready, which folder to load and where. */
function announceDevBuild(outDir: string): Plugin {
  let announced = false;
  const announce = (url?: string) => {
    if (announced) return;
    announced = true;
    const load = browser === 'firefox'
      ? `about:debugging#/runtime/this-firefox → Load Temporary Add-on… → ${outDir}/manifest.json (or: npx web-ext run -s ${outDir})`
      : `chrome://extensions → Developer mode → Load unpacked → ${outDir}`;
    console.log(`\n  CORS Lens development build in ${outDir}/ (dist/${browser} keeps the production build)`);
    console.log(`  Load it once: ${load}`);
    if (url) console.log(`  The panel alone, with a fake background: ${url}src/panel/inline.html`);
    console.log('');
  };
  return {
    name: 'cors-lens:announce-dev-build',
    configureServer(server) {
      server.httpServer?.once('listening', () => setTimeout(() => announce(server.resolvedUrls?.local[0] ?? `http://localhost:${DEV_PORT}/`), 0));
    },
    closeBundle() {
      if (this.meta.watchMode) announce();
    },
  };
}

export default defineConfig(({ command, mode }) => ({
  root,
  publicDir: 'public',
  plugins: [
    ...(command === 'serve' || mode === 'development' ? [announceDevBuild(outDirFor(true))] : []),
    preact(),
    crx({
      // crxjs's manifest types lag the real schema (`key`, gecko `data_collection_permissions`).
      manifest: withDevCsp(manifestFor(browser, baseManifest as ManifestShape, pkg.version), command) as never,
      browser,
      // The page-side source (src/content/): the content scripts are built as self-contained
      // IIFEs, not crxjs's async module loader, so they run synchronously at document_start —
      // the hooks must be in place before the page's first fetch (and sw-watch.ts, isolated, sees
      // a service worker's claim). The MAIN-world one is the only
      // code CORS Lens runs inside pages: a few KB that wrap fetch/XHR/EventSource transparently
      // and pass on request shapes and outcomes, never bodies or header values.
      contentScripts: { standaloneFiles: ['src/content/page-hooks.ts', 'src/content/relay.ts', 'src/content/sw-watch.ts'] },
    }),
    // …but none is declared: each is registered at run time, where and while it is wanted.
    pageSideManifest(),
  ],
  build: {
    outDir: outDirFor(command === 'serve' || mode === 'development'),
    emptyOutDir: true,
    target: browser === 'firefox' ? 'firefox142' : 'chrome120',
    // Minified: the panel carries the core, the fix renderers and the report writers, and the whole
    // package stays within its size budget (bench/panel.ts checks it). No sourcemaps in the package.
    // CORS_LENS_UNMINIFIED=1 with CORS_LENS_OUT_DIR: a private build whose profiles name functions
    // (bench/profile-open.ts); never dist/, which is what gets packaged.
    minify: !(process.env.CORS_LENS_UNMINIFIED === '1' && process.env.CORS_LENS_OUT_DIR),
    sourcemap: false,
    rollupOptions: {
      // The panel page is opened by devtools.panels.create(), not named in the manifest, so crxjs
      // cannot find it: add it by hand (crxjs docs, "Extra HTML pages").
      // The grant page likewise: the Firefox panel opens it to ask for host access (src/access/).
      input: { panel: resolve(root, 'src/panel/panel.html'), grant: resolve(root, 'src/access/grant.html') },
      // Rolldown's "[PLUGIN_TIMINGS] … callbacks ran for 2.0s of this 3.0s build" shows up only on a
      // busy machine and asks nothing of the user: the build's output stays the same on every machine.
      checks: { bundlerTimings: false },
    },
  },
  server: {
    port: DEV_PORT,
    strictPort: true,
  },
}));
