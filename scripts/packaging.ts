/**
 * What goes into the store packages (used by scripts/package.ts and checked by
 * test/unit/build/packages.test.ts):
 * - the permissions CORS Lens may ask for, each with the reason given to store reviewers;
 * - the Chrome Web Store manifest: the built one without `key` (the key only pins the extension id
 *   of unpacked test builds; the store assigns its own id and rejects uploads that carry one);
 * - the files of the source archive for AMO review, and its SOURCE-REVIEW.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ZipEntry } from './zip';

/** Every permission in either manifest, and why. A new permission must be justified here first. */
export const JUSTIFIED_PERMISSIONS = {
  permissions: {
    webRequest: 'Observe the inspected tab’s requests and responses (headers, status, errors, redirects) without changing them: the evidence every verdict rests on.',
    storage: 'Keep the captured exchanges in storage.session (memory only) so a service-worker restart or event-page suspension loses nothing. Nothing is written to disk.',
    scripting: 'Register the page-side script (request mode and credentials mode, never bodies or header values) on the sites the user allows later, instead of declaring it for every site.',
  },
  host_permissions: {
    'http://localhost/*': 'Local development servers, the usual place to debug CORS (any port): webRequest needs access to both the page and the server it calls.',
    'https://localhost/*': 'As above, over https.',
    'http://127.0.0.1/*': 'As above, by IPv4 loopback address.',
    'https://127.0.0.1/*': 'As above, over https.',
    'http://[::1]/*': 'As above, by IPv6 loopback address.',
    'https://[::1]/*': 'As above, over https.',
    'ws://localhost/*': 'WebSocket handshakes to local development servers: listed in the CORS tab to say they are not CORS (webRequest reports a ws:// request only with access to its URL).',
    'wss://localhost/*': 'As above, over TLS.',
    'ws://127.0.0.1/*': 'As above, by IPv4 loopback address.',
    'wss://127.0.0.1/*': 'As above, over TLS.',
    'ws://[::1]/*': 'As above, by IPv6 loopback address.',
    'wss://[::1]/*': 'As above, over TLS.',
  },
  optional_host_permissions: {
    '*://*/*': 'Optional, asked for at run time from the CORS panel (one site or all): any other site the user wants to debug. Never granted at install.',
  },
} as const;

export type Manifest = Record<string, unknown> & { version?: string; key?: string };

/** The manifest as uploaded to the Chrome Web Store: the built one without `key`. */
export function chromeStoreManifest(built: Manifest): Manifest {
  const m = structuredClone(built);
  delete m.key;
  return m;
}

/** Every file under `dir`, as zip entries with `/`-separated relative names. */
export function filesUnder(dir: string): ZipEntry[] {
  const out: ZipEntry[] = [];
  const walk = (sub: string) => {
    for (const d of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${d.name}` : d.name;
      if (d.isDirectory()) walk(rel);
      else if (d.isFile()) out.push({ name: rel, data: fs.readFileSync(path.join(dir, rel)) });
    }
  };
  walk('');
  return out;
}

/** The Chrome package: dist/chrome with the store manifest. */
export function chromePackageEntries(distDir: string): ZipEntry[] {
  return filesUnder(distDir).map((e) =>
    e.name === 'manifest.json'
      ? { name: e.name, data: Buffer.from(`${JSON.stringify(chromeStoreManifest(JSON.parse(e.data.toString('utf8')) as Manifest), null, 2)}\n`) }
      : e,
  );
}

/**
 * The source tree a reviewer needs: the files git tracks plus new files not ignored (so an archive
 * made before the release commit matches the build that was packaged), never node_modules, dist
 * or artifacts (.gitignore).
 */
export function sourceFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return [...new Set(out.split('\0').filter(Boolean))].filter((f) => fs.statSync(path.join(root, f), { throwIfNoEntry: false })?.isFile()).sort();
}

/** Whether the working tree differs from HEAD (the archive then says so). */
export function workingTreeDirty(root: string): boolean {
  return execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
}

export function sourceReviewText(p: { version: string; node: string; npm: string; commit: string; dirty: boolean; firefoxZip: string }): string {
  return `# CORS Lens ${p.version}: building from source

This archive is the complete source of the Firefox add-on \`${p.firefoxZip}\`
(commit ${p.commit}${p.dirty ? ', plus uncommitted changes present when it was packaged' : ''}).
Nothing in the add-on is minified or obfuscated; the build only bundles the TypeScript/Preact
sources with Vite. No code is downloaded at run time and the add-on makes no network requests.

## Requirements

- Node.js ${p.node} (any Node >= 20.19 works; see \`engines\` in package.json) and npm ${p.npm}
- Linux, macOS or Windows; no browser is needed to build

## Reproduce the build

\`\`\`sh
npm ci
npm run build
\`\`\`

\`npm ci\` installs the exact dependency versions of package-lock.json (set
\`PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1\` to skip the test-only browser
downloads). \`npm run build\` (scripts/build.mjs → vite.config.ts) writes the Firefox add-on to
\`dist/firefox/\` and the Chrome extension to \`dist/chrome/\`. The files of \`dist/firefox/\` are
the files of \`${p.firefoxZip}\`, byte for byte.

To produce the same zip: \`npm run package\` (it also runs \`web-ext lint\`); the packages land in
\`artifacts/packages/\`.

## Where things are

- \`manifest.json\`: the Chrome manifest; \`scripts/manifest-for.ts\` derives the Firefox one
  (event page instead of a service worker, gecko id, no \`key\`) and stamps the version from package.json.
- \`src/background/\`: records the inspected tabs' cross-origin requests (webRequest, read-only).
- \`src/devtools/\`, \`src/panel/\`: the DevTools page and the CORS panel (Preact).
- \`src/core/\`, \`src/sources/\`: the pure analysis (no browser or network APIs).
- \`src/lab/\`, \`src/cli/\`, \`test/\`, \`bench/\`: the test lab, the command-line tool and tests; not in the add-on.

The one \`innerHTML\` assignment \`web-ext lint\` warns about is inside Preact's renderer (its
\`dangerouslySetInnerHTML\` support); CORS Lens never uses that prop, and every captured value is
rendered as text.
`;
}
