/**
 * Analysed exchanges → HAR 1.2, Chrome-flavoured, so that `harToObservations` + `analyze` (the
 * panel's import, the `cors-lens` command) read the same exchanges back: one entry per
 * observation, preflights marked `_resourceType: "preflight"`, browser errors in
 * `response._error`, a request that was never sent written as Chrome writes it (status 0, no
 * response headers), one page per requesting document so the initiator origin survives.
 *
 * Secrets (Authorization, Cookie, Set-Cookie values, token-like query parameters) are redacted
 * unless `includeSecrets` is set. Pure: no browser or Node API.
 */
import type { AnalyzedExchange, HeaderList, Observation } from '../core/model';
import { redactHeaders, redactUrl } from '../core/redact';

export interface HarExportOptions {
  includeSecrets?: boolean;
  /** `log.creator.version`. */
  version?: string;
}

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: never[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: never[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
  _resourceType?: string;
  _initiator?: { type: string; url?: string; requestId?: string };
}

export interface HarDocument {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: Array<{ startedDateTime: string; id: string; title: string; pageTimings: Record<string, never> }>;
    entries: HarEntry[];
  };
}

const iso = (ms: number) => new Date(Number.isFinite(ms) ? ms : 0).toISOString();

function queryOf(url: string): HarHeader[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const query = hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash);
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p, value: '' } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
    });
}

export function toHar(list: readonly AnalyzedExchange[], options: HarExportOptions = {}): HarDocument {
  const keep = options.includeSecrets === true;
  const url = (u: string) => (keep ? u : redactUrl(u));
  const headers = (h: HeaderList | undefined): HarHeader[] => (h === undefined ? [] : (keep ? h : redactHeaders(h)).map((x) => ({ name: x.name, value: x.value })));

  const pages = new Map<string, { id: string; title: string; start: number }>();
  const pageFor = (o: Observation, initiator: string | null | undefined): string | undefined => {
    // The page title is what the importer reads the requesting origin from.
    const title = o.documentUrl ?? (typeof initiator === 'string' ? `${initiator}/` : undefined);
    if (title === undefined || !/^https?:/i.test(title)) return undefined;
    const key = url(title);
    let page = pages.get(key);
    if (!page) pages.set(key, (page = { id: `page_${pages.size + 1}`, title: key, start: o.startTime }));
    page.start = Math.min(page.start, o.startTime);
    return page.id;
  };

  const entries: Array<HarEntry & { _order: number }> = [];
  let order = 0;
  let requestId = 0;
  const entry = (o: Observation, initiator: string | null | undefined, extra: Partial<HarEntry>): void => {
    const status = o.status ?? 0;
    const responded = status > 0 || (o.responseHeaders?.length ?? 0) > 0;
    // Unknown durations (Firefox HARs carry none) are written as -1, HAR's "not available", so an
    // import does not mistake them for instant responses (pairing relies on end times).
    const end = o.endTime !== undefined && o.endTime >= o.startTime ? o.endTime - o.startTime : -1;
    const pageref = pageFor(o, initiator);
    const e: HarEntry & { _order: number } = {
      ...(pageref ? { pageref } : {}),
      startedDateTime: iso(o.startTime),
      time: end,
      request: {
        method: o.method,
        url: url(o.url),
        httpVersion: 'HTTP/1.1',
        headers: headers(o.requestHeaders),
        queryString: queryOf(url(o.url)),
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status,
        statusText: o.statusText ?? '',
        httpVersion: responded ? 'HTTP/1.1' : '',
        headers: responded ? headers(o.responseHeaders) : [],
        cookies: [],
        content: { size: 0, mimeType: '' },
        redirectURL: o.redirectUrl === undefined ? '' : url(o.redirectUrl),
        headersSize: -1,
        bodySize: 0,
        ...(o.error ? { _error: o.error } : {}),
      },
      cache: {},
      timings: { send: 0, wait: Math.max(end, 0), receive: 0 },
      ...(o.ip ? { serverIPAddress: o.ip } : {}),
      ...extra,
      _order: order++,
    };
    entries.push(e);
  };

  for (const { exchange } of list) {
    exchange.hops.forEach((hop) => {
      const id = `cors-lens-${++requestId}`;
      if (hop.preflight) {
        entry(hop.preflight, exchange.initiatorOrigin, {
          _resourceType: 'preflight',
          _initiator: { type: 'preflight', url: url(hop.request.url), requestId: id },
        });
      }
      entry(hop.request, exchange.initiatorOrigin, {
        _resourceType: hop.request.resourceType === 'xmlhttprequest' ? 'xhr' : (hop.request.resourceType ?? 'fetch'),
        _initiator: { type: 'script', ...(hop.request.documentUrl ? { url: url(hop.request.documentUrl) } : {}) },
      });
    });
  }
  // Time order, as browsers write it (ties keep the exchange order: a preflight before its request).
  entries.sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime) || a._order - b._order);

  return {
    log: {
      version: '1.2',
      creator: { name: 'CORS Lens', version: options.version ?? '' },
      pages: [...pages.values()].map((p) => ({ startedDateTime: iso(p.start), id: p.id, title: p.title, pageTimings: {} })),
      entries: entries.map(({ _order, ...e }) => e),
    },
  };
}

export function toHarText(list: readonly AnalyzedExchange[], options: HarExportOptions = {}): string {
  return `${JSON.stringify(toHar(list, options), null, 2)}\n`;
}
