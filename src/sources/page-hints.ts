/**
 * The page-side source: what the page itself saw of its fetch/XHR/EventSource calls (recorded by
 * src/content/page-hooks.ts in the page's own world), turned into `PageHint`s and linked to the
 * exchanges webRequest observed. Pure: no browser API.
 *
 * Why: no network API reports a request's credentials mode or mode, Chrome's webRequest says only
 * `net::ERR_FAILED`, and Firefox's reports a response it blocked for a missing/wildcard
 * `Access-Control-Allow-Origin` or a missing `Access-Control-Allow-Credentials` as a normal
 * completion. The page knows all three.
 *
 * Trust: records come from the page, so every field is validated and capped here (the relay and
 * the background both call `sanitizePageRecords`). A page can only describe — or mislead — its own
 * tab's panel: the tab, frame and document come from the browser's message sender, never the page.
 */
import type { CredentialsMode, PageHint } from '../core/model';
import { hintUrl, MAX_HINT_URL_LENGTH, wireMethod } from '../core/pairing/page-hints';

export type { PageHint };
export { hintUrl, wireMethod };

/** One call as the page script reports it (the hint without the ids the background adds). */
export type PageRecord = Omit<PageHint, 'id' | 'tabId' | 'frameId' | 'documentId'>;

export const PAGE_RECORD_LIMITS = {
  /** Longer URLs are dropped, not truncated: a truncated URL would match nothing. */
  urlLength: MAX_HINT_URL_LENGTH,
  methodLength: 32,
  headerNames: 64,
  headerNameLength: 128,
  /** Records per message. */
  batch: 100,
  /** Characters of one serialized batch (checked before parsing). */
  batchChars: 200_000,
} as const;

const KINDS = new Set<PageHint['kind']>(['fetch', 'xhr', 'eventsource', 'element']);
const MODES = new Set<NonNullable<PageHint['mode']>>(['cors', 'no-cors', 'same-origin']);
const CREDENTIALS = new Set<CredentialsMode>(['omit', 'same-origin', 'include']);
const REDIRECTS = new Set<NonNullable<PageHint['redirect']>>(['follow', 'error', 'manual']);
const RESPONSE_TYPES = new Set(['basic', 'cors', 'default', 'error', 'opaque', 'opaqueredirect']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ERROR_NAME = /^[A-Za-z]{1,64}$/;

const isIn = <T extends string>(set: Set<T>, v: unknown): v is T => typeof v === 'string' && set.has(v as T);

/** A validated copy of one untrusted record, or null when it is malformed. */
export function sanitizePageRecord(raw: unknown): PageRecord | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (!isIn(KINDS, r['kind'])) return null;
  const url = hintUrl(r['url']);
  if (url === null) return null;
  const method = r['method'];
  if (typeof method !== 'string' || method.length > PAGE_RECORD_LIMITS.methodLength || !TOKEN.test(method)) return null;
  const startTime = r['startTime'];
  if (typeof startTime !== 'number' || !Number.isFinite(startTime) || startTime <= 0) return null;
  const outcome = r['outcome'];
  if (outcome !== 'resolved' && outcome !== 'rejected') return null;

  const out: PageRecord = { kind: r['kind'], url, method, headerNames: headerNames(r['headerNames']), startTime, outcome };
  const endTime = r['endTime'];
  if (typeof endTime === 'number' && Number.isFinite(endTime) && endTime >= startTime) out.endTime = endTime;
  if (isIn(MODES, r['mode'])) out.mode = r['mode'];
  if (isIn(CREDENTIALS, r['credentials'])) out.credentials = r['credentials'];
  if (isIn(REDIRECTS, r['redirect'])) out.redirect = r['redirect'];
  if (isIn(RESPONSE_TYPES, r['responseType'])) out.responseType = r['responseType'];
  const status = r['status'];
  if (typeof status === 'number' && Number.isInteger(status) && status >= 0 && status <= 999) out.status = status;
  const error = r['error'];
  if (outcome === 'rejected' && typeof error === 'string' && ERROR_NAME.test(error)) out.error = error;
  return out;
}

function headerNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const names = new Set<string>();
  for (const n of raw.slice(0, PAGE_RECORD_LIMITS.headerNames)) {
    if (typeof n === 'string' && n.length <= PAGE_RECORD_LIMITS.headerNameLength && TOKEN.test(n)) names.add(n.toLowerCase());
  }
  return [...names];
}

/** Validated records of an untrusted batch (an array, or its JSON text); malformed entries are dropped. */
export function sanitizePageRecords(raw: unknown): PageRecord[] {
  let list = raw;
  if (typeof raw === 'string') {
    if (raw.length > PAGE_RECORD_LIMITS.batchChars) return [];
    try {
      list = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const out: PageRecord[] = [];
  for (const item of list.slice(0, PAGE_RECORD_LIMITS.batch)) {
    const r = sanitizePageRecord(item);
    if (r) out.push(r);
  }
  return out;
}
