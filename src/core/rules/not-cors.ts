/**
 * Failures that are not CORS but look like it, beyond the error-string classes of network.ts:
 * a COEP page refusing a resource without CORP (told apart from the resource's own CORP), an
 * EventSource or module script refused for its MIME type after CORS passed, and a WebSocket
 * handshake the server refused. Verified in Chromium 156 and Firefox ESR 153 (lab group N-notcors).
 */
import type { Hop, ReasonId } from '../model';
import type { ExchangeFacts } from '../facts';
import { getHeader } from '../http/headers';
import { parseMimeType } from '../http/mime';
import { classifyError } from './network';
import type { Problem } from './types';

export const COEP_REASON = 'coep-blocked' satisfies ReasonId;
export const MIME_REASON = 'mime-type-refused' satisfies ReasonId;

/**
 * `corp-blocked` split by cause: Chromium's HAR names COEP in the error suffix
 * (`…NotSameOriginAfterDefaultedToSameOriginByCoep`); webRequest and Firefox give one error for
 * both, so a response without any Cross-Origin-Resource-Policy header means the page's COEP.
 */
export function refineCorpReason(reason: ReasonId, hop: Hop | undefined, error: string | undefined): ReasonId {
  if (reason !== 'corp-blocked') return reason;
  if (error && /ByCoep/i.test(error)) return COEP_REASON;
  if (error && /NotSameOrigin$|NotSameSite$/.test(error)) return reason;
  const headers = hop?.request.responseHeaders;
  return Array.isArray(headers) && getHeader(headers, 'cross-origin-resource-policy') === null ? COEP_REASON : reason;
}

/** The `.Reason` suffix Chromium's console and HAR add to net::ERR_BLOCKED_BY_RESPONSE. */
export function corpErrorSuffix(reason: ReasonId, hop: Hop | undefined): string {
  if (reason === COEP_REASON) return 'NotSameOriginAfterDefaultedToSameOriginByCoep';
  const corp = getHeader(hop?.request.responseHeaders, 'cross-origin-resource-policy')?.trim().toLowerCase();
  return corp === 'same-site' ? 'NotSameSite' : 'NotSameOrigin';
}

export type RefusedAs = 'eventsource' | 'module-script';

function essence(contentType: string | null): string | null {
  if (contentType === null) return null;
  const parsed = parseMimeType(contentType);
  return parsed ? `${parsed.type}/${parsed.subtype}` : contentType.trim().toLowerCase();
}

const JS_TYPES = /^(text|application)\/(x-)?(javascript|ecmascript|jscript|livescript)(1\.[0-5])?$/;

const isJsonType = (mime: string): boolean => mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';

/**
 * MIME types a module graph accepts for the request's destination: `Sec-Fetch-Dest: script` is a
 * JavaScript (or Wasm) module — a JSON or CSS body is refused there (verified in Chromium 156 and
 * Firefox ESR 153, lab scenario notcors-dynamic-import-json-type); `json` / `style` are the
 * import-attribute types. Without the header, any of them.
 */
function moduleAcceptable(mime: string, dest: string | undefined): boolean {
  const js = JS_TYPES.test(mime) || mime === 'application/wasm';
  if (dest === 'script') return js;
  if (dest === 'json') return isJsonType(mime);
  if (dest === 'style') return mime === 'text/css';
  return js || mime === 'text/css' || isJsonType(mime);
}

/** What asked for it, when it is a kind with a MIME rule: the source's type, the page hint, the Accept header. */
function refusableKind(facts: ExchangeFacts, hop: Hop): RefusedAs | null {
  const type = (hop.request.resourceType ?? facts.hops[0]?.request.resourceType ?? '').toLowerCase();
  const accept = getHeader(hop.request.requestHeaders, 'accept')?.trim().toLowerCase();
  if (type === 'eventsource' || facts.exchange?.pageHint?.kind === 'eventsource' || accept === 'text/event-stream') return 'eventsource';
  // Module scripts and import() are always CORS-mode; a classic <script crossorigin> would run the
  // response anyway, which the data cannot tell apart (the explanation says so). Firefox's HAR has
  // no resource type: its Sec-Fetch-Dest says script.
  const dest = getHeader(hop.request.requestHeaders, 'sec-fetch-dest')?.trim().toLowerCase();
  if ((type === 'script' || (type === '' && dest === 'script')) && facts.mode === 'cors') return 'module-script';
  return null;
}

/**
 * The error Firefox's webRequest reports for a module script it refused for its MIME type, after
 * a response that passed CORS (Firefox ESR, lab scenario notcors-module-script-text-plain).
 */
export function isMimeRefusalError(error: string | undefined): boolean {
  return error === 'NS_ERROR_CORRUPTED_CONTENT';
}

/** The refused MIME type of a response that passed CORS, or null. */
export function mimeRefusal(facts: ExchangeFacts, hop: Hop): { as: RefusedAs; mime: string } | null {
  const status = hop.request.status ?? 0;
  // A response whose status the capture lost (Firefox's HAR under load): its headers still say what was refused.
  if ((!hop.request.statusUnrecorded && (status < 200 || status > 299)) || hop.request.redirectUrl) return null;
  const as = refusableKind(facts, hop);
  if (!as) return null;
  const mime = essence(getHeader(hop.request.responseHeaders, 'content-type'));
  if (mime === null) return null;
  const dest = getHeader(hop.request.requestHeaders, 'sec-fetch-dest')?.trim().toLowerCase();
  if (as === 'eventsource' ? mime === 'text/event-stream' : moduleAcceptable(mime, dest)) return null;
  return { as, mime };
}

/** The problem of a response CORS let through and the page's API then refused for its type. */
export function mimeRefusalProblem(facts: ExchangeFacts, i: number, notes: string[]): Problem | null {
  const hop = facts.hops[i]!;
  const refusal = mimeRefusal(facts, hop);
  if (!refusal) return null;
  return {
    outcome: 'network-error',
    reason: MIME_REASON,
    phase: 'actual',
    hop: i,
    url: hop.request.url,
    check: { kind: 'mime', as: refusal.as, mime: refusal.mime },
    evidence: [
      { on: 'response', hop: i, field: 'content-type', value: getHeader(hop.request.responseHeaders, 'content-type'), expected: refusal.as === 'eventsource' ? 'text/event-stream' : 'text/javascript', note: `refused by ${refusal.as === 'eventsource' ? 'EventSource' : 'the module script loader'}` },
    ],
    notes: [...notes, 'The CORS check passed: the response was readable, and the page’s API refused it for its MIME type.'],
    status: hop.request.status,
    refusedAs: refusal.as,
  };
}

/**
 * A WebSocket is never CORS: its outcome is whether the handshake succeeded (101). Chromium's
 * webRequest reports a refused handshake as `net::ERR_FAILED` without the status.
 */
export function websocketProblem(f: Problem, facts: ExchangeFacts): Problem {
  const req = facts.hops[0]!.request;
  // DevTools' HAR keeps a refused handshake as status 0 without an error; Firefox's HAR keeps an
  // accepted one as status 0 too, with the server's Sec-WebSocket-Accept.
  const accepted = getHeader(req.responseHeaders, 'sec-websocket-accept') !== null;
  const failed =
    (req.error !== undefined && classifyError(req.error).kind !== 'none') ||
    (typeof req.status === 'number' && req.status >= 400) ||
    (req.source === 'har' && (req.status === 0 || req.statusUnrecorded === true) && !accepted);
  if (!failed) return f;
  const status = typeof req.status === 'number' && req.status > 0 ? req.status : undefined;
  return {
    ...f,
    outcome: 'network-error',
    phase: 'actual',
    evidence: [
      ...f.evidence,
      req.error
        ? { on: 'response', hop: 0, field: ':error', value: req.error, note: 'the handshake did not complete' }
        : { on: 'response', hop: 0, field: ':status', value: String(req.status ?? 0), expected: '101', note: 'the handshake did not complete' },
    ],
    status,
    error: req.error,
  };
}

/**
 * A no-cors response that arrived and was then aborted: Chromium's ORB empties a data response
 * (JSON, HTML) to a no-cors fetch() and reports net::ERR_ABORTED in DevTools (webRequest shows a
 * plain completion); the page still gets its opaque response.
 */
export function isAbortedOpaqueResponse(f: Problem, hop: Hop | undefined, errorReason: string): boolean {
  const status = hop?.request.status;
  return f.outcome === 'opaque' && errorReason === 'request-canceled' && typeof status === 'number' && status > 0;
}

/**
 * DevTools' HAR of a no-cors fetch() whose data response ORB emptied: status 200, no response
 * headers at all (a real response always has some), `net::ERR_ABORTED`, provisional request
 * headers (verified in Chromium 156, lab scenario notcors-orb-json-no-cors). The page got an
 * opaque response, like any no-cors request.
 */
export function orbEmptiedProblem(hop: Hop, i: number, errorReason: string, notes: string[]): Problem | null {
  const req = hop.request;
  if (errorReason !== 'request-canceled' || req.source !== 'har' || !(typeof req.status === 'number' && req.status > 0)) return null;
  if (!Array.isArray(req.responseHeaders) || req.responseHeaders.length > 0 || getHeader(req.requestHeaders, 'origin') !== null) return null;
  return {
    outcome: 'opaque',
    reason: 'opaque-no-cors-response',
    phase: 'actual',
    hop: i,
    url: req.url,
    check: undefined,
    evidence: [{ on: 'response', hop: i, field: ':error', value: req.error ?? null, note: 'the response arrived and was emptied (no headers)' }],
    notes: [...notes, `Chromium reported ${req.error} after an HTTP ${req.status} response with no headers: Opaque Response Blocking emptied a data response (JSON, HTML) to a no-cors request, and the page got an opaque response.`],
    status: req.status,
    error: req.error,
  };
}
