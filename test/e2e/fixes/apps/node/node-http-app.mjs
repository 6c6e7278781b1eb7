// node:http: the auth check the fixed server's request handler calls, and the base server.
import { createServer } from 'node:http';
import { PORT, legacyActualHeaders, legacyPreflight, okBody, pathOf, unauthorized } from './common.mjs';

/** Answers 401 when the request lacks the token; returns true when it did. */
export function rejectUnauthorized(req, res) {
  if (!unauthorized(pathOf(req.url), req.headers.authorization)) return false;
  res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('unauthorized');
  return true;
}

/** The unfixed app: auth first, then the legacy CORS answers, then the route. */
export function startBase(port = PORT) {
  const server = createServer((req, res) => {
    req.resume();
    if (rejectUnauthorized(req, res)) return;
    const path = pathOf(req.url);
    const pre = legacyPreflight(req.method, path, req.headers['access-control-request-method'], req.headers.origin);
    if (pre) return void res.writeHead(pre.status, Object.fromEntries(pre.headers)).end();
    if (!path.startsWith('/api/')) return void res.writeHead(404).end('not found');
    for (const [n, v] of legacyActualHeaders(path, req.headers.origin)) res.setHeader(n, v);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(okBody(path));
  });
  server.listen(port, '127.0.0.1');
  return server;
}

if (process.argv[2] === 'base') startBase();
