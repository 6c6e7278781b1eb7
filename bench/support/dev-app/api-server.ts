/**
 * The bench app's API: a loopback server on its own port (so every call is cross-origin), answering
 * the calls of generate.ts apiCalls() by kind. Preflights carry `Access-Control-Max-Age: 0` so each
 * load sends them again (a cached preflight would make reloads cheaper on one side only by luck),
 * and nothing is cacheable. `/warmup` is a blank page where the bench readies a browser before it
 * navigates to the app: opened as http://localhost:PORT, it fetches http://127.0.0.1:PORT, a
 * cross-origin request (the kind the extension records).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WarmupUrls {
  /** The blank warm-up page (on localhost, another origin than the API's). */
  page: string;
  /** A cross-origin URL that page fetches until DevTools and the extension have seen one. */
  fetch: string;
}

/** In the query of every warm-up fetch: what the bench asks the extension's log for. */
export const WARMUP_MARK = 'bench-warmup';

export interface ApiServer {
  origin: string;
  warmup: WarmupUrls;
  /** Requests answered, by first path segment after /api (`simple`, `preflighted`, …). */
  hits(): Record<string, number>;
  close(): Promise<void>;
}

function kindOf(pathname: string): string {
  return pathname.split('/')[2] ?? '';
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, kind: string): void {
  const origin = req.headers.origin ?? '*';
  const cors = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  const noStore = { 'Cache-Control': 'no-store' };
  if (req.method === 'OPTIONS') {
    // The blocked preflight allows the method but not the page's custom header.
    const allowHeaders = kind === 'preflighted-blocked' ? 'Content-Type' : 'Content-Type, X-Trace-Id';
    res.writeHead(204, { ...cors, ...noStore, 'Access-Control-Allow-Methods': 'GET, PUT, POST', 'Access-Control-Allow-Headers': allowHeaders, 'Access-Control-Max-Age': '0' });
    res.end();
    return;
  }
  const body = JSON.stringify({ kind, path: req.url, items: [1, 2, 3] });
  const headers = { ...noStore, 'Content-Type': 'application/json' };
  // simple-blocked: a server that forgot CORS altogether.
  res.writeHead(200, kind === 'simple-blocked' ? headers : { ...headers, ...cors });
  res.end(body);
}

export async function startApiServer(): Promise<ApiServer> {
  const counts: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    req.resume();
    if (url.pathname === '/warmup') {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      res.end('<!doctype html><title>warm-up</title><p>warm-up');
      return;
    }
    const kind = kindOf(url.pathname);
    counts[kind] = (counts[kind] ?? 0) + 1;
    req.on('end', () => answer(req, res, kind));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    warmup: { page: `http://localhost:${port}/warmup`, fetch: `${origin}/warmup` },
    hits: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
