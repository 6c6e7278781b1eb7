/**
 * Where a lab request runs when it is not the lab page's own fetch/XHR: a worker, the page's
 * service worker, or a frame. The browser then attributes, labels and checks the request
 * differently (service-worker requests have no tab; a frame's Origin is its own; sandboxed and
 * data: documents have an opaque origin and send `Origin: null`).
 */
export type LabContext =
  | 'dedicated-worker' // new Worker(classic script) on the page's origin
  | 'module-worker' // new Worker(…, { type: 'module' })
  | 'shared-worker' // new SharedWorker(…)
  | 'service-worker' // the request is made by the service worker controlling a page of the lab
  | 'sw-passthrough' // a controlled page's fetch, answered by the SW with respondWith(fetch(event.request))
  | 'cross-origin-frame' // an iframe on the third origin
  | 'sandboxed-frame' // <iframe sandbox="allow-scripts">: opaque origin, Origin: null
  | 'data-frame' // an iframe whose document is a data: URL: opaque origin, Origin: null
  // Local Network Access from frames of the `public` lab page (group N-lna; not in LAB_CONTEXTS):
  | 'same-origin-frame' // an iframe on the page's own origin (inherits the page's permission policy)
  | 'public-cross-frame' // a cross-origin iframe on the public port (http://localhost:PUBLIC), no `allow`
  | 'public-cross-frame-allowed'; // the same iframe with allow="local-network; loopback-network; local-network-access"

export const LAB_CONTEXTS: readonly LabContext[] = [
  'dedicated-worker',
  'module-worker',
  'shared-worker',
  'service-worker',
  'sw-passthrough',
  'cross-origin-frame',
  'sandboxed-frame',
  'data-frame',
];

/** Paths the lab serves for the contexts (on every lab origin). */
export const CONTEXT_PATHS = {
  agent: '/ctx/agent.js',
  frame: '/ctx/frame.html',
  serviceWorker: '/ctx/sw.js',
  /** The service worker's scope; the controlled page lives under it. */
  swScope: '/ctx/sw-scope/',
  swFrame: '/ctx/sw-scope/frame.html',
} as const;

/** One request a context performs for the lab page. */
export interface ContextJob {
  url: string;
  method: string;
  headers?: Record<string, string>;
  credentials?: 'omit' | 'same-origin' | 'include';
  mode?: 'cors' | 'no-cors' | 'same-origin';
  body?: string;
  via?: 'fetch' | 'xhr' | 'import-scripts';
  /** In the SW-controlled frame: let the service worker make the request (`sw`) or fetch through it (`passthrough`). */
  route?: 'sw' | 'passthrough';
}
