// Fastify: the auth hook and routes the fixed server adds after the snippet, plus the base server.
import { PORT, legacyActualHeaders, legacyPreflight, okBody, pathOf, unauthorized } from './common.mjs';

async function auth(req, reply) {
  if (unauthorized(pathOf(req.url), req.headers.authorization)) return reply.code(401).header('WWW-Authenticate', 'Bearer').send('unauthorized');
}

async function legacy(req, reply) {
  const pre = legacyPreflight(req.method, pathOf(req.url), req.headers['access-control-request-method'], req.headers.origin);
  if (pre) return reply.code(pre.status).headers(Object.fromEntries(pre.headers)).send();
}

function routes(fastify, withLegacy) {
  fastify.all('/api/*', async (req, reply) => {
    const path = pathOf(req.url);
    if (withLegacy) for (const [n, v] of legacyActualHeaders(path, req.headers.origin)) reply.header(n, v);
    return reply.type('application/json').send(okBody(path));
  });
}

export function installApp(fastify) {
  fastify.addHook('onRequest', auth);
  routes(fastify, false);
}

if (process.argv[2] === 'base') {
  const { default: Fastify } = await import('fastify');
  const fastify = Fastify();
  fastify.addHook('onRequest', auth);
  fastify.addHook('onRequest', legacy);
  routes(fastify, true);
  await fastify.listen({ port: PORT, host: '127.0.0.1' });
}
