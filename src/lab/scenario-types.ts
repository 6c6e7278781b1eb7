/**
 * The CORS lab's scenario contract. A scenario is data: what the page asks for and how the server
 * answers. The lab server reads the same records to decide its responses, the lab page to make
 * the requests, and the e2e tests to know what to expect. Expectations are hypotheses that the
 * real-browser tests check; the browser wins when they disagree.
 */
import type { LabContext } from './contexts/types';
import type { Outcome } from '../core/model';

/** Which origin a request goes to. Ports are chosen when the lab starts. */
export type LabTarget =
  | 'page' // the page's own origin: same-origin
  | 'api' // http://localhost:API: cross-site
  | 'api-same-site' // http://127.0.0.1:API: cross-origin, same-site (cookies flow)
  | 'third' // a third origin, used as a redirect target
  | 'closed' // a port nothing listens on (connection refused)
  // http://api.cors-lab.test:API — the API under a DNS name tests map to 127.0.0.1 (Chromium
  // --host-resolver-rules, Firefox network.dns.localDomains): not loopback-looking, so a call to it
  // from the https page is mixed content.
  | 'api-named';

/** A response the lab server sends. `{origin}` in a header value is replaced by the request's Origin. */
export interface ResponseSpec {
  status: number;
  /** Sent in this order; the same name may repeat (two separate header fields). */
  headers?: Array<[string, string]>;
  /** Redirect target: another scenario step on `target` (path is the scenario's own path + `/next`). */
  redirect?: { target: LabTarget; step: string; userinfo?: string; scheme?: string };
  body?: string;
  /** Close the connection without answering (a backend that crashed, a proxy dropping it). */
  hangup?: boolean;
  /** A binary body the lab serves from its own assets (src/lab/assets.ts), with its Content-Type. */
  asset?: LabAssetName;
}

/** Binary bodies the lab can serve: a 1×1 PNG, a WOFF2 font, a short WAV. */
export type LabAssetName = 'png' | 'font' | 'wav';

/**
 * How the lab page makes the request. `fetch` (default) and `xhr` are API calls; the others are
 * the browser's own CORS-mode subresource loads, made the way a page makes them:
 * `module-script` <script type="module" src>, `static-import` a module whose body imports step
 * `dep`, `dynamic-import` import(url), `modulepreload` <link rel=modulepreload>,
 * `script-crossorigin` <script crossorigin src>, `font-face` an @font-face rule (CSSOM),
 * `font-api` new FontFace(), `preload-font` <link rel=preload as=font crossorigin>, `stylesheet`
 * <link rel=stylesheet crossorigin>, `preload-fetch` <link rel=preload as=fetch crossorigin>,
 * `img` <img crossorigin>, `audio`/`video` <audio>/<video crossorigin>, `eventsource` EventSource,
 * `beacon` navigator.sendBeacon (a Blob of the request's Content-Type), `keepalive`
 * fetch(…, {keepalive: true}). For elements, credentials 'include' means
 * crossorigin="use-credentials", anything else crossorigin="anonymous".
 */
export type RequestVia =
  | 'fetch'
  | 'xhr'
  | 'websocket'
  | 'module-script'
  | 'static-import'
  | 'dynamic-import'
  | 'modulepreload'
  | 'script-crossorigin'
  | 'font-face'
  | 'font-api'
  | 'preload-font'
  | 'stylesheet'
  | 'preload-fetch'
  | 'img'
  | 'audio'
  | 'video'
  | 'eventsource'
  | 'beacon'
  | 'keepalive'
  // A classic worker's importScripts() (lab context `dedicated-worker` only).
  | 'import-scripts';

/** How the server answers the requests of one scenario step (a path). */
export interface ServerStep {
  /** The answer to a CORS preflight (OPTIONS with Access-Control-Request-Method). */
  preflight?: ResponseSpec;
  /** The answer to the actual request. */
  actual: ResponseSpec;
  /**
   * Answers that take turns by arrival order within one run (same scenario, step and nonce), for
   * concurrency tests where identical requests must get different answers: the n-th preflight
   * (0-based) gets `preflightTurns[n % length]` instead of `preflight`, the n-th actual request
   * `actualTurns[n % length]` instead of `actual`. `{turn}` in their header values is n.
   */
  preflightTurns?: ResponseSpec[];
  actualTurns?: ResponseSpec[];
}

export interface RequestSpec {
  target: LabTarget;
  method: string;
  headers?: Record<string, string>;
  credentials?: 'omit' | 'same-origin' | 'include';
  mode?: 'cors' | 'no-cors' | 'same-origin';
  redirect?: 'follow' | 'manual' | 'error';
  body?: string;
  /**
   * fetch() by default; `xhr` uses XMLHttpRequest (withCredentials for credentials: include);
   * `websocket` opens `new WebSocket()` to the target's ws:// URL (the server answers the
   * handshake with `actual.status`: 101 accepts, anything else refuses); see RequestVia.
   */
  via?: RequestVia;
  /** Where the request is made (src/lab/contexts): a worker, the service worker, a frame. Default: the lab page. */
  context?: LabContext;
  /** Run the request this many times in a row (preflight-cache scenarios). Default 1. */
  repeat?: number;
}

export interface ScenarioExpectation {
  outcome: Outcome;
  /** Chromium CorsError without `k`, null when Chromium reports none. */
  corsError: string | null;
  failedParameter?: string;
  /** Firefox console reason keys expected, e.g. ['CORSMissingAllowOrigin2']; [] when none. */
  firefoxKeys?: string[];
  /** Firefox's outcome when it differs from `outcome` (e.g. the tainted 307 preflight Firefox lets through). */
  firefoxOutcome?: Outcome;
  /**
   * How many preflights reach the server over the whole run (all `repeat`s). Checked by verify-lab
   * from the lab's request log; set on preflight-cache scenarios.
   */
  preflights?: number;
  /** Firefox's preflight count when it differs from `preflights` (Firefox does not cache without Max-Age). */
  firefoxPreflights?: number;
}

export interface Scenario {
  /** Unique, kebab-case; also the URL path segment: `/s/{id}`. */
  id: string;
  /** Button label in the lab page. */
  title: string;
  /** Taxonomy group (A1 … A7, `healthy`). */
  group: string;
  /** One line for the lab page: what is wrong (or right) on the server. */
  description: string;
  request: RequestSpec;
  /** Server behaviour by step: `main` answers the first request; redirects go to other steps. */
  server: Record<string, ServerStep>;
  expect: ScenarioExpectation;
  /** True for scenarios that only make sense in one browser (e.g. Chrome-only behaviour). */
  only?: 'chrome' | 'firefox';
  /** Shown first on the lab page (the demo's buttons). */
  featured?: boolean;
  /**
   * The lab page variant the request must come from (default: the main page):
   * `public` — the lab page on its own port, which tests make "public" for Chromium and Firefox
   * (Local Network Access: its calls to the loopback API need a permission);
   * `coep` — the main page served with `Cross-Origin-Embedder-Policy: require-corp`;
   * `secure` — the lab page over https (a self-signed certificate tests tell the browser to accept).
   */
  page?: LabPageVariant;
}

export type LabPageVariant = 'public' | 'coep' | 'secure';
