/**
 * The lab page's side of the contexts: starts the worker or frame a scenario names (once, then
 * reused), hands it the request and waits for its RunOnce. Runs in the lab page (bundled into
 * client.js).
 */
import type { LabOrigins } from '../lab-urls';
import type { RunOnce } from '../page/automation';
import type { RequestSpec } from '../scenario-types';
import { CONTEXT_PATHS, type ContextJob, type LabContext } from './types';

const REPLY_TIMEOUT_MS = 20_000;
/** The permission-policy names Local Network Access has had (Chromium 14x split it into two). */
const LNA_ALLOW = 'local-network; loopback-network; local-network-access';

interface Endpoint {
  send(job: ContextJob): Promise<RunOnce>;
}

const endpoints = new Map<LabContext, Promise<Endpoint>>();

export function runInContext(context: LabContext, url: string, r: RequestSpec, origins: LabOrigins): Promise<RunOnce> {
  let ep = endpoints.get(context);
  if (!ep) {
    ep = start(context, origins);
    endpoints.set(context, ep);
    ep.catch(() => endpoints.delete(context));
  }
  const job: ContextJob = { url, method: r.method };
  if (r.headers) job.headers = r.headers;
  if (r.credentials) job.credentials = r.credentials;
  if (r.mode) job.mode = r.mode;
  if (r.body !== undefined) job.body = r.body;
  // Contexts make fetch/XHR requests (and importScripts in a classic worker) only.
  if (r.via === 'xhr' || r.via === 'import-scripts' || r.via === 'fetch') job.via = r.via;
  if (context === 'service-worker') job.route = 'sw';
  if (context === 'sw-passthrough') job.route = 'passthrough';
  return ep.then(
    (e) => e.send(job),
    (e: unknown) => ({ ok: false, error: `context ${context} did not start: ${String(e)}`, ms: 0 }),
  );
}

/** Sends over a fresh MessageChannel and waits for the one reply. */
function overChannel(post: (job: ContextJob, port: MessagePort) => void): Endpoint {
  return {
    send: (job) =>
      new Promise<RunOnce>((resolve) => {
        const channel = new MessageChannel();
        const timer = setTimeout(() => resolve({ ok: false, error: 'the context never answered', ms: REPLY_TIMEOUT_MS }), REPLY_TIMEOUT_MS);
        channel.port1.onmessage = (m: MessageEvent) => {
          clearTimeout(timer);
          channel.port1.close();
          resolve(m.data as RunOnce);
        };
        post(job, channel.port2);
      }),
  };
}

async function start(context: LabContext, origins: LabOrigins): Promise<Endpoint> {
  switch (context) {
    case 'dedicated-worker':
    case 'module-worker':
      // One worker per request: a worker answers on its only channel, so requests cannot share it.
      return {
        send: (job) =>
          new Promise<RunOnce>((resolve) => {
            const w = new Worker(`${CONTEXT_PATHS.agent}?${context}`, context === 'module-worker' ? { type: 'module' } : {});
            const done = (r: RunOnce): void => {
              w.terminate();
              resolve(r);
            };
            w.onmessage = (m: MessageEvent) => done(m.data as RunOnce);
            w.onerror = (e: ErrorEvent) => done({ ok: false, error: `worker error: ${e.message}`, ms: 0 });
            w.postMessage({ job });
          }),
      };
    case 'shared-worker': {
      return {
        send: (job) =>
          new Promise<RunOnce>((resolve) => {
            // A port per request: the shared worker answers on the port the request came in on.
            const w = new SharedWorker(`${CONTEXT_PATHS.agent}?shared-worker`);
            w.port.onmessage = (m: MessageEvent) => {
              w.port.close();
              resolve(m.data as RunOnce);
            };
            w.port.start();
            w.port.postMessage({ job });
          }),
      };
    }
    case 'service-worker':
    case 'sw-passthrough':
      return frameEndpoint(origins.pageOrigin + CONTEXT_PATHS.swFrame, {});
    case 'cross-origin-frame':
      return frameEndpoint(origins.thirdOrigin + CONTEXT_PATHS.frame, {});
    case 'sandboxed-frame':
      return frameEndpoint(origins.pageOrigin + CONTEXT_PATHS.frame, { sandbox: 'allow-scripts' });
    case 'same-origin-frame':
      return frameEndpoint(location.origin + CONTEXT_PATHS.frame, {});
    case 'public-cross-frame':
    case 'public-cross-frame-allowed': {
      // The same server under another host name: another origin, still the public port.
      const src = `${location.protocol}//localhost:${location.port}${CONTEXT_PATHS.frame}`;
      return frameEndpoint(src, context === 'public-cross-frame-allowed' ? { allow: LNA_ALLOW } : {});
    }
    case 'data-frame': {
      const html = `<!doctype html><meta charset="utf-8"><title>data: frame</title><script src="${origins.pageOrigin}${CONTEXT_PATHS.agent}?data-frame"></script>`;
      return frameEndpoint(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`, {});
    }
  }
}

/** An iframe running the agent; resolves once the agent says it listens. */
function frameEndpoint(src: string, attrs: Record<string, string>): Promise<Endpoint> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    for (const [k, v] of Object.entries(attrs)) frame.setAttribute(k, v);
    frame.className = 'lab-context-frame';
    frame.hidden = true;
    const timer = setTimeout(() => reject(new Error(`frame ${src.slice(0, 60)} never became ready`)), REPLY_TIMEOUT_MS);
    const onReady = (e: MessageEvent): void => {
      if (e.source !== frame.contentWindow || !(e.data && typeof e.data === 'object' && 'labContextReady' in e.data)) return;
      window.removeEventListener('message', onReady);
      clearTimeout(timer);
      resolve(overChannel((job, port) => frame.contentWindow?.postMessage({ job }, '*', [port])));
    };
    window.addEventListener('message', onReady);
    frame.src = src;
    document.body.append(frame);
  });
}
