/**
 * The panel outside the extension, for benchmarks and design work: builds `src/panel/inline.html`
 * (the panel with a fake background, see src/panel/inline.tsx) with Vite, minified like the
 * extension, and serves the result from a loopback port. Pages drive it through
 * `window.corsLensInline.emit(message)`.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { build } from 'vite';
import { analyze } from '../../src/core/analyze';
import type { AnalyzedExchange } from '../../src/core/model';
import { harToObservations } from '../../src/sources/har';
import { syntheticChromeHar } from './synthetic-har';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface InlinePanel {
  url: string;
  dir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Builds the inline panel into a temporary folder and serves it on 127.0.0.1:`port`. */
export async function startInlinePanel(port: number): Promise<InlinePanel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-inline-'));
  await build({
    configFile: false,
    root: path.join(ROOT, 'src/panel'),
    base: './',
    logLevel: 'warn',
    plugins: [preact()],
    build: { outDir: dir, emptyOutDir: true, minify: true, target: 'chrome120', rollupOptions: { input: path.join(ROOT, 'src/panel/inline.html') } },
  });
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'inline.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/inline.html`,
    dir,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** At least `count` analysed cross-origin exchanges from the synthetic HAR, trimmed to `count`. */
export function syntheticExchanges(count: number): AnalyzedExchange[] {
  let entries = count * 3;
  for (;;) {
    const { observations } = harToObservations(JSON.parse(syntheticChromeHar(entries)));
    const analyzed = analyze(observations, { browser: 'chrome' });
    if (analyzed.length >= count) return analyzed.slice(0, count);
    entries *= 2;
  }
}
