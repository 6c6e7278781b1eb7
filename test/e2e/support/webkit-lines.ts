/**
 * WebKit's console lines beside CORS Lens's Safari lines: what WebKit did in a lab run (the
 * record kept in test/fixtures/lab-observed/webkit.json), the Safari lines CORS Lens renders for
 * the same exchange, and how the two compare. Pure: shared by scripts/verify-lab.ts, the unit
 * test over the recording and the WebKit e2e test.
 */
import { analyzeExchanges } from '../../../src/core/analyze';
import type { Outcome } from '../../../src/core/model';
import { toJsonReportObject } from '../../../src/core/report';
import type { LabOrigins } from '../../../src/lab/lab-urls';
import type { RunResult } from '../../../src/lab/page/automation';
import type { Scenario } from '../../../src/lab/scenario-types';
import type { WebKitConsoleLine } from './webkit';
import { type WebKitHit, webkitExchange } from './webkit-exchange';

/** One scenario in webkit.json. No timings: only what WebKit decided and what it printed. */
export interface WebKitObserved {
  /** `blocked`: the call failed and WebKit printed why (its own verdict, whatever the cause). */
  outcome: Outcome;
  /** `[source/level] text`, origins and nonce replaced by placeholders. */
  console: string[];
  result: Pick<RunResult, 'ok' | 'status' | 'type' | 'error' | 'redirected' | 'url'>;
  /** What reached the lab, in order, with the lab's answers (volatile request headers dropped). */
  exchange: RecordedHit[];
}

/** A WebKitHit with its header fields as `Name: value` lines (a compact, readable fixture). */
export interface RecordedHit {
  method: string;
  url: string;
  request: string[];
  status?: number;
  response?: string[];
}

const fieldLine = ([n, v]: [string, string]) => `${n}: ${v}`;
function fieldPair(line: string): [string, string] {
  const at = line.indexOf(': ');
  return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 2)];
}

export function recordHit(h: WebKitHit): RecordedHit {
  const r: RecordedHit = { method: h.method, url: h.url, request: h.requestHeaders.map(fieldLine) };
  if (h.status !== undefined) r.status = h.status;
  if (h.responseHeaders) r.response = h.responseHeaders.map(fieldLine);
  return r;
}

export function hitOfRecord(r: RecordedHit): WebKitHit {
  const h: WebKitHit = { method: r.method, url: r.url, requestHeaders: r.request.map(fieldPair) };
  if (r.status !== undefined) h.status = r.status;
  if (r.response) h.responseHeaders = r.response.map(fieldPair);
  return h;
}

/**
 * Scenarios whose Safari lines are compared with WebKit's: every call the lab page, its workers
 * and its frames make (fetch, XHR and the subresource loaders), except a page fetch its service
 * worker answered (`sw-passthrough`): WebKit then prints the worker's script errors (an unhandled
 * rejection, "FetchEvent.respondWith received an error") in an order that varies between runs,
 * which no capture of the exchange carries. WebSockets are not CORS.
 */
export function comparedInWebKit(s: Scenario): boolean {
  return s.request.context !== 'sw-passthrough' && s.request.via !== 'websocket';
}

/** Lines that are console.* calls of the page itself are not WebKit's. */
export function webkitLines(console: readonly string[]): string[] {
  return console.filter((l) => !l.startsWith('[console/')).map((l) => l.replace(/^\[[a-z-]+\/[a-z]+\] /, ''));
}

export function formatConsoleLine(l: WebKitConsoleLine): string {
  return `[${l.source}/${l.level}] ${l.text}`;
}

/** What WebKit did, from the page's result and WebKit's own lines. */
export function webkitOutcome(s: Scenario, r: RunResult, console: readonly string[]): Outcome {
  // A refused WebSocket handshake prints its own line, but WebSockets are not CORS.
  if (!r.ok && s.request.via === 'websocket') return 'network-error';
  if (!r.ok) return webkitLines(console).length > 0 ? 'blocked' : 'network-error';
  if (r.type === 'opaque' || r.type === 'opaqueredirect') return 'opaque';
  if (r.type === 'basic' || (r.type === 'xhr' && s.request.target === 'page' && !s.server['main']?.actual.redirect)) return 'not-cors';
  return 'allowed';
}

/** Replaces the lab's origins, hosts and the run's nonce with placeholders (and back). */
export function placeholderPairs(o: LabOrigins, nonce: string): Array<[string, string]> {
  const host = (origin: string) => new URL(origin).host;
  return [
    [o.apiSameSiteOrigin, '{api-same-site}'],
    [o.pageOrigin, '{page}'],
    [o.apiOrigin, '{api}'],
    [o.thirdOrigin, '{third}'],
    [o.closedOrigin, '{closed}'],
    // Bare host:port (Host headers, userinfo and ftp: URLs), after the origins.
    [host(o.apiSameSiteOrigin), '{api-same-site-host}'],
    [host(o.pageOrigin), '{page-host}'],
    [host(o.apiOrigin), '{api-host}'],
    [host(o.thirdOrigin), '{third-host}'],
    [host(o.closedOrigin), '{closed-host}'],
    [`n=${nonce}`, 'n={nonce}'],
  ];
}

export function replaceAll(text: string, pairs: ReadonlyArray<[string, string]>, back = false): string {
  let t = text;
  for (const [real, placeholder] of pairs) t = back ? t.split(placeholder).join(real) : t.split(real).join(placeholder);
  return t;
}

export function mapHit(h: WebKitHit, f: (s: string) => string): WebKitHit {
  const out: WebKitHit = { method: h.method, url: f(h.url), requestHeaders: h.requestHeaders.map(([n, v]) => [n, f(v)]) };
  if (h.status !== undefined) out.status = h.status;
  if (h.responseHeaders) out.responseHeaders = h.responseHeaders.map(([n, v]) => [n, f(v)]);
  return out;
}

/**
 * The Safari lines CORS Lens prints for this exchange: the verdict's Safari text as the CLI's
 * report carries it (`--browser safari`; secrets kept, as with --include-secrets, since
 * redaction is not WebKit's), without Web Inspector's "Failed to load resource" line, which
 * WebKit never writes to console output. [] when CORS Lens shows no Safari text.
 */
export function lensSafariLines(s: Scenario, pageOrigin: string, firstUrl: string, hits: readonly WebKitHit[], result: RunResult): string[] {
  const exchange = webkitExchange(s, pageOrigin, firstUrl, hits, result);
  // The page knows which element it used: a classic <script crossorigin> has its own WebKit line.
  const kind = s.request.via === 'script-crossorigin' ? { initiatorKind: 'classic-script' } : {};
  const analyzed = analyzeExchanges([exchange], { browser: 'safari', includeSameOrigin: true, ...kind });
  const entry = toJsonReportObject(analyzed, { includeSecrets: true }).exchanges[0];
  const text = entry?.messages.safari ?? null;
  return text === null ? [] : text.split('\n').filter((l) => !l.startsWith('Failed to load resource: '));
}

/** The same message, up to the values it names (URLs, origins, header, method, status). */
export function messageTemplate(line: string): string {
  return line
    .replace(/\b(?:https?|ftp|data):\S+/g, '<url>')
    .replace(/\{[a-z-]+\}\S*/g, '<url>')
    .replace(/Origin \S+ is not allowed/, 'Origin <origin> is not allowed')
    .replace(/Status code: \d+/, 'Status code: <n>')
    .replace(/Request header field \S+/, 'Request header field <name>')
    .replace(/Method \S+ is not/, 'Method <m> is not')
    .replace(/has an invalid value: .*/, 'has an invalid value: <v>');
}

export interface LineComparison {
  /** Same messages in the same order, up to the values they name. */
  sameReason: boolean;
  /** Word for word. */
  exact: boolean;
}

export function compareLines(webkit: readonly string[], lens: readonly string[]): LineComparison {
  const exact = webkit.length === lens.length && webkit.every((l, i) => l === lens[i]);
  const sameReason = webkit.length === lens.length && webkit.every((l, i) => messageTemplate(l) === messageTemplate(lens[i] ?? ''));
  return { exact, sameReason };
}

/**
 * WebKit's lines for a request that never reached the lab and failed in WebKit's network library
 * (a refused connection): its reason line is that library's text (libsoup here, CFNetwork in
 * Safari), which no capture of the exchange contains. True when `webkit` is exactly such a pair.
 */
export function isUnknowableNetworkFailure(webkit: readonly string[], hits: readonly WebKitHit[]): boolean {
  return hits.length === 0 && webkit.length === 2 && /^Could not connect to /.test(webkit[0] ?? '') && (webkit[1] ?? '').endsWith(' due to access control checks.');
}
