/**
 * HAR 1.2 → observations, for HAR files exported by Chrome DevTools (also `chrome.devtools.network`)
 * and Firefox DevTools. One observation per entry; redirects stay separate entries (pairing links
 * them), preflights are recognised by pairing from their ACRM header or `_resourceType`.
 *
 * Chrome specifics: preflights are `_resourceType: "preflight"` with `_initiator: {type:
 * "preflight", requestId}`; failures are `response._error` (`net::ERR_FAILED`); an actual request
 * never sent (its preflight failed) has status 0, no response headers and provisional request
 * headers without Origin. Firefox: no `_resourceType`, no error field, `redirectURL` is the raw
 * Location header (possibly relative, and set on any status), `pages[].title` is the page URL.
 *
 * Fast path: this runs over 100 MB files, so there are no regexes, no spreads and no copies of
 * header arrays that are already well formed.
 */
import { mergeServiceWorkerPairs } from './har-service-worker';
import type { Header, HeaderList, Observation } from '../core/model';
import { originOrNull } from '../core/http/origin';
import { firstRawHeaderValue } from '../core/http/headers';

/** The input is not a HAR file (or not one we can read). The message is one line. */
export class HarFormatError extends Error {
  override name = 'HarFormatError';
}

export interface HarImport {
  observations: Observation[];
  /** Non-fatal problems, one line each (counts, not one line per entry). */
  warnings: string[];
  /** What wrote the HAR (`log.creator`: "Playwright 1.65.1"), when it says: the CLI names it when the HAR falls short. */
  creator?: string;
}

interface Page {
  url: string | undefined;
  origin: string | null | undefined;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function harToObservations(har: unknown): HarImport {
  if (!isObject(har)) throw new HarFormatError('not a HAR file: expected a JSON object with a "log"');
  // `chrome.devtools.network.getHAR()` hands over the log object itself.
  const log = har['log'] === undefined && Array.isArray(har['entries']) ? har : har['log'];
  if (!isObject(log)) throw new HarFormatError('not a HAR file: missing log');
  const reader = new HarObservationReader();
  for (const key of ['creator', 'browser', 'pages']) reader.setMember(key, log[key]);
  const entries = log['entries'];
  if (entries !== undefined) reader.startEntries(Array.isArray(entries));
  if (Array.isArray(entries)) for (let i = 0; i < entries.length; i++) reader.addEntry(entries[i]);
  return reader.finish();
}

/** "Playwright 1.65.1" from `log.creator`, short and printable, or undefined. */
function creatorOf(creator: Obj): string | undefined {
  const name = stringField(creator, 'name');
  if (!name) return undefined;
  const version = stringField(creator, 'version');
  return (version ? `${name} ${version}` : name).slice(0, 80);
}

/**
 * Builds observations one entry at a time, so a reader that never holds the whole HAR
 * (har-stream.ts) gets exactly what `harToObservations` gives. Members of `log` may come in any
 * order: entries seen before `pages` wait for it (browsers write `pages` first), and Firefox's
 * start-only timing is applied at the end. The first bad entry is reported by `finish()`.
 */
export class HarObservationReader {
  private pages = new Map<string, Page>();
  private pagesKnown = false;
  private waiting: unknown[] = [];
  private firefox = false;
  private entries: 'missing' | 'array' | 'not-array' = 'missing';
  private problems = new Problems();
  private badUrls = new BadUrls();
  private observations: Observation[] = [];
  /** Per observation: the entry has a `pageref` (DevTools records workers' requests without). */
  private fromPage: boolean[] = [];
  private lastStart = 0;
  /** Entries read so far (the index in `log.entries`, which bad entries are reported by). */
  private index = 0;
  private error: HarFormatError | undefined;
  private creator: string | undefined;

  /** A member of `log` other than `entries`. */
  setMember(key: string, value: unknown): void {
    if (key === 'pages') {
      this.pages = readPages(value);
      this.pagesKnown = true;
      const waiting = this.waiting;
      this.waiting = [];
      for (const entry of waiting) this.read(entry);
    } else if ((key === 'creator' || key === 'browser') && isObject(value) && stringField(value, 'name') === 'Firefox') {
      this.firefox = true;
    }
    if (key === 'creator' && isObject(value)) this.creator = creatorOf(value);
  }

  /** `log.entries` begins (again: a repeated key replaces the earlier value, as in JSON.parse). */
  startEntries(isArray: boolean): void {
    this.entries = isArray ? 'array' : 'not-array';
    this.observations = [];
    this.fromPage = [];
    this.waiting = [];
    this.problems = new Problems();
    this.badUrls = new BadUrls();
    this.lastStart = 0;
    this.index = 0;
    this.error = undefined;
  }

  addEntry(entry: unknown): void {
    if (this.error) return;
    if (this.pagesKnown) this.read(entry);
    else this.waiting.push(entry);
  }

  /** The `log` is complete. */
  finish(): HarImport {
    if (this.entries === 'missing') throw new HarFormatError('not a HAR file: missing log.entries');
    if (this.entries === 'not-array') throw new HarFormatError('not a HAR file: log.entries is not an array');
    for (const entry of this.waiting) this.read(entry);
    this.waiting = [];
    if (this.error) throw this.error;
    // Firefox's entry `time` sums only the request's own network timings: a preflighted request
    // that waited 90 ms for its preflight "ends" 1 ms after it started, before its preflight even
    // began. Such end times would mislead pairing, so Firefox exports contribute start times only.
    if (this.firefox) for (const o of this.observations) o.endTime = undefined;
    const warnings = [...this.problems.lines(), ...this.badUrls.lines()];
    // A HAR with pages puts every request of a page's documents under its `pageref`; DevTools
    // records a worker's requests without one. Say so: such an entry's shape is read differently
    // (no response recorded even when the worker's request failed a CORS check).
    if (this.pages.size > 0) this.observations.forEach((o, i) => {
      if (!this.fromPage[i]) o.initiatorContext = 'worker';
    });
    // A page fetch its service worker answered is one exchange: the worker's request (har-service-worker.ts).
    const observations = mergeServiceWorkerPairs(this.observations, this.fromPage);
    return { observations, warnings, ...(this.creator ? { creator: this.creator } : {}) };
  }

  /** As `finish()`, for a top object that has no `log` and is read as the log itself. */
  finishAsLog(): HarImport {
    if (this.entries !== 'array') throw new HarFormatError('not a HAR file: missing log');
    return this.finish();
  }

  private read(entry: unknown): void {
    if (this.error) return;
    const i = this.index++;
    try {
      const o = readEntry(entry, i, this.pages, this.problems, this.badUrls, this.lastStart, 'full');
      // An entry whose URL is not a URL is an input problem (counted in the warnings), not a request.
      if (o === null) return;
      this.lastStart = o.startTime;
      this.observations.push(o);
      this.fromPage.push(isObject(entry) && typeof entry['pageref'] === 'string');
    } catch (e) {
      // Only HarFormatError leaves this module, whatever the input looks like.
      this.error = e instanceof HarFormatError ? e : new HarFormatError(`entry ${i}: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
  }
}

function readPages(value: unknown): Map<string, Page> {
  const pages = new Map<string, Page>();
  if (!Array.isArray(value)) return pages;
  for (const page of value) {
    if (!isObject(page) || typeof page['id'] !== 'string') continue;
    // Chrome and Firefox both put the page URL in `title`.
    const title = page['title'];
    const url = typeof title === 'string' && (title.startsWith('http:') || title.startsWith('https:') || title.startsWith('file:')) ? title : undefined;
    pages.set(page['id'], { url, origin: url === undefined ? undefined : originOrNull(url) });
  }
  return pages;
}

function readEntry(
  entry: unknown,
  i: number,
  pages: Map<string, Page>,
  problems: Problems,
  badUrls: BadUrls,
  lastStart: number,
  timing: 'full' | 'start-only',
): Observation | null {
  if (!isObject(entry)) throw new HarFormatError(`entry ${i}: not an object`);
  const request = entry['request'];
  if (!isObject(request)) throw new HarFormatError(`entry ${i}: missing request`);
  const url = request['url'];
  if (typeof url !== 'string') throw new HarFormatError(`entry ${i}: request.url is not a string`);
  // An unparsable URL is an input problem, not a request the browser refused (no scheme to judge).
  if (!isParsableUrl(url)) {
    badUrls.add(i, url);
    return null;
  }
  const method = request['method'];
  if (typeof method !== 'string') throw new HarFormatError(`entry ${i}: request.method is not a string`);

  const rawResponse = entry['response'];
  const response: Obj | undefined = isObject(rawResponse) ? rawResponse : undefined;
  if (!response) problems.add('entry has no response object', 'entries have no response object');

  let startTime = typeof entry['startedDateTime'] === 'string' ? Date.parse(entry['startedDateTime']) : NaN;
  if (!Number.isFinite(startTime)) {
    problems.add('entry has no valid startedDateTime (placed after the previous entry)', 'entries have no valid startedDateTime (placed after the previous entry)');
    startTime = lastStart;
  }
  const time = entry['time'];
  const endTime = timing === 'full' && typeof time === 'number' && time >= 0 ? startTime + time : undefined;

  const requestHeaders = readHeaders(request['headers'], problems);
  const rawStatus = response?.['status'];
  let status = typeof rawStatus === 'number' && Number.isFinite(rawStatus) ? rawStatus : undefined;
  let responseHeaders = response ? readHeaders(response['headers'], problems) : undefined;
  // Chrome writes `headers: []` for a request that got no response at all.
  if (responseHeaders && responseHeaders.length === 0 && !(status !== undefined && status > 0)) responseHeaders = undefined;
  // No response has status 0 on the wire: with its headers here, the status is unknown, not 0.
  // Firefox's getHAR() writes such entries (httpVersion "" too): under load for some entries until
  // it catches up, and after a large burst (the lab's 330 runs) for every later entry, for good.
  const statusUnrecorded = status === 0 && responseHeaders !== undefined;
  if (statusUnrecorded) status = undefined;
  // Firefox writes every WebSocket handshake that way, finished or not: nothing to warn about.
  if (statusUnrecorded && firstRawHeaderValue(requestHeaders, 'upgrade')?.trim().toLowerCase() !== 'websocket') {
    problems.add('entry has response headers but no status (Firefox’s getHAR() leaves some at 0): checked by its headers', 'entries have response headers but no status (Firefox’s getHAR() leaves some at 0): checked by their headers');
  }

  let error = stringField(response, '_error') ?? stringField(entry, '_error');
  if (error === '') error = undefined;

  const originHeader = firstRawHeaderValue(requestHeaders, 'origin');
  const pageref = entry['pageref'];
  const page = typeof pageref === 'string' ? pages.get(pageref) : undefined;
  const initiator = isObject(entry['_initiator']) ? entry['_initiator'] : undefined;
  const resourceType = stringField(entry, '_resourceType');
  const isPreflight = resourceType === 'preflight' || stringField(initiator, 'type') === 'preflight';

  const statusText = stringField(response, 'statusText');
  const ip = stringField(entry, 'serverIPAddress');
  const fromCache = entry['_fromCache'];

  const o: Observation = {
    id: `har:${i}`,
    source: 'har',
    documentId: typeof pageref === 'string' ? `har-page:${pageref}` : undefined,
    documentUrl: page?.url,
    initiatorOrigin: initiatorOrigin(originHeader, requestHeaders, page, initiator, isPreflight),
    url,
    method,
    resourceType,
    requestHeaders,
    // Never sent: no response, and the headers lack the Origin the browser adds when sending.
    requestHeadersProvisional: status === undefined || status === 0 ? !responseHeaders && originHeader === undefined : undefined,
    status,
    statusText: statusText === '' ? undefined : statusText,
    responseHeaders,
    redirectUrl: redirectTarget(response, status, responseHeaders, url),
    error,
    preflightHint: isPreflight || undefined,
    preflightForHint: isPreflight ? stringField(initiator, 'requestId') : undefined,
    fromCache: fromCache === 'memory' || fromCache === 'disk' || fromCache === true || undefined,
    ip: ip ? stripBrackets(ip) : undefined,
    startTime,
    endTime,
    seq: i,
  };
  if (response?.['_fetchedViaServiceWorker'] === true) o.viaServiceWorker = true;
  if (statusUnrecorded) o.statusUnrecorded = true;
  return o;
}

/**
 * The requesting document's origin: the Origin header the browser sent, else the Referer's origin
 * (it names the requesting document, also inside iframes), else the HAR page, else `_initiator.url`
 * (a preflight's `_initiator.url` is its target, not its document, so not for those).
 */
function initiatorOrigin(
  originHeader: string | undefined,
  headers: HeaderList | undefined,
  page: Page | undefined,
  initiator: Obj | undefined,
  isPreflight: boolean,
): string | null | undefined {
  if (originHeader !== undefined) {
    const v = originHeader.trim();
    return v === 'null' ? null : v;
  }
  const referer = firstRawHeaderValue(headers, 'referer');
  if (referer) {
    const origin = originOrNull(referer);
    if (origin) return origin;
  }
  if (page?.origin) return page.origin;
  // A file:// document has an opaque origin (Chromium's HAR gives its fetches no Origin and an empty Referer).
  if (page?.url?.startsWith('file:')) return null;
  const initiatorUrl = isPreflight ? undefined : stringField(initiator, 'url');
  if (initiatorUrl) {
    const origin = originOrNull(initiatorUrl);
    if (origin) return origin;
  }
  return undefined;
}

/** Where a redirect response sent the browser, absolute. Only for 3xx (Firefox fills it from any Location). */
function redirectTarget(response: Obj | undefined, status: number | undefined, headers: HeaderList | undefined, url: string): string | undefined {
  if (status === undefined || status < 300 || status > 399) return undefined;
  let target = stringField(response, 'redirectURL');
  if (!target) target = firstRawHeaderValue(headers, 'location');
  if (!target) return undefined;
  if (target.startsWith('http://') || target.startsWith('https://')) return target;
  try {
    return new URL(target, url).href;
  } catch {
    return undefined;
  }
}

/**
 * A HAR header list. Well-formed arrays are used as they are (no copy); malformed items are
 * dropped or coerced, and counted.
 */
function readHeaders(value: unknown, problems: Problems): HeaderList | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.add('header list is not an array (ignored)', 'header lists are not arrays (ignored)');
    return undefined;
  }
  for (let i = 0; i < value.length; i++) {
    const h: unknown = value[i];
    if (!isObject(h) || typeof h['name'] !== 'string' || typeof h['value'] !== 'string') return repairHeaders(value, problems);
  }
  return value as HeaderList;
}

function repairHeaders(value: unknown[], problems: Problems): HeaderList {
  const out: Header[] = [];
  for (const h of value) {
    if (!isObject(h) || typeof h['name'] !== 'string') {
      problems.add('header without a name was dropped', 'headers without a name were dropped');
      continue;
    }
    const v = h['value'];
    if (typeof v === 'string') out.push({ name: h['name'], value: v });
    else if (typeof v === 'number' || typeof v === 'boolean') out.push({ name: h['name'], value: String(v) });
    else if (v === undefined || v === null) out.push({ name: h['name'], value: '' });
    else problems.add('header with a non-text value was dropped', 'headers with a non-text value were dropped');
  }
  return out;
}

function stringField(obj: Obj | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' ? v : undefined;
}

function stripBrackets(ip: string): string {
  return ip.charCodeAt(0) === 91 && ip.charCodeAt(ip.length - 1) === 93 ? ip.slice(1, -1) : ip;
}

function isParsableUrl(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Entries skipped for an unparsable request.url: one line naming the first few. */
class BadUrls {
  private readonly examples: string[] = [];
  private n = 0;
  add(entry: number, url: string): void {
    this.n++;
    if (this.examples.length < 3) this.examples.push(`entry ${entry} (${JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url)})`);
  }
  lines(): string[] {
    if (this.n === 0) return [];
    const more = this.n > this.examples.length ? `, and ${this.n - this.examples.length} more` : '';
    return [`${this.n} ${this.n === 1 ? 'entry was' : 'entries were'} skipped: request.url is not a valid URL — ${this.examples.join(', ')}${more}`];
  }
}

/** Counts repeated problems so a bad 50,000-entry file yields a few lines, not 50,000. */
class Problems {
  private counts = new Map<string, { many: string; n: number }>();
  add(one: string, many: string): void {
    const seen = this.counts.get(one);
    if (seen) seen.n++;
    else this.counts.set(one, { many, n: 1 });
  }
  lines(): string[] {
    return [...this.counts].map(([one, { many, n }]) => (n === 1 ? `1 ${one}` : `${n} ${many}`));
  }
}
