/**
 * One headless Chromium (no extension) for the whole file, and a CDP recorder on its page:
 * every request's wire facts (headers as sent, status, raw response headers, the error and
 * Chromium's own `corsErrorStatus`), enough to build Observations and to judge each request.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../support/chromium';

export interface WireRequest {
  requestId: string;
  url: string;
  method: string;
  /** CDP resource type: `Fetch`, `XHR`, `Document`, `Other` (preflights) … */
  type: string;
  /** Set on preflights (CDP initiator type `preflight`): the id of the actual request it was sent for. */
  preflightFor?: string;
  documentUrl?: string;
  /** Headers as sent (ExtraInfo) when the request went out, else the provisional ones. */
  requestHeaders: Array<{ name: string; value: string }>;
  sentHeadersSeen: boolean;
  status?: number;
  statusText?: string;
  responseHeaders?: Array<{ name: string; value: string }>;
  remoteIp?: string;
  errorText?: string;
  corsError?: string;
  failedParameter?: string;
  state: 'pending' | 'finished' | 'failed';
  startWall: number;
  startMono: number;
  endMono?: number;
}

export interface Recorder {
  requests(): WireRequest[];
  clear(): void;
  detach(): Promise<void>;
}

type P = Record<string, any>;

/** Raw headers text ("Name: value\r\n…") keeps duplicates; the headers object joins them with "\n". */
function headerList(obj: P | undefined, text?: string): Array<{ name: string; value: string }> {
  if (text) {
    const lines = text.split(/\r?\n/).slice(1).filter(Boolean);
    return lines.map((l) => {
      const i = l.indexOf(':');
      return { name: l.slice(0, i).trim(), value: l.slice(i + 1).trim() };
    });
  }
  return Object.entries(obj ?? {}).flatMap(([name, v]) => String(v).split('\n').map((value) => ({ name, value })));
}

export async function recordNetwork(context: BrowserContext, page: Page): Promise<Recorder> {
  const session: CDPSession = await context.newCDPSession(page);
  const byId = new Map<string, WireRequest>();
  const extra = new Map<string, { sent?: Array<{ name: string; value: string }>; status?: number; resp?: Array<{ name: string; value: string }> }>();
  const extraOf = (id: string) => extra.get(id) ?? (extra.set(id, {}), extra.get(id)!);
  const on = (event: string, fn: (p: P) => void) => session.on(event as never, fn as never);

  on('Network.requestWillBeSent', (p) => {
    const r: WireRequest = {
      requestId: p.requestId,
      url: p.request.url,
      method: p.request.method,
      type: p.type ?? '',
      documentUrl: p.documentURL,
      requestHeaders: headerList(p.request.headers),
      sentHeadersSeen: false,
      state: 'pending',
      startWall: p.wallTime * 1000,
      startMono: p.timestamp * 1000,
    };
    if (p.initiator?.type === 'preflight') r.preflightFor = String(p.initiator.requestId ?? '');
    byId.set(p.requestId, r);
  });
  on('Network.requestWillBeSentExtraInfo', (p) => {
    extraOf(p.requestId).sent = headerList(p.headers, p.headersText);
  });
  on('Network.responseReceivedExtraInfo', (p) => {
    const e = extraOf(p.requestId);
    e.status = p.statusCode;
    e.resp = headerList(p.headers, p.headersText);
  });
  on('Network.responseReceived', (p) => {
    const r = byId.get(p.requestId);
    if (!r) return;
    r.status = p.response.status;
    r.statusText = p.response.statusText;
    r.responseHeaders = headerList(p.response.headers);
    r.remoteIp = p.response.remoteIPAddress;
  });
  on('Network.loadingFinished', (p) => {
    const r = byId.get(p.requestId);
    if (r) Object.assign(r, { state: 'finished', endMono: p.timestamp * 1000 });
  });
  on('Network.loadingFailed', (p) => {
    const r = byId.get(p.requestId);
    if (!r) return;
    Object.assign(r, { state: 'failed', endMono: p.timestamp * 1000, errorText: p.errorText });
    if (p.corsErrorStatus) {
      r.corsError = p.corsErrorStatus.corsError;
      r.failedParameter = p.corsErrorStatus.failedParameter;
    }
  });
  await session.send('Network.enable');

  return {
    requests: () =>
      [...byId.values()].map((r) => {
        const e = extra.get(r.requestId);
        const out = { ...r };
        if (e?.sent) Object.assign(out, { requestHeaders: e.sent, sentHeadersSeen: true });
        // ExtraInfo has the raw fields (duplicates kept): prefer it, as a network source would.
        if (e?.resp) Object.assign(out, { responseHeaders: e.resp, status: e.status ?? out.status });
        return out;
      }),
    clear: () => {
      byId.clear();
      extra.clear();
    },
    detach: () => session.detach().catch(() => undefined),
  };
}

export interface FixBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  recorder: Recorder;
  close(): Promise<void>;
}

export async function launchPlainChromium(): Promise<FixBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => !f.startsWith('--remote-debugging-port')),
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const recorder = await recordNetwork(context, page);
  return {
    browser,
    context,
    page,
    recorder,
    close: async () => {
      await recorder.detach();
      await browser.close().catch(() => undefined);
    },
  };
}

/** A blank page on `http://127.0.0.1:port`: the origin the generated policies allow. */
export async function startPageServer(port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end('<!doctype html><title>fix check</title><p>CORS Lens fix check</p>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cors-lens-fix-${tag}-`));
}
