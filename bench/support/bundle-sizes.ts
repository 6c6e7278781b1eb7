/**
 * Gzipped sizes of a built extension (dist/chrome): what the panel loads first, the fix engine it
 * fetches after the first render, and every file of the package. One measurement for the bench
 * (bench/panel.ts), the docs (scripts/docs-figures.ts) and the test that keeps them equal.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface BundleSizes {
  /** JS the panel page loads (its script and modulepreloads), bytes gzipped file by file. */
  panelInitial: number;
  panelInitialFiles: number;
  /** The fix engine chunk and the chunks it imports that the first load did not bring (the
   * evaluator rides there since the panel's first load does without it), fetched after the first render. */
  fixEngine: number;
  css: number;
  /** Every file of the package, gzipped file by file. */
  extension: number;
  extensionFiles: number;
  images: number;
  sourcemaps: number;
}

/** Files a page loads: its script and modulepreload/stylesheet links (Vite's output). */
function pageAssets(dist: string, html: string): string[] {
  const text = fs.readFileSync(path.join(dist, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

/** A chunk and every chunk it imports statically (`from"./x.js"`, `import"./x.js"`), transitively. */
function staticClosure(dist: string, first: string): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = fs.readFileSync(path.join(dist, rel), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(path.join(path.dirname(rel), m[1]!));
  };
  visit(first);
  return [...seen];
}

function filesUnder(dist: string): string[] {
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(dist, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else all.push(rel);
    }
  };
  walk('');
  return all;
}

export function measureBundle(dist: string): BundleSizes {
  if (!fs.existsSync(path.join(dist, 'manifest.json'))) throw new Error(`${dist} is missing: run \`npm run build\` first`);
  const gz = (rel: string) => zlib.gzipSync(fs.readFileSync(path.join(dist, rel)), { level: 9 }).length;
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(f), 0);
  const all = filesUnder(dist);
  const assets = pageAssets(dist, 'src/panel/panel.html');
  const initialJs = assets.filter((f) => f.endsWith('.js'));
  return {
    panelInitial: sum(initialJs),
    panelInitialFiles: initialJs.length,
    fixEngine: sum(
      all
        .filter((f) => /assets\/fix-engine-[^/]+\.js$/.test(f))
        .flatMap((f) => staticClosure(dist, f))
        .filter((f, i, list) => list.indexOf(f) === i && !initialJs.includes(f)),
    ),
    css: sum(assets.filter((f) => f.endsWith('.css'))),
    extension: sum(all),
    extensionFiles: all.length,
    images: sum(all.filter((f) => f.endsWith('.png'))),
    sourcemaps: all.filter((f) => f.endsWith('.map')).length,
  };
}

/** "55.6 KB": the unit and precision the docs use (1 KB = 1024 bytes). */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The sentence the docs carry, generated from a measurement (scripts/docs-figures.ts). */
export function bundleSentence(s: BundleSizes): string {
  return `panel first load ${kb(s.panelInitial)} (+ ${kb(s.fixEngine)} fix engine loaded after the first paint), whole extension ${kb(s.extension)} (${s.extensionFiles} files), gzipped file by file`;
}
