/**
 * The lab's context agent: one script that runs wherever a lab request must come from — a frame,
 * a dedicated (classic or module) worker, a shared worker, the service worker — takes a job over
 * postMessage and answers with the RunOnce the lab page reports. Bundled by esbuild, served at
 * /ctx/agent.js on every lab origin.
 */
import type { RunOnce } from '../page/automation';
import type { ContextJob } from './types';

const TIMEOUT_MS = 15_000;

type Reply = (r: RunOnce) => void;
interface JobMessage {
  job: ContextJob;
}

const g = globalThis as unknown as Record<string, unknown>;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function viaFetch(job: ContextJob): Promise<RunOnce> {
  const started = now();
  const init: RequestInit = { method: job.method, cache: 'no-store' };
  if (job.headers) init.headers = job.headers;
  if (job.credentials) init.credentials = job.credentials;
  if (job.mode) init.mode = job.mode;
  if (job.body !== undefined) init.body = job.body;
  const abort = new AbortController();
  init.signal = abort.signal;
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(job.url, init);
    const bodyPreview = (await res.text().catch(() => '')).slice(0, 80);
    return { ok: true, status: res.status, type: res.type, redirected: res.redirected, url: res.url, bodyPreview, ms: Math.round(now() - started) };
  } catch (e) {
    return { ok: false, error: errorText(e), ms: Math.round(now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

function viaXhr(job: ContextJob): Promise<RunOnce> {
  const started = now();
  const ms = () => Math.round(now() - started);
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    try {
      x.open(job.method, job.url);
      x.withCredentials = job.credentials === 'include';
      x.timeout = TIMEOUT_MS;
      for (const [n, v] of Object.entries(job.headers ?? {})) x.setRequestHeader(n, v);
    } catch (e) {
      resolve({ ok: false, error: errorText(e), ms: ms() });
      return;
    }
    x.onload = () => resolve({ ok: true, status: x.status, type: 'xhr', url: x.responseURL, bodyPreview: x.responseText.slice(0, 80), ms: ms() });
    x.onerror = () => resolve({ ok: false, status: x.status, error: 'XMLHttpRequest error (status 0)', ms: ms() });
    x.ontimeout = () => resolve({ ok: false, error: 'XMLHttpRequest timeout', ms: ms() });
    x.send(job.body ?? null);
  });
}

/** Classic workers only: a no-cors script load that runs synchronously. */
function viaImportScripts(job: ContextJob): RunOnce {
  const started = now();
  try {
    (g['importScripts'] as (u: string) => void)(job.url);
    // The worker ran the script but cannot read the response: an opaque (no-cors) load.
    return { ok: true, type: 'opaque', ms: Math.round(now() - started) };
  } catch (e) {
    return { ok: false, error: errorText(e), ms: Math.round(now() - started) };
  }
}

export function perform(job: ContextJob): Promise<RunOnce> {
  if (job.via === 'xhr') return viaXhr(job);
  if (job.via === 'import-scripts') return Promise.resolve(viaImportScripts(job));
  return viaFetch(job);
}

function isJob(data: unknown): data is JobMessage {
  return !!data && typeof data === 'object' && typeof (data as JobMessage).job?.url === 'string';
}

function answer(data: unknown, reply: Reply): void {
  if (!isJob(data)) return;
  void perform(data.job).then(reply, (e: unknown) => reply({ ok: false, error: errorText(e), ms: 0 }));
}

// ---------------------------------------------------------------- per global scope

/** A frame: jobs come from the lab page with a reply port; service-worker jobs are forwarded. */
function inWindow(): void {
  window.addEventListener('message', (e: MessageEvent) => {
    const port = e.ports[0];
    if (!port || !isJob(e.data)) return;
    if (e.data.job.route === 'sw') {
      const sw = controlled() ? navigator.serviceWorker.controller : null;
      if (!sw) return port.postMessage({ ok: false, error: 'no controlling service worker', ms: 0 } satisfies RunOnce);
      sw.postMessage(e.data, [port]);
      return;
    }
    answer(e.data, (r) => port.postMessage(r));
  });
  // Tell the parent the agent listens (and, under the SW scope, that a worker controls the page).
  const ready = (): void => window.parent.postMessage({ labContextReady: location.pathname, controlled: controlled() }, '*');
  if (location.pathname.startsWith('/ctx/sw-scope/')) void registerServiceWorker().then(ready);
  else ready();
}

/** An opaque-origin document (sandboxed, data:) throws on navigator.serviceWorker. */
function controlled(): boolean {
  try {
    return !!navigator.serviceWorker?.controller;
  } catch {
    return false;
  }
}

async function registerServiceWorker(): Promise<void> {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  if (sw.controller) return;
  const changed = new Promise<void>((resolve) => sw.addEventListener('controllerchange', () => resolve(), { once: true }));
  await sw.register('/ctx/sw.js', { scope: '/ctx/sw-scope/' });
  await changed;
}

function inServiceWorker(): void {
  const self = g as unknown as {
    addEventListener(type: string, fn: (e: never) => void): void;
    skipWaiting(): Promise<void>;
    clients: { claim(): Promise<void> };
    location: Location;
  };
  self.addEventListener('install', (e: { waitUntil(p: Promise<unknown>): void }) => e.waitUntil(self.skipWaiting()));
  self.addEventListener('activate', (e: { waitUntil(p: Promise<unknown>): void }) => e.waitUntil(self.clients.claim()));
  self.addEventListener('message', (e: { data: unknown; ports: readonly MessagePort[] }) => {
    const port = e.ports[0];
    if (port) answer(e.data, (r) => port.postMessage(r));
  });
  // respondWith(fetch(event.request)): the CORS check of a page's cross-origin request happens here.
  self.addEventListener('fetch', (e: { request: Request; respondWith(r: Promise<Response>): void }) => {
    const url = new URL(e.request.url);
    if (url.origin !== self.location.origin && url.pathname.startsWith('/s/')) e.respondWith(fetch(e.request));
  });
}

function inSharedWorker(): void {
  g['onconnect'] = (e: MessageEvent) => {
    const port = e.ports[0];
    if (!port) return;
    port.onmessage = (m: MessageEvent) => answer(m.data, (r) => port.postMessage(r));
  };
}

function inDedicatedWorker(): void {
  g['onmessage'] = (m: MessageEvent) => answer(m.data, (r) => (g['postMessage'] as (v: unknown) => void)(r));
}

if (typeof g['ServiceWorkerGlobalScope'] === 'function' && g instanceof (g['ServiceWorkerGlobalScope'] as new () => object)) inServiceWorker();
else if (typeof g['SharedWorkerGlobalScope'] === 'function' && g instanceof (g['SharedWorkerGlobalScope'] as new () => object)) inSharedWorker();
else if (typeof g['WorkerGlobalScope'] === 'function') inDedicatedWorker();
else if (typeof window !== 'undefined') inWindow();
