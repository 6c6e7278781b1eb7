// Hono: auth middleware and routes for the fixed server, plus the base server (on @hono/node-server).
import { PORT, legacyActualHeaders, legacyPreflight, okBody, unauthorized } from './common.mjs';

async function auth(c, next) {
  if (unauthorized(c.req.path, c.req.header('authorization'))) return c.text('unauthorized', 401, { 'WWW-Authenticate': 'Bearer' });
  await next();
}

async function legacy(c, next) {
  const pre = legacyPreflight(c.req.method, c.req.path, c.req.header('access-control-request-method'), c.req.header('origin'));
  if (!pre) return next();
  return c.body(null, pre.status, Object.fromEntries(pre.headers));
}

function routes(app, withLegacy) {
  app.all('/api/*', (c) => {
    if (withLegacy) for (const [n, v] of legacyActualHeaders(c.req.path, c.req.header('origin'))) c.header(n, v);
    return c.body(okBody(c.req.path), 200, { 'Content-Type': 'application/json' });
  });
}

export function installApp(app) {
  app.use('/api/*', auth);
  routes(app, false);
}

if (process.argv[2] === 'base') {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.use('/api/*', auth);
  app.use('/api/*', legacy);
  routes(app, true);
  serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' });
}
