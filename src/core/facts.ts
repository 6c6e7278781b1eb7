/**
 * What can be derived about an exchange before any engine runs: the page origin, the request
 * mode (no API reports it: `Sec-Fetch-Mode`, else the presence of `Origin`/a preflight, else an
 * assumption), which request headers the page set, and whether the browser reported a failure.
 * Every accessor is total: malformed exchanges yield a usable, sanitized view.
 */
import type { EvaluateOptions, Exchange, Hop, Observation, RequestMode } from './model';
import { getHeader, headerValues, isHeaderNamed, safeHeaders, sortNames } from './http/headers';
import { isCorsSafelistedMethod } from './http/methods';
import { isSameOrigin, isWebSocketScheme, originOf } from './http/origin';
import { corsUnsafeRequestHeaderNames, isBrowserAddedHeader, isCorsSafelistedRequestHeader, whyHeaderIsUnsafe } from './http/safelist';
import { classifyError, errorFamily } from './rules/network';
import { pageSawNetworkError } from './page-hint';
import { initiatorOf, type InitiatorInfo } from './initiator';
import { partitionTokenList } from './http/tokens';

export type ModeBasis = 'given' | 'sec-fetch-mode' | 'scheme' | 'resource-type' | 'origin-header' | 'assumed';

export interface ExchangeFacts {
  exchange: Exchange;
  hops: Hop[];
  url: string;
  method: string;
  /** Serialized origin of the page (`null` for opaque), undefined when nothing says. */
  initiator: string | undefined;
  mode: RequestMode;
  modeBasis: ModeBasis;
  /** Some hop of the chain is cross-origin to the page. */
  anyCrossOrigin: boolean;
  /** Chrome's `{kind}` for "Access to {kind} at …" (= `initiator.chromeKind`). */
  kind: string;
  /** Who made the request (fetch, XHR, an element, EventSource, sendBeacon …): src/core/initiator.ts. */
  initiatedBy: InitiatorInfo;
  /** Request mode/kind for WebKit's generic line ("Fetch API", "XMLHttpRequest"). */
  documentUrl: string | undefined;
  /** A `Cookie` header was sent on a cross-origin hop. */
  observedCookie: boolean;
  /** The browser reported a CORS-style failure (`net::ERR_FAILED`, `NS_ERROR_DOM_BAD_URI`, never sent). */
  reportedCorsFailure: boolean;
  /** Engine family of the observed error strings. */
  errorFamily: 'chrome' | 'firefox' | null;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function sanitizeObservation(o: unknown, fallbackUrl: string, fallbackMethod: string, id: string): Observation {
  const obs = (o && typeof o === 'object' ? o : {}) as Partial<Observation>;
  // Well-formed observations (every source's) are used as they are: copying them per evaluation
  // only made garbage.
  if (
    typeof obs.id === 'string' &&
    obs.source !== undefined &&
    obs.source !== null &&
    typeof obs.url === 'string' &&
    typeof obs.method === 'string' &&
    obs.method !== '' &&
    typeof obs.startTime === 'number'
  ) {
    return obs as Observation;
  }
  return {
    ...obs,
    id: str(obs.id, id),
    source: obs.source ?? 'har',
    url: str(obs.url, fallbackUrl),
    method: str(obs.method, fallbackMethod) || 'GET',
    startTime: typeof obs.startTime === 'number' ? obs.startTime : 0,
  } as Observation;
}

/**
 * A sanitized hop. It lives as long as one evaluation's facts, so what the engines, lint and the
 * explanation all ask about it is computed once and kept on it.
 */
class FactHop implements Hop {
  method: string | undefined = undefined;
  unsafeHeaders: string[] | undefined = undefined;
  constructor(
    readonly request: Observation,
    readonly preflight?: Observation,
  ) {}
}

function sanitizeHops(exchange: Exchange): Hop[] {
  const url = str(exchange?.url);
  const method = str(exchange?.method, 'GET') || 'GET';
  const raw = Array.isArray(exchange?.hops) ? exchange.hops : [];
  const hops: Hop[] = [];
  for (let i = 0; i < raw.length; i++) {
    const h = raw[i];
    if (!h || typeof h !== 'object') continue;
    const request = sanitizeObservation((h as Hop).request, i === 0 ? url : '', method, `${str(exchange?.id)}#${i}`);
    const pf = (h as Hop).preflight;
    hops.push(pf && typeof pf === 'object' ? new FactHop(request, sanitizeObservation(pf, request.url, 'OPTIONS', `${request.id}:pf`)) : new FactHop(request));
  }
  if (hops.length === 0) hops.push(new FactHop(sanitizeObservation(undefined, url, method, str(exchange?.id, 'exchange'))));
  return hops;
}

function pageOrigin(exchange: Exchange, first: Observation, firstPreflight: Observation | undefined): string | undefined {
  const candidates: Array<string | null | undefined> = [exchange?.initiatorOrigin, first.initiatorOrigin];
  for (const c of candidates) {
    if (c === null) return 'null';
    const o = originOf(c);
    if (o) return o;
  }
  const originHeader = getHeader(first.requestHeaders, 'origin') ?? getHeader(firstPreflight?.requestHeaders, 'origin');
  if (originHeader !== null) return originOf(originHeader) ?? (originHeader === 'null' ? 'null' : undefined);
  const fromDoc = originOf(first.documentUrl);
  if (fromDoc) return fromDoc;
  if (getHeader(first.requestHeaders, 'sec-fetch-site') === 'same-origin') return originOf(first.url);
  return undefined;
}

const NAVIGATION_TYPES = new Set(['main_frame', 'sub_frame', 'document', 'navigation', 'outermost_frame']);
const NO_CORS_TYPES = new Set(['script', 'image', 'imageset', 'stylesheet', 'media', 'object', 'ping', 'csp_report', 'beacon']);

function deriveMode(hops: Hop[], options: EvaluateOptions | undefined): { mode: RequestMode; basis: ModeBasis } {
  if (options?.mode) return { mode: options.mode, basis: 'given' };
  const first = hops[0]!.request;
  if (isWebSocketScheme(first.url)) return { mode: 'websocket', basis: 'scheme' };
  for (const hop of hops) {
    const sfm = getHeader(hop.request.requestHeaders, 'sec-fetch-mode')?.toLowerCase();
    if (sfm === 'navigate' || sfm === 'no-cors' || sfm === 'cors' || sfm === 'same-origin' || sfm === 'websocket') {
      return { mode: sfm, basis: 'sec-fetch-mode' };
    }
  }
  const type = str(first.resourceType).toLowerCase();
  if (NAVIGATION_TYPES.has(type)) return { mode: 'navigate', basis: 'resource-type' };
  if (type === 'websocket') return { mode: 'websocket', basis: 'resource-type' };
  const anyPreflight = hops.some((h) => !!h.preflight);
  const anyOrigin = hops.some((h) => getHeader(h.request.requestHeaders, 'origin') !== null);
  if (anyPreflight || anyOrigin) return { mode: 'cors', basis: 'origin-header' };
  if (NO_CORS_TYPES.has(type) && first.requestHeaders && !first.requestHeadersProvisional) {
    return { mode: 'no-cors', basis: 'resource-type' };
  }
  return { mode: 'cors', basis: 'assumed' };
}

export function deriveFacts(exchange: Exchange, options?: EvaluateOptions): ExchangeFacts {
  const hops = sanitizeHops(exchange);
  const first = hops[0]!.request;
  const initiator = pageOrigin(exchange, first, hops[0]!.preflight);
  const { mode, basis } = deriveMode(hops, options);
  const hintKind = (exchange as { pageHint?: { kind?: unknown } } | undefined)?.pageHint?.kind;
  const who = initiatorOf({
    resourceType: str(first.resourceType),
    requestHeaders: first.requestHeaders,
    hintKind: hintKind === 'fetch' || hintKind === 'xhr' || hintKind === 'eventsource' ? hintKind : undefined,
    given: options?.initiatorKind,
  });
  let anyCrossOrigin = false;
  let observedCookie = false;
  for (const h of hops) {
    if (isSameOrigin(initiator, h.request.url)) continue;
    anyCrossOrigin = true;
    if (getHeader(h.request.requestHeaders, 'cookie') !== null) {
      observedCookie = true;
      break;
    }
  }
  const last = hops[hops.length - 1]!.request;
  let anyNetworkError = false;
  let family: ExchangeFacts['errorFamily'] = null;
  for (const h of hops) {
    for (const e of [h.request.error, h.preflight?.error]) {
      if (typeof e !== 'string') continue;
      if (classifyError(e).kind === 'network') anyNetworkError = true;
      family ??= errorFamily(e);
    }
  }
  // A page that saw the call fail as a network error reports it like an observed net::ERR_FAILED.
  const failedUnseen = exchange?.actualNeverSent === true || pageSawNetworkError(exchange);
  const reportedCorsFailure = classifyError(last.error).kind === 'cors' || (failedUnseen && !anyNetworkError);
  return {
    exchange,
    hops,
    url: str(exchange?.url, first.url) || first.url,
    method: str(exchange?.method, first.method) || first.method,
    initiator,
    mode,
    modeBasis: basis,
    anyCrossOrigin,
    kind: who.chromeKind,
    initiatedBy: who,
    documentUrl: typeof first.documentUrl === 'string' ? first.documentUrl : undefined,
    observedCookie,
    reportedCorsFailure,
    errorFamily: family,
  };
}

/**
 * The CORS-unsafe header names of one hop: the preflight's own `Access-Control-Request-Headers`
 * when it was captured (exactly what the browser computed), else computed from the request
 * headers. Without a preflight, `Cache-Control/Pragma: no-cache` are taken as DevTools-added.
 */
export function unsafeHeadersOfHop(hop: Hop): string[] {
  if (hop instanceof FactHop) return (hop.unsafeHeaders ??= computeUnsafeHeaders(hop));
  return computeUnsafeHeaders(hop);
}

function computeUnsafeHeaders(hop: Hop): string[] {
  if (hop.preflight) {
    const acrh = getHeader(hop.preflight.requestHeaders, 'access-control-request-headers');
    // Only valid tokens, once each: a hostile recording's ACRH must not reach a fix as a header name.
    if (acrh !== null) return sortNames([...new Set(partitionTokenList(acrh).valid.map((n) => n.toLowerCase()))]);
    if (hop.preflight.requestHeaders) return [];
  }
  return corsUnsafeRequestHeaderNames(hop.request.requestHeaders, { chromeExtras: true, skipDevtoolsCacheHeaders: !hop.preflight });
}

/**
 * The Origin header sent on a hop (its preflight's first, else the request's), trimmed; `null`
 * for the literal `null` (an opaque or tainted origin), undefined when none was captured.
 */
export function originSentOnHop(hop: Hop | undefined): string | null | undefined {
  const value = headerValues(hop?.preflight?.requestHeaders, 'origin')[0] ?? headerValues(hop?.request.requestHeaders, 'origin')[0];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === 'null' ? null : trimmed;
}

/** The page origin as the fix policy names it: `null` (not the string) for an opaque origin. */
export function pageOriginOf(facts: ExchangeFacts): string | null | undefined {
  return facts.initiator === 'null' ? null : facts.initiator;
}

/** The method the preflight asked about (its ACRM), else the request's method. */
export function methodOfHop(hop: Hop): string {
  if (hop instanceof FactHop) return (hop.method ??= computeMethod(hop));
  return computeMethod(hop);
}

function computeMethod(hop: Hop): string {
  const acrm = hop.preflight ? getHeader(hop.preflight.requestHeaders, 'access-control-request-method') : null;
  return acrm ?? hop.request.method;
}

export interface RequestCorsProfile {
  /** Serialized page origin, or undefined when unknown. */
  origin: string | undefined;
  crossOrigin: boolean | undefined;
  mode: RequestMode;
  modeBasis: ModeBasis;
  method: string;
  needsPreflight: boolean;
  /** Why a preflight is needed, in plain words (empty when none). */
  preflightReasons: string[];
  /** CORS-unsafe request-header names, lowercase and sorted. */
  unsafeHeaders: string[];
}

/** Is the request cross-origin, in which mode, and does it need a preflight (and why)? */
export function requestCorsProfile(exchange: Exchange, options?: EvaluateOptions): RequestCorsProfile {
  return corsProfileOf(deriveFacts(exchange, options));
}

/** `requestCorsProfile` from facts already derived (the evaluator has them). */
export function corsProfileOf(facts: ExchangeFacts): RequestCorsProfile {
  const hop = facts.hops[0]!;
  const method = methodOfHop(hop);
  const unsafe = unsafeHeadersOfHop(hop);
  const reasons: string[] = [];
  const crossOrigin = facts.initiator === undefined ? undefined : !isSameOrigin(facts.initiator, hop.request.url);
  const corsMode = facts.mode === 'cors';
  if (corsMode && !isCorsSafelistedMethod(method)) reasons.push(`method ${method} is not GET, HEAD or POST`);
  if (corsMode && unsafe.length > 0) {
    const headers = safeHeaders(hop.request.requestHeaders);
    // First page-set header per lowercase name, built once: a find() per unsafe name was
    // quadratic (10,000 custom headers took 1.2 s, 20,000 took 5 s). For a lowercase `name`,
    // isHeaderNamed(x, name) is exactly x.name.toLowerCase() === name.
    const byName = new Map<string, (typeof headers)[number]>();
    for (const x of headers) {
      const key = x.name.toLowerCase();
      if (!byName.has(key) && isHeaderNamed(x, key) && !isBrowserAddedHeader(x.name)) byName.set(key, x);
    }
    for (const name of unsafe) {
      const h = name === name.toLowerCase() ? byName.get(name) : headers.find((x) => isHeaderNamed(x, name) && !isBrowserAddedHeader(x.name));
      if (!h) reasons.push(`header ${name} is not CORS-safelisted`);
      else if (isCorsSafelistedRequestHeader(h.name, String(h.value), { chromeExtras: true }))
        reasons.push(`${h.name}: all safelisted header values together are longer than 1024 bytes`);
      else reasons.push(`${h.name}: ${whyHeaderIsUnsafe(h.name, String(h.value))}`);
    }
  }
  return {
    origin: facts.initiator,
    crossOrigin,
    mode: facts.mode,
    modeBasis: facts.modeBasis,
    method,
    needsPreflight: corsMode && crossOrigin !== false && reasons.length > 0,
    preflightReasons: crossOrigin === false ? [] : reasons,
    unsafeHeaders: unsafe.slice(),
  };
}
