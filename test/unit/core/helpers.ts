/** Builders for exchanges in core tests: terse, with realistic defaults (Chrome webRequest shape). */
import type { Exchange, HeaderList, Hop, Observation } from '../../../src/core/model';

export const PAGE = 'http://127.0.0.1:44000';
export const API = 'http://localhost:44001';
export const THIRD = 'http://127.0.0.1:44002';

export type H = Record<string, string | string[]>;

/** `{a: '1', b: ['x', 'y']}` → header list; arrays become separate fields. */
export function hl(h: H | HeaderList | undefined): HeaderList | undefined {
  if (h === undefined) return undefined;
  if (Array.isArray(h)) return h;
  const out: HeaderList = [];
  for (const [name, v] of Object.entries(h)) for (const value of Array.isArray(v) ? v : [v]) out.push({ name, value });
  return out;
}

let seq = 0;
export function obs(p: Partial<Omit<Observation, 'requestHeaders' | 'responseHeaders'>> & { url: string; requestHeaders?: H | HeaderList; responseHeaders?: H | HeaderList }): Observation {
  const { requestHeaders, responseHeaders, ...rest } = p;
  const o: Observation = { id: `o${++seq}`, source: 'webrequest', method: 'GET', startTime: seq, ...rest };
  const rq = hl(requestHeaders);
  const rs = hl(responseHeaders);
  if (rq) o.requestHeaders = rq;
  if (rs) o.responseHeaders = rs;
  return o;
}

export interface SimpleSpec {
  origin?: string | null;
  url?: string;
  method?: string;
  req?: H;
  status?: number;
  res?: H | HeaderList;
  error?: string;
  preflight?: { status?: number; res?: H | HeaderList; req?: H; error?: string; redirectUrl?: string };
  actualNeverSent?: boolean;
  preflightCacheHit?: boolean;
  resourceType?: string;
}

/** One-hop exchange. The request carries `Origin` unless `req` overrides it. */
export function ex(s: SimpleSpec = {}): Exchange {
  const origin = s.origin === undefined ? PAGE : s.origin;
  const url = s.url ?? `${API}/x`;
  const method = s.method ?? 'GET';
  const req: H = { Origin: origin ?? 'null', ...(s.req ?? {}) };
  const request = obs({
    url,
    method,
    requestHeaders: s.actualNeverSent ? Object.fromEntries(Object.entries(s.req ?? {})) : req,
    ...(s.status !== undefined ? { status: s.status } : s.actualNeverSent ? { status: 0 } : { status: 200 }),
    // `res: undefined` given explicitly = no response captured.
    ...(s.res !== undefined ? { responseHeaders: s.res } : s.actualNeverSent || 'res' in s ? {} : { responseHeaders: {} }),
    ...(s.error ? { error: s.error } : {}),
    ...(s.resourceType ? { resourceType: s.resourceType } : {}),
    initiatorOrigin: origin,
  });
  if (s.actualNeverSent) request.requestHeadersProvisional = true;
  const hop: Hop = { request };
  if (s.preflight) {
    const unsafe = Object.keys(s.req ?? {})
      .map((k) => k.toLowerCase())
      .filter((k) => !['origin', 'cookie', 'content-type', 'accept'].includes(k))
      .sort();
    hop.preflight = obs({
      url,
      method: 'OPTIONS',
      requestHeaders: s.preflight.req ?? {
        'Access-Control-Request-Method': method,
        ...(unsafe.length ? { 'Access-Control-Request-Headers': unsafe.join(',') } : {}),
        Origin: origin ?? 'null',
      },
      status: s.preflight.status ?? 204,
      responseHeaders: s.preflight.res ?? {},
      ...(s.preflight.error ? { error: s.preflight.error } : {}),
      ...(s.preflight.redirectUrl ? { redirectUrl: s.preflight.redirectUrl } : {}),
    });
  }
  return {
    id: `ex${seq}`,
    initiatorOrigin: origin,
    url,
    method,
    hops: [hop],
    ...(s.actualNeverSent ? { actualNeverSent: true } : {}),
    ...(s.preflightCacheHit ? { preflightCacheHit: true } : {}),
    startTime: 0,
  };
}

/** Multi-hop exchange from explicit hops. */
export function chain(origin: string | null, hops: Hop[], extra: Partial<Exchange> = {}): Exchange {
  return { id: `ch${++seq}`, initiatorOrigin: origin, url: hops[0]!.request.url, method: hops[0]!.request.method, hops, startTime: 0, ...extra };
}
