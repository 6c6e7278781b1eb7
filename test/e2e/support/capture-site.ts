/**
 * A two-origin site for the capture-scope tests (issue 13): a page on 127.0.0.1 that, on load,
 * makes one cross-origin PUT whose preflight the server does not answer with CORS headers (the
 * browser blocks it; Firefox reports only such failures, and network errors, as webRequest errors:
 * a simple request without Access-Control-Allow-Origin looks like a success there) and one GET it
 * shares. Both hosts are local development hosts CORS Lens may see
 * from install. Every URL carries a tag, so a test can tell its requests apart.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Page-side expression (a function of the URL) for the blocked request: a preflighted PUT. */
export const FAIL = (url: string): Promise<string> => fetch(url, { method: 'PUT' }).then(() => 'ok', () => 'blocked');

export interface CaptureSite {
  /** The page: on load it makes a blocked PUT to blockedUrl(tag) and fetches allowedUrl(tag). */
  pageUrl(tag: string): string;
  blockedUrl(tag: string): string;
  allowedUrl(tag: string): string;
  /** Requests the API server received, as path + query. */
  hits(): string[];
  close(): Promise<void>;
}

export async function startCaptureSite(): Promise<CaptureSite> {
  const hits: string[] = [];
  const api = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if ((req.url ?? '').startsWith('/allowed')) res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    res.end('ok');
  });
  let apiOrigin = '';
  const page = http.createServer((req, res) => {
    const tag = new URL(req.url ?? '/', 'http://x').searchParams.get('tag') ?? 'none';
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const blocked = JSON.stringify(`${apiOrigin}/blocked?tag=${encodeURIComponent(tag)}`);
    const allowed = JSON.stringify(`${apiOrigin}/allowed?tag=${encodeURIComponent(tag)}`);
    res.end(`<!doctype html><title>capture ${tag}</title><script>window.loaded = Promise.allSettled([fetch(${blocked}, { method: 'PUT' }), fetch(${allowed})]);</script>`);
  });
  await Promise.all([new Promise<void>((r) => api.listen(0, r)), new Promise<void>((r) => page.listen(0, '127.0.0.1', r))]);
  apiOrigin = `http://localhost:${(api.address() as AddressInfo).port}`;
  const pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  return {
    pageUrl: (tag) => `${pageOrigin}/page?tag=${encodeURIComponent(tag)}`,
    blockedUrl: (tag) => `${apiOrigin}/blocked?tag=${encodeURIComponent(tag)}`,
    allowedUrl: (tag) => `${apiOrigin}/allowed?tag=${encodeURIComponent(tag)}`,
    hits: () => [...hits],
    close: async () => {
      await Promise.all([new Promise<void>((r) => api.close(() => r())), new Promise<void>((r) => page.close(() => r()))]);
    },
  };
}
