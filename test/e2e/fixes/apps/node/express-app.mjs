// Express: auth middleware and routes (installApp is what the fixed server inserts after the
// snippet's "routes go after this line"), plus the unfixed base server.
import { PORT, legacyActualHeaders, legacyPreflight, okBody, pathOf, unauthorized } from './common.mjs';

export function auth(req, res, next) {
  if (unauthorized(pathOf(req.originalUrl), req.get('authorization'))) return void res.status(401).set('WWW-Authenticate', 'Bearer').send('unauthorized');
  next();
}

function legacy(req, res, next) {
  const pre = legacyPreflight(req.method, pathOf(req.originalUrl), req.get('access-control-request-method'), req.get('origin'));
  if (pre) return void res.status(pre.status).set(Object.fromEntries(pre.headers)).end();
  next();
}

function routes(app, withLegacy) {
  app.use('/api', (req, res) => {
    const path = pathOf(req.originalUrl);
    if (withLegacy) for (const [n, v] of legacyActualHeaders(path, req.get('origin'))) res.set(n, v);
    res.type('application/json').send(okBody(path));
  });
}

export function installApp(app) {
  app.use(auth);
  routes(app, false);
}

if (process.argv[2] === 'base') {
  const { default: express } = await import('express');
  const app = express();
  app.use(auth);
  app.use(legacy);
  routes(app, true);
  app.listen(PORT, '127.0.0.1');
}
