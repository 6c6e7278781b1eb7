/**
 * What every renderer works from: the policy's lists, checked once more (defence in depth: only
 * serialized origins and RFC 9110 tokens reach a snippet), plus the route and port to use.
 */
import type { FixPolicy } from '../policy';
import { isSerializedOrigin } from '../http/origin';
import { isToken } from '../http/tokens';
import type { RenderContext } from './types';

export interface RenderModel {
  origins: string[];
  methods: string[];
  headers: string[];
  expose: string[];
  credentials: boolean;
  preflight: boolean;
  maxAge: number;
  preflightStatus: number;
  /** `/api/` style prefix (always starts and ends with `/`), or `/`. Only URL-safe characters. */
  pathPrefix: string;
  port: number;
  /** Scheme and host:port of the API the page calls, when known (`https://api.example.com`). */
  apiOrigin: string | undefined;
  upstream: string;
  /** Notes every renderer passes on (values left out, unknown origin). */
  notes: string[];
}

const SAFE_SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** Invalid values named one by one in the notes; the rest are counted. */
const MAX_NAMED_LEFT_OUT = 5;

function derivePrefix(url: string): string {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    const first = segments[0];
    if (segments.length >= 2 && first !== undefined && SAFE_SEGMENT.test(first) && first !== '.' && first !== '..') return `/${first}/`;
  } catch {
    /* fall through */
  }
  return '/';
}

function normalizePrefix(p: string): string {
  const segments = p.split('/').filter(Boolean);
  if (segments.length === 0 || !segments.every((s) => SAFE_SEGMENT.test(s) && s !== '.' && s !== '..')) return '/';
  return `/${segments.join('/')}/`;
}

function apiOriginOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return isSerializedOrigin(o) ? o : undefined;
  } catch {
    return undefined;
  }
}

function defaultPort(url: string): number {
  try {
    const u = new URL(url);
    if (u.port) return Number(u.port);
  } catch {
    /* fall through */
  }
  return 8080;
}

/**
 * Everything of the request URL that `renderModel` reads (its origin, default port and path
 * prefix): two URLs with the same key give every stack built on the model the same code.
 */
export function requestUrlShape(url: string): string {
  return JSON.stringify([apiOriginOf(url) ?? null, defaultPort(url), derivePrefix(url)]);
}

export function renderModel(policy: FixPolicy, ctx: RenderContext = {}): RenderModel {
  const notes: string[] = [];
  // Linear in the number of values (a hostile exchange may carry a million header names): a Set
  // de-duplicates, and only the first few values left out are named.
  const keep = (values: string[], ok: (v: string) => boolean, what: string): string[] => {
    const seen = new Set<string>();
    const left: string[] = [];
    let leftOut = 0;
    for (const v of values) {
      if (!ok(v)) {
        if (leftOut++ < MAX_NAMED_LEFT_OUT) left.push(v);
      } else seen.add(v);
    }
    for (const v of left) notes.push(`Left out ${what} ${JSON.stringify(v)}: it is not valid in an HTTP header.`);
    if (leftOut > left.length) notes.push(`Left out ${leftOut - left.length} more invalid values of ${what}.`);
    return [...seen];
  };
  const origins = keep(policy.allowOrigins, (o) => isSerializedOrigin(o), 'the origin');
  if (origins.length === 0) notes.push("Add your front end's exact origin (scheme://host[:port]) to the allow-list: it was not captured.");
  const methods = keep(policy.allowMethods, isToken, 'the method');
  const headers = keep(policy.allowHeaders.map((h) => h.toLowerCase()), isToken, 'the header name');
  const expose = keep(policy.exposeHeaders.map((h) => h.toLowerCase()), isToken, 'the header name');
  const port = ctx.port !== undefined && Number.isInteger(ctx.port) && ctx.port > 0 && ctx.port < 65536 ? ctx.port : defaultPort(policy.request.url);
  const upstream = ctx.upstream !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(ctx.upstream) ? ctx.upstream : '127.0.0.1:3000';
  return {
    origins,
    methods,
    headers,
    expose,
    credentials: policy.allowCredentials,
    preflight: policy.preflight,
    maxAge: policy.maxAge !== undefined && Number.isInteger(policy.maxAge) && policy.maxAge >= 0 && policy.maxAge <= 7200 ? policy.maxAge : 600,
    preflightStatus: policy.preflightStatus ?? 204,
    pathPrefix: ctx.pathPrefix !== undefined ? normalizePrefix(ctx.pathPrefix) : derivePrefix(policy.request.url),
    port,
    apiOrigin: apiOriginOf(policy.request.url),
    upstream,
    notes,
  };
}

/** `a, b` joined for a header value. */
export function headerList(values: string[]): string {
  return values.join(', ');
}

/** Indents every line of a block. */
export function indent(block: string, by: string): string {
  return block
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

/** Path and query of the request URL as sent on the wire (percent-encoded by URL), or `/`. */
export function requestTarget(url: string): string {
  try {
    const u = new URL(url);
    return (u.pathname + u.search).replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  } catch {
    return '/';
  }
}
