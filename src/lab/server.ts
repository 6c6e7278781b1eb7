/**
 * The CORS lab server: three loopback origins that answer scenario requests exactly as the
 * scenario registry says, plus the lab page.
 *
 *   page   http://127.0.0.1:PAGE   the lab page, /client.js, /lab.css, same-origin scenarios;
 *                                  /runner?ids=a,b&nonce=x runs scenarios between console markers
 *   api    http://localhost:API    cross-site API (listens on 127.0.0.1 and ::1: Chromium resolves
 *          http://127.0.0.1:API    localhost to ::1); the same port on 127.0.0.1 is the same-site API
 *   third  http://127.0.0.1:THIRD  a third origin, for redirects
 *   closed http://127.0.0.1:CLOSED a port nothing listens on
 *
 * Every server logs each request in one bounded log: GET/DELETE /__lab/log on any origin.
 *
 * Cookies: GET / sets `lab_session` (host-only, SameSite=Lax) on 127.0.0.1. Cookies ignore ports,
 * so credentialed requests to the same-site API (127.0.0.1:API) carry it. Requests to
 * localhost:API are cross-site: Chromium's default profile blocks third-party cookies there.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LabOrigins } from './lab-urls';
import { LAB_API_HOSTNAME, scenarioPath, originFor } from './lab-urls';
import { labCertificate } from './tls';
import { answerContextPath, agentBundle } from './contexts/serve';
import { clientBundle, runnerBundle } from './page/build-client';
import { labCsp, labPageHtml, labRunnerHtml } from './page/html';
import { BARE_400, parseRawRequest, serializeResponse } from './raw-request';
import type { IncomingLike, LabAnswer } from './respond';
import { TurnCounter, answerScenario, notFound } from './respond';
import type { LabServerName } from './request-log';
import { RequestLog } from './request-log';
import type { LabRequest } from './request-log';
import type { Scenario } from './scenario-types';
import { scenarioById, scenarios as registry } from './scenarios/index';
import { webSocketUpgrades } from './websocket';

export interface LabOptions {
  pagePort?: number;
  apiPort?: number;
  thirdPort?: number;
  /** Port of the `public` lab page (Local Network Access scenarios); default ephemeral. */
  publicPort?: number;
  /** Port of the https lab page (mixed-content scenarios); default ephemeral. No https page without openssl. */
  securePort?: number;
  /** Port used for the `closed` target; default: a port found free at start, then released. */
  closedPort?: number;
  /** Loopback address for the page, the same-site API and the third origin. Default 127.0.0.1. */
  host?: string;
  /** Scenarios to serve (default: the registry). */
  scenarios?: Scenario[];
  /** Request log capacity (default 2000). */
  logCapacity?: number;
  /** A fixed `Date` response header instead of the clock's (screenshots that do not change between runs). */
  fixedDate?: string;
}

export interface Lab extends LabOrigins {
  pageUrl: string;
  /** Absolute URL of a scenario step: on the request's target for `main`, on the redirect's target otherwise. */
  urlFor(scenario: Scenario | string, step?: string, nonce?: string): string;
  /** Requests received so far (optionally only one scenario's / after a sequence number). */
  requests(filter?: { scenario?: string; since?: number }): LabRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const CSS_PATH = fileURLToPath(new URL('./page/lab.css', import.meta.url));

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const host = opts.host ?? '127.0.0.1';
  const list = opts.scenarios ?? registry;
  const map = new Map(list.map((s) => [s.id, s]));
  const lookup = opts.scenarios ? (id: string) => map.get(id) : scenarioById;
  const log = new RequestLog(opts.logCapacity ?? 2000);
  const turns = new TurnCounter();
  const sockets = new Set<Socket>();
  const servers: http.Server[] = [];
  const [clientJs, runnerJs, css, agentJs] = await Promise.all([clientBundle(), runnerBundle(), Promise.resolve(readFileSync(CSS_PATH, 'utf8')), agentBundle()]);

  // Origins are known only once the ports are bound; handlers read them lazily.
  const origins: LabOrigins = { pageOrigin: '', apiOrigin: '', apiSameSiteOrigin: '', thirdOrigin: '', closedOrigin: '', publicPageOrigin: '' };
  const upgrades = webSocketUpgrades(lookup, (req) =>
    log.add({ server: 'api', localAddress: req.socket.localAddress ?? '', method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders }),
  );

  const makeServer = (name: LabServerName, tls?: https.ServerOptions): http.Server => {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      if (opts.fixedDate !== undefined) {
        res.sendDate = false;
        res.setHeader('Date', opts.fixedDate);
      }
      try {
        handle(name, req, res);
      } catch (e) {
        safeWrite(res, { status: 500, statusText: 'Internal Server Error', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: `lab error: ${String(e)}` });
      }
    };
    const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    if (name === 'api') server.on('upgrade', (req, socket, head) => upgrades.handle(req, socket, head));
    server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => onClientError(name, err, socket));
    servers.push(server);
    return server;
  };

  const handle = (name: LabServerName, req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    req.resume(); // drain bodies; the lab never reads them
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    if (url.startsWith('/__lab/log')) return void serveLog(req, res);
    const entry = log.add({ server: name, localAddress: req.socket.localAddress ?? '', method: req.method ?? '', url, rawHeaders: req.rawHeaders });
    const incoming: IncomingLike = {
      method: req.method ?? 'GET',
      url,
      header: (n) => {
        const v = req.headers[n.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
    };
    const scenarioAnswer = answerScenario(incoming, lookup, origins, turns);
    if (scenarioAnswer?.hangup) return void req.socket.destroy();
    if (scenarioAnswer) {
      entry.response = { status: scenarioAnswer.status, headers: scenarioAnswer.headers.map(([n, v]): [string, string] => [n, v]) };
      return safeWrite(res, scenarioAnswer);
    }
    const contextAnswer = answerContextPath(url.split('?')[0] ?? '', agentJs);
    if (contextAnswer) return safeWrite(res, contextAnswer);
    if (name === 'page' || name === 'public' || name === 'secure') return servePage(url, res, name);
    safeWrite(res, notFound('not a lab path'));
  };

  const servePage = (url: string, res: http.ServerResponse, name: LabServerName): void => {
    const path = url.split('?')[0];
    const common: Array<[string, string]> = [['Cache-Control', 'no-store']];
    // `/coep`: the same page under Cross-Origin-Embedder-Policy: require-corp (scenarios with page 'coep').
    const coep = name === 'page' && path === '/coep';
    if (path === '/' || path === '/index.html' || path === '/runner' || coep) {
      return safeWrite(res, {
        status: 200,
        statusText: 'OK',
        headers: [
          ['Content-Type', 'text/html; charset=utf-8'],
          ['Content-Security-Policy', labCsp(origins)],
          ['Set-Cookie', 'lab_session=1; Path=/; SameSite=Lax'],
          ...(coep ? ([['Cross-Origin-Embedder-Policy', 'require-corp']] as Array<[string, string]>) : []),
          ...common,
        ],
        body: path === '/runner' ? labRunnerHtml(origins) : labPageHtml(origins, name === 'public' || name === 'secure' ? name : coep ? 'coep' : undefined),
      });
    }
    if (path === '/client.js') return safeWrite(res, { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/javascript; charset=utf-8'], ...common], body: clientJs });
    if (path === '/runner.js') return safeWrite(res, { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/javascript; charset=utf-8'], ...common], body: runnerJs });
    if (path === '/lab.css') return safeWrite(res, { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/css; charset=utf-8'], ...common], body: css });
    if (path === '/favicon.ico') return safeWrite(res, { status: 204, statusText: 'No Content', headers: [], body: '' });
    safeWrite(res, notFound('not found'));
  };

  const serveLog = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const headers: Array<[string, string]> = [
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Cache-Control', 'no-store'],
      ['Access-Control-Allow-Origin', '*'],
    ];
    if (req.method === 'DELETE') {
      log.clear();
      return safeWrite(res, { status: 200, statusText: 'OK', headers, body: '{"cleared":true}' });
    }
    const q = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const filter: { scenario?: string; since?: number } = {};
    const scenario = q.get('scenario');
    const since = Number(q.get('since'));
    if (scenario) filter.scenario = scenario;
    if (Number.isFinite(since) && q.has('since')) filter.since = since;
    safeWrite(res, { status: 200, statusText: 'OK', headers, body: JSON.stringify(log.list(filter)) });
  };

  // Node's parser refuses methods it does not know (lowercase `patch`): answer those from the raw bytes.
  const onClientError = (name: LabServerName, err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const raw = err.code === 'HPE_INVALID_METHOD' ? parseRawRequest(err.rawPacket) : null;
    let bytes: Buffer = BARE_400;
    if (raw) {
      const entry = log.add({ server: name, localAddress: socket.localAddress ?? '', method: raw.method, url: raw.url, rawHeaders: raw.rawHeaders, raw: true });
      const headerOf = (n: string): string | undefined => {
        for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) if (raw.rawHeaders[i]?.toLowerCase() === n) return raw.rawHeaders[i + 1];
        return undefined;
      };
      try {
        const a = answerScenario({ method: raw.method, url: raw.url, header: headerOf }, lookup, origins, turns);
        if (a?.hangup) return void socket.destroy();
        if (a) {
          bytes = serializeResponse(a.status, a.statusText, a.headers, a.body);
          entry.response = { status: a.status, headers: a.headers.map(([n, v]): [string, string] => [n, v]) };
        }
      } catch {
        bytes = BARE_400;
      }
    }
    socket.end(bytes);
    socket.on('error', () => undefined);
  };

  const page = makeServer('page');
  const api4 = makeServer('api');
  const third = makeServer('third');
  const publicPage = makeServer('public');
  const certificate = labCertificate();
  const securePage = certificate ? makeServer('secure', certificate) : undefined;
  try {
    const pagePort = await listen(page, opts.pagePort ?? 0, host);
    const apiPort = await listen(api4, opts.apiPort ?? 0, host);
    // Dual stack: localhost may resolve to ::1. Skip quietly when the machine has no IPv6 loopback.
    const api6 = makeServer('api');
    await listen(api6, apiPort, '::1').catch(() => servers.splice(servers.indexOf(api6), 1));
    const thirdPort = await listen(third, opts.thirdPort ?? 0, host);
    const publicPort = await listen(publicPage, opts.publicPort ?? 0, host);
    const securePort = securePage ? await listen(securePage, opts.securePort ?? 0, host) : undefined;
    const closedPort = opts.closedPort ?? (await freePort(host));
    const h = host.includes(':') ? `[${host}]` : host;
    origins.pageOrigin = `http://${h}:${pagePort}`;
    origins.apiOrigin = `http://localhost:${apiPort}`;
    origins.apiSameSiteOrigin = `http://${h}:${apiPort}`;
    origins.thirdOrigin = `http://${h}:${thirdPort}`;
    origins.closedOrigin = `http://${h}:${closedPort}`;
    origins.publicPageOrigin = `http://${h}:${publicPort}`;
    if (securePort !== undefined) origins.securePageOrigin = `https://${h}:${securePort}`;
    origins.namedApiOrigin = `http://${LAB_API_HOSTNAME}:${apiPort}`;
  } catch (e) {
    await closeAll(servers, sockets);
    throw e;
  }

  const urlFor = (scenario: Scenario | string, step = 'main', nonce?: string): string => {
    const s = typeof scenario === 'string' ? lookup(scenario) : scenario;
    if (!s) throw new Error(`unknown scenario ${String(scenario)}`);
    // A non-main step lives where the first redirect to it points (steps in declaration order).
    const redirects = Object.values(s.server).flatMap((st) => [st.actual.redirect, st.preflight?.redirect]);
    const target = step === 'main' ? s.request.target : (redirects.find((r) => r?.step === step)?.target ?? s.request.target);
    return originFor(target, origins) + scenarioPath(s.id, step, nonce);
  };

  let closing: Promise<void> | undefined;
  return {
    ...origins,
    pageUrl: `${origins.pageOrigin}/`,
    urlFor,
    requests: (filter) => log.list(filter),
    clearRequests: () => log.clear(),
    close: () => (closing ??= (upgrades.close(), closeAll(servers, sockets))),
  };
}

function safeWrite(res: http.ServerResponse, a: LabAnswer): void {
  if (res.headersSent || res.destroyed) return;
  try {
    // A flat [name, value, name, value] array keeps case, order and repeated fields as specified.
    res.writeHead(a.status, a.statusText, a.headers.flat());
    res.end(a.body);
  } catch (e) {
    // An invalid header value in a scenario: answer 500 instead of crashing.
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`lab could not write the response: ${String(e)}`);
    } else {
      res.destroy();
    }
  }
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function freePort(host: string): Promise<number> {
  const s = http.createServer();
  const port = await listen(s, 0, host);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function closeAll(servers: http.Server[], sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) return resolve();
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}
