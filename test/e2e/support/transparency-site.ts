/**
 * The transparency test's site: pages that run the probes (test/e2e/transparency/) with real
 * npm client libraries, on http://127.0.0.1:PORT (a host CORS Lens's page-side script runs on),
 * and an API on http://localhost:PORT (so every call is cross-origin): `/api/ok` allows any origin,
 * `/api/blocked` sends no CORS headers, `/api/sse*` the same for an event stream.
 */
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './paths';

const DIR = path.join(REPO_ROOT, 'test/e2e/transparency');
const MODULES = path.join(REPO_ROOT, 'node_modules');

export interface ProbeUrls {
  ok: string;
  blocked: string;
  closed: string;
  sse: string;
  sseBlocked: string;
  mocked: string;
}

export interface TransparencySite {
  pageUrl(page: 'raw' | 'libs' | 'zone' | 'msw'): string;
  urls: ProbeUrls;
  close(): Promise<void>;
}

async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://localhost:${port}/api/closed`;
}

async function bundleLibraries(): Promise<string> {
  const r = await build({ entryPoints: [path.join(DIR, 'libs-entry.js')], bundle: true, format: 'iife', write: false, platform: 'browser', target: 'es2022', logLevel: 'error' });
  return r.outputFiles[0]!.text;
}

const SCRIPTS: Record<string, string[]> = {
  raw: ['/probe.js'],
  libs: ['/libs.js', '/probe.js'],
  zone: ['/zone.js', '/probe.js'],
  msw: ['/msw.js', '/msw-probe.js'],
};

export async function startTransparencySite(): Promise<TransparencySite> {
  const libs = await bundleLibraries();
  const files: Record<string, () => string> = {
    '/probe.js': () => fs.readFileSync(path.join(DIR, 'probe.js'), 'utf8'),
    '/msw-probe.js': () => fs.readFileSync(path.join(DIR, 'msw-probe.js'), 'utf8'),
    '/libs.js': () => libs,
    '/zone.js': () => fs.readFileSync(path.join(MODULES, 'zone.js/bundles/zone.umd.js'), 'utf8'),
    '/msw.js': () => fs.readFileSync(path.join(MODULES, 'msw/lib/iife/index.js'), 'utf8'),
    '/mockServiceWorker.js': () => fs.readFileSync(path.join(MODULES, 'msw/lib/mockServiceWorker.js'), 'utf8'),
  };
  let urls: ProbeUrls | undefined;
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const allow = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (url.pathname === '/api/ok') return res.writeHead(200, { ...allow, 'content-type': 'application/json' }).end('{"ok":true}');
    if (url.pathname === '/api/blocked') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":false}');
    if (url.pathname === '/api/sse' || url.pathname === '/api/sse-blocked') {
      const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...(url.pathname === '/api/sse' ? allow : {}) };
      return res.writeHead(200, headers).end('retry: 600000\ndata: hello\n\n');
    }
    const page = /^\/page\/(raw|libs|zone|msw)$/.exec(url.pathname)?.[1];
    if (page) {
      const scripts = SCRIPTS[page]!.map((s) => `<script src="${s}"></script>`).join('\n');
      const html = `<!doctype html><meta charset="utf-8"><title>transparency ${page}</title>\n<script>window.PROBE = ${JSON.stringify(urls)};</script>\n${scripts}\n<body>${page}</body>`;
      return res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(html);
    }
    const file = files[url.pathname];
    if (file) return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(file());
    res.writeHead(404).end();
  };
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  // Dual stack: localhost may resolve to ::1 (Firefox). Skipped when there is no IPv6 loopback.
  const server6 = http.createServer(handler);
  const has6 = await new Promise<boolean>((resolve) => {
    server6.once('error', () => resolve(false));
    server6.listen(port, '::1', () => resolve(true));
  });
  const api = `http://localhost:${port}`;
  urls = {
    ok: `${api}/api/ok`,
    blocked: `${api}/api/blocked`,
    closed: await closedPortUrl(),
    sse: `${api}/api/sse`,
    sseBlocked: `${api}/api/sse-blocked`,
    mocked: `${api}/api/mocked`,
  };
  return {
    pageUrl: (page) => `http://127.0.0.1:${port}/page/${page}`,
    urls,
    close: async () => {
      for (const s of has6 ? [server, server6] : [server]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
