/**
 * A page and an API on non-local host names, for the host-access tests: both listen on 127.0.0.1
 * (ephemeral ports) and the browser maps the names there (Chromium: --host-resolver-rules;
 * Firefox: network.dns.localDomains). CORS Lens has no access to these names until granted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const APP_HOST = 'app.cors-lens.test';
export const API_HOST = 'api.cors-lens.test';

export interface AccessSite {
  /** http://app.cors-lens.test:<port>: serves a blank page on every path. */
  appOrigin: string;
  /** http://api.cors-lens.test:<port>: `/ok` allows any origin, `/blocked` sends no CORS header. */
  apiOrigin: string;
  /** The same servers by loopback address (access granted at install). */
  localAppOrigin: string;
  localApiOrigin: string;
  close(): Promise<void>;
}

const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

export async function startAccessSite(): Promise<AccessSite> {
  const app = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>access test page</title><p>access test page</p>');
  });
  const api = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers: Record<string, string> = { 'content-type': 'text/plain', 'cache-control': 'no-store' };
    if (path === '/ok') headers['access-control-allow-origin'] = '*';
    res.writeHead(200, headers);
    res.end('ok');
  });
  const [appPort, apiPort] = await Promise.all([listen(app), listen(api)]);
  const close = (s: http.Server) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
  return {
    appOrigin: `http://${APP_HOST}:${appPort}`,
    apiOrigin: `http://${API_HOST}:${apiPort}`,
    localAppOrigin: `http://127.0.0.1:${appPort}`,
    localApiOrigin: `http://localhost:${apiPort}`,
    close: async () => {
      await Promise.all([close(app), close(api)]);
    },
  };
}

/** The patterns CORS Lens asks for to see the test site (port-less, as the panel builds them). */
export const SITE_PATTERNS = [`http://${APP_HOST}/*`, `http://${API_HOST}/*`];
