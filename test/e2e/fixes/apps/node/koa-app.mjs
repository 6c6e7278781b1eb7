// Koa: auth middleware and routes for the fixed server, plus the base server.
import { PORT, legacyActualHeaders, legacyPreflight, okBody, pathOf, unauthorized } from './common.mjs';

async function auth(ctx, next) {
  if (unauthorized(ctx.path, ctx.get('Authorization'))) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = 'unauthorized';
    return;
  }
  await next();
}

async function legacy(ctx, next) {
  const pre = legacyPreflight(ctx.method, ctx.path, ctx.get('Access-Control-Request-Method') || undefined, ctx.get('Origin'));
  if (!pre) return next();
  ctx.status = pre.status;
  for (const [n, v] of pre.headers) ctx.set(n, v);
}

function route(withLegacy) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    if (withLegacy) for (const [n, v] of legacyActualHeaders(ctx.path, ctx.get('Origin'))) ctx.set(n, v);
    ctx.type = 'application/json';
    ctx.body = okBody(pathOf(ctx.path));
  };
}

export function installApp(app) {
  app.use(auth);
  app.use(route(false));
}

if (process.argv[2] === 'base') {
  const { default: Koa } = await import('koa');
  const app = new Koa();
  app.use(auth);
  app.use(legacy);
  app.use(route(true));
  app.listen(PORT, '127.0.0.1');
}
