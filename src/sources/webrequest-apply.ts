/**
 * What one webRequest event tells about its hop: context, request and response headers, status,
 * end and error, with the Chrome/Firefox differences in how they say it.
 */
import { originOrNull } from '../core/http/origin';
import type { Header, HeaderList, Observation } from '../core/model';
import { STAGE_RANK, type HopState, type RawHeader, type WebRequestDetails, type WebRequestEventName } from './webrequest-types';

export function applyEvent(hop: HopState, event: WebRequestEventName, d: WebRequestDetails, time: number): void {
  const o = hop.obs;
  const rank = STAGE_RANK[event];
  // Context fields: the first event that carries them wins (they are the same on every event).
  if (o.tabId === undefined && typeof d.tabId === 'number') o.tabId = d.tabId;
  if (o.frameId === undefined && typeof d.frameId === 'number') o.frameId = d.frameId;
  if (o.documentId === undefined && typeof d.documentId === 'string' && d.documentId) o.documentId = d.documentId;
  if (o.resourceType === undefined && typeof d.type === 'string') o.resourceType = d.type;
  if (o.documentUrl === undefined && typeof d.documentUrl === 'string' && d.documentUrl) o.documentUrl = d.documentUrl;
  if (o.initiatorOrigin === undefined) {
    const origin = initiatorOriginOf(d);
    if (origin !== undefined) o.initiatorOrigin = origin;
  }
  if (typeof d.method === 'string' && d.method) o.method = d.method;

  if (event === 'onBeforeRequest') o.startTime = time;
  else if (hop.stages.onBeforeRequest === undefined && time < o.startTime) o.startTime = time;

  if (d.requestHeaders && (event === 'onBeforeSendHeaders' || event === 'onSendHeaders')) {
    // onSendHeaders carries the headers as finally sent; it outranks onBeforeSendHeaders.
    if (hop.requestRank === undefined || rank >= hop.requestRank) {
      o.requestHeaders = toHeaderList(d.requestHeaders);
      hop.requestRank = rank;
      if (isFirefoxShape(d)) preferSentOrigin(o);
    }
  }

  if (typeof d.statusCode === 'number' && d.statusCode > 0 && event !== 'onErrorOccurred') {
    if (hop.responseRank === undefined || rank >= hop.responseRank) {
      o.status = d.statusCode;
      const text = statusTextOf(d.statusLine);
      if (text !== undefined) o.statusText = text;
      if (d.responseHeaders) {
        const list = toHeaderList(d.responseHeaders);
        o.responseHeaders = isFirefoxShape(d) ? unmergeRepeatedAllowOrigin(list) : list;
      }
      hop.responseRank = rank;
    }
  }

  if (typeof d.ip === 'string' && d.ip) o.ip = d.ip;
  if (typeof d.fromCache === 'boolean' && event !== 'onBeforeRequest') o.fromCache = d.fromCache;

  switch (event) {
    case 'onBeforeRedirect':
      if (d.redirectUrl) o.redirectUrl = d.redirectUrl;
      o.endTime = time;
      break;
    case 'onCompleted':
      o.endTime = time;
      break;
    case 'onErrorOccurred':
      if (typeof d.error === 'string') o.error = d.error;
      o.endTime = time;
      break;
    default:
      break;
  }
  forgiveDeliveredBeacon(o);
}

/**
 * Firefox ends a beacon's request with NS_ERROR_FAILURE once its response has arrived: a beacon's
 * response is never read, so the channel is dropped. The beacon was delivered; that is no network
 * error. (Checked whichever of the two events comes first: Firefox may deliver them out of order.)
 */
function forgiveDeliveredBeacon(o: Observation): void {
  if (o.error === 'NS_ERROR_FAILURE' && o.resourceType === 'beacon' && typeof o.status === 'number' && o.status > 0) delete o.error;
}

/**
 * Firefox's `originUrl` is the resource that triggered the request, not always the document: a
 * module's static import names the importing module, a font the stylesheet that declared it. The
 * CORS check uses the document's origin, which is what the request's `Origin` header says: when it
 * names an origin, it wins. (`Origin: null` is left alone: tainted redirects and opaque origins
 * are the evaluator's business.)
 */
function preferSentOrigin(o: Observation): void {
  const sent = o.requestHeaders?.find((h) => h.name.toLowerCase() === 'origin')?.value;
  if (sent === undefined || sent === 'null') return;
  const origin = originOfUrl(sent);
  if (typeof origin === 'string' && origin === sent) o.initiatorOrigin = origin;
}

/** Firefox's details name the requester by `originUrl`/`documentUrl`; Chrome's never do. */
function isFirefoxShape(d: WebRequestDetails): boolean {
  return d.initiator === undefined && ('originUrl' in d || 'documentUrl' in d);
}

/**
 * Firefox hands webRequest every repeated response field merged into one, joined by ", " (verified
 * in Firefox ESR 153: two `Access-Control-Allow-Origin: o` fields arrive as one `o, o`, byte for
 * byte what a single `o, o` field gives), while its own CORS check counts the fields on the wire
 * (two ⇒ CORSMultipleAllowOriginNotAllowed, one list ⇒ CORSAllowOriginNotMatchingOrigin). Nobody
 * writes the same origin twice in one field; the same value twice is the app and a proxy each
 * adding the header, so that value is split back into its fields. A list of distinct origins stays
 * one field (the allow-list-in-one-header mistake); two distinct fields are indistinguishable from it.
 */
export function unmergeRepeatedAllowOrigin(headers: HeaderList): HeaderList {
  const out: Header[] = [];
  for (const h of headers) {
    const parts = h.name.toLowerCase() === 'access-control-allow-origin' ? h.value.split(', ') : [];
    const first = parts[0];
    if (parts.length >= 2 && first && !first.includes(',') && parts.every((p) => p === first)) {
      for (const value of parts) out.push({ name: h.name, value });
    } else out.push(h);
  }
  return out;
}

/** Chrome `initiator` ("null" = opaque) or the origin of Firefox's `originUrl`. */
export function initiatorOriginOf(d: Pick<WebRequestDetails, 'initiator' | 'originUrl'>): string | null | undefined {
  if (typeof d.initiator === 'string') return d.initiator === 'null' ? null : d.initiator;
  if (typeof d.originUrl === 'string' && d.originUrl) return originOfUrl(d.originUrl);
  return undefined;
}

/** Serialized origin of a URL; null for opaque origins (data:, about:, sandboxed); undefined if unparsable. */
export function originOfUrl(url: string): string | null | undefined {
  return originOrNull(url);
}

function toHeaderList(raw: RawHeader[]): HeaderList {
  const out: Header[] = [];
  for (const h of raw) {
    if (!h || typeof h.name !== 'string') continue;
    let value = typeof h.value === 'string' ? h.value : '';
    if (typeof h.value !== 'string' && h.binaryValue) {
      // Chrome gives non-UTF-8 header bytes as numbers; keep them byte-for-byte (latin-1).
      value = Array.from(h.binaryValue, (b) => String.fromCharCode(b & 0xff)).join('');
    }
    out.push({ name: h.name, value });
  }
  return out;
}

/** "HTTP/1.1 404 Not Found" → "Not Found"; Chrome's "HTTP/1.1 200" → "". */
function statusTextOf(statusLine: string | undefined): string | undefined {
  if (typeof statusLine !== 'string') return undefined;
  const m = /^\S+\s+\d{3}\s?(.*)$/.exec(statusLine);
  return m ? (m[1] ?? '') : undefined;
}
