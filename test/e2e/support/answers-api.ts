/**
 * The API of the "answers" e2e tests: its CORS is broken until the test fixes it (as a developer
 * would between two page loads), and a login route sets cookies with the attributes that decide
 * their fate across sites.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOGIN_COOKIES = [
  'lax=1; SameSite=Lax; Path=/',
  'unset=1; Path=/',
  'none_insecure=1; SameSite=None; Path=/',
  'none_secure=1; SameSite=None; Secure; Path=/',
];

export interface AnswersApi {
  origin: string;
  state: { fixed: boolean };
  close(): Promise<void>;
}

export function startAnswersApi(pageOrigin: string): Promise<AnswersApi> {
  const state = { fixed: false };
  const server = http.createServer((req, res) => {
    const login = req.url?.startsWith('/api/login') === true;
    const cors: Record<string, string> =
      state.fixed || login
        ? { 'Access-Control-Allow-Origin': pageOrigin, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'PUT, POST', 'Access-Control-Allow-Headers': 'content-type', Vary: 'Origin' }
        : {};
    if (req.method === 'OPTIONS') {
      // Before the fix: the auth middleware answers the preflight first.
      res.writeHead(state.fixed || login ? 204 : 401, cors).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ...cors, ...(login ? { 'Set-Cookie': LOGIN_COOKIES } : {}) }).end('{"ok":true}');
  });
  return new Promise((resolve) => {
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://localhost:${port}`, state, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** The page's two calls to the API: a GET and a preflighted JSON PUT. Runs in the page (self-contained). */
export async function pageCallsApi({ origin, round }: { origin: string; round: string }): Promise<string[]> {
  const get = await fetch(`${origin}/api/items?round=${round}`).then(() => 'ok', () => 'failed');
  const put = await fetch(`${origin}/api/items/1?round=${round}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(
    () => 'ok',
    () => 'failed',
  );
  return [get, put];
}
