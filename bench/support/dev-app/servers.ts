/**
 * The bench app, written to tmp/ (inside the repo so `react` resolves from its node_modules) and
 * served twice: unbundled by Vite's dev server, and as a production build (`vite build`) by
 * `vite preview`. Both bind 127.0.0.1; the API server is another port, so its calls are
 * cross-origin.
 */
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build, createServer, preview, type InlineConfig } from 'vite';
import { REPO_ROOT } from '../../../test/e2e/support/paths';
import { appFiles, DEFAULT_SHAPE, type AppShape } from './generate';

export interface ServedApp {
  /** The app's URL, with the API origin in its query. */
  url: string;
  close(): Promise<void>;
}

export interface BenchApps {
  dev: ServedApp;
  prod: ServedApp;
  /** Source modules the generator wrote (components, utilities, CSS, entry files). */
  sourceFiles: number;
  close(): Promise<void>;
}

/** Per process: two benchmarks running at once must not rewrite each other's app under its server. */
export const APP_DIR = path.join(REPO_ROOT, 'tmp/bench-dev-app', String(process.pid));

export function writeApp(dir: string, shape: AppShape = DEFAULT_SHAPE): number {
  fs.rmSync(dir, { recursive: true, force: true });
  const files = appFiles(shape);
  for (const [rel, text] of files) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return files.size;
}

/** The same config for dev and build: no config file of the repo's (that one builds the extension). */
function appConfig(root: string): InlineConfig {
  return {
    root,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    cacheDir: path.join(root, '.vite'),
    plugins: [react()],
    build: { outDir: path.join(root, 'dist'), emptyOutDir: true },
  };
}

function appUrl(serverUrl: string, apiOrigin: string): string {
  return `${serverUrl.replace(/\/$/, '')}/?api=${encodeURIComponent(apiOrigin)}`;
}

export async function startDevServer(root: string, apiOrigin: string): Promise<ServedApp> {
  const server = await createServer({ ...appConfig(root), server: { host: '127.0.0.1', port: 0, hmr: true } });
  await server.listen();
  const local = server.resolvedUrls?.local[0];
  if (!local) throw new Error('the Vite dev server reported no URL');
  return { url: appUrl(local, apiOrigin), close: () => server.close() };
}

export async function startProductionServer(root: string, apiOrigin: string): Promise<ServedApp> {
  await build(appConfig(root));
  const server = await preview({ ...appConfig(root), preview: { host: '127.0.0.1', port: 0 } });
  const local = server.resolvedUrls?.local[0];
  if (!local) throw new Error('vite preview reported no URL');
  return {
    url: appUrl(local, apiOrigin),
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}

/** Writes the app, builds it, and serves both forms. */
export async function startBenchApps(apiOrigin: string, shape: AppShape = DEFAULT_SHAPE): Promise<BenchApps> {
  const sourceFiles = writeApp(APP_DIR, shape);
  const prod = await startProductionServer(APP_DIR, apiOrigin);
  const dev = await startDevServer(APP_DIR, apiOrigin).catch(async (err: unknown) => {
    await prod.close();
    throw err;
  });
  return {
    dev,
    prod,
    sourceFiles,
    async close() {
      await Promise.allSettled([dev.close(), prod.close()]);
      fs.rmSync(APP_DIR, { recursive: true, force: true });
    },
  };
}
