/**
 * Host match patterns and the question "which origins can CORS Lens not see?", as pure functions
 * (no extension API: unit-tested, shared by the background, the panel and the grant page).
 *
 * Facts measured in Chromium 156 and Firefox ESR 153 (see the README's permissions section):
 * - a pattern without a port matches every port in both (`http://localhost/*` covers
 *   `http://localhost:5173`); Firefox does not accept a port in a pattern at all, so every pattern
 *   built here is port-less;
 * - `http://[::1]/*` is a valid pattern in both;
 * - both report a request to webRequest only with access to the request URL *and* to the page
 *   that made it (its initiator), so a page's own origin must be covered before any of its
 *   cross-origin requests can be seen.
 */

/** Granted at install: local development servers, on any port, http and https. */
export const LOCAL_DEV_PATTERNS: readonly string[] = [
  'http://localhost/*',
  'https://localhost/*',
  'http://127.0.0.1/*',
  'https://127.0.0.1/*',
  'http://[::1]/*',
  'https://[::1]/*',
];

/**
 * WebSocket handshakes to the same local hosts: webRequest reports a ws:// request only with
 * access to its ws:// URL (measured in Chromium 156), and the CORS tab lists WebSockets to say
 * they are not CORS. Host permissions only: content scripts never match these schemes.
 */
export const LOCAL_DEV_SOCKET_PATTERNS: readonly string[] = [
  'ws://localhost/*',
  'wss://localhost/*',
  'ws://127.0.0.1/*',
  'wss://127.0.0.1/*',
  'ws://[::1]/*',
  'wss://[::1]/*',
];

/** Whether a pattern names a WebSocket scheme (never valid for a content script). */
export function isSocketPattern(pattern: string): boolean {
  return /^wss?:\/\//.test(pattern);
}

/** Every http(s) site: the widest access the user can grant (optional). */
export const ALL_SITES_PATTERN = '*://*/*';

interface ParsedPattern {
  schemes: readonly string[] | 'any';
  /** Lower-case host; '*' any; a leading '*.' matches the domain and its subdomains. */
  host: string;
  /** undefined: any port (the pattern named none). */
  port: string | undefined;
}

const WEB_SCHEMES = ['http', 'https', 'ws', 'wss'] as const;

/** Parses a host-permission match pattern; undefined when it is not one we understand. */
function parsePattern(pattern: string): ParsedPattern | undefined {
  if (pattern === '<all_urls>') return { schemes: 'any', host: '*', port: undefined };
  const m = /^(\*|https?|wss?|file|ftp):\/\/(\*|\*\.[^/*:]+|\[[0-9a-fA-F:.]+\]|[^/*:[\]]+)(?::(\d+|\*))?\/.*$/.exec(pattern);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  // `*` as a scheme means http or https (Firefox adds ws/wss, which CORS never concerns).
  const schemes = m[1] === '*' ? WEB_SCHEMES : [m[1]];
  return { schemes, host: m[2].toLowerCase(), port: m[3] === undefined || m[3] === '*' ? undefined : m[3] };
}

/** Whether `pattern` grants access to `url` (path is ignored: host permissions cover whole hosts). */
export function patternMatchesUrl(pattern: string, url: string): boolean {
  const p = parsePattern(pattern);
  if (!p) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const scheme = u.protocol.slice(0, -1);
  if (p.schemes === 'any') return [...WEB_SCHEMES, 'file', 'ftp'].includes(scheme);
  if (!p.schemes.includes(scheme)) return false;
  const host = u.hostname.toLowerCase();
  if (p.port !== undefined && p.port !== (u.port || defaultPort(scheme))) return false;
  if (p.host === '*') return true;
  if (p.host.startsWith('*.')) {
    const domain = p.host.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  }
  return host === p.host;
}

function defaultPort(scheme: string): string {
  return scheme === 'https' || scheme === 'wss' ? '443' : scheme === 'http' || scheme === 'ws' ? '80' : '';
}

export function isCovered(url: string, granted: readonly string[]): boolean {
  return granted.some((p) => patternMatchesUrl(p, url));
}

/** Whether the granted patterns include every http(s) site. */
export function coversAllSites(granted: readonly string[]): boolean {
  return granted.some((p) => p === '<all_urls>' || p === ALL_SITES_PATTERN) || (granted.includes('http://*/*') && granted.includes('https://*/*'));
}

/** `scheme://host[:port]` of an http(s) URL; undefined for anything else (data:, blob:, extension pages…). */
export function httpOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pattern to ask for so that `origin` becomes visible: its scheme and host, every port (the
 * port-less form both browsers accept). `http://api.example.test:8080` → `http://api.example.test/*`.
 */
export function patternForOrigin(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}

export interface MissingOrigin {
  /** As shown to the user: `https://api.example.com:8443`. */
  origin: string;
  /** What to request to cover it: `https://api.example.com/*`. */
  pattern: string;
  /** The inspected page itself (without it nothing of the page is visible), or a server it calls. */
  role: 'page' | 'server';
}

/**
 * Origins the inspected page involves but the granted patterns do not cover: the page's own origin
 * first (the initiator every request needs), then each cross-origin server it requested, in the
 * order first seen. Same-origin requests add nothing; non-http(s) URLs are ignored (no permission
 * makes a `chrome://` page observable).
 */
export function missingOrigins(pageUrl: string | undefined, requestUrls: Iterable<string>, granted: readonly string[]): MissingOrigin[] {
  const out: MissingOrigin[] = [];
  const seenPatterns = new Set<string>();
  const add = (origin: string, role: MissingOrigin['role']) => {
    const pattern = patternForOrigin(origin);
    if (!pattern || seenPatterns.has(pattern)) return;
    seenPatterns.add(pattern);
    if (!isCovered(`${origin}/`, granted)) out.push({ origin, pattern, role });
  };
  const pageOrigin = pageUrl === undefined ? undefined : httpOrigin(pageUrl);
  if (pageOrigin) add(pageOrigin, 'page');
  for (const url of requestUrls) {
    const origin = httpOrigin(url);
    if (origin && origin !== pageOrigin) add(origin, 'server');
  }
  return out;
}
