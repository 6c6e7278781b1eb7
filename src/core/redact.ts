/**
 * The one redaction, for everything people paste into tickets (reports, the fix's curl
 * reproduction): credentials in headers, userinfo in URLs and token-like query parameters become
 * `[redacted]`. Texts built from
 * those values (console messages quote the URL, evidence quotes header values) are scrubbed by
 * replacing the secret values themselves.
 */
import type { Exchange, HeaderList } from './model';

export const REDACTED = '[redacted]';

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Headers that carry URLs, whose query may hold tokens. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location']);
/** Query parameter names (lowercase) whose values are secrets. */
const SECRET_PARAMS = new Set([
  'token', 'access_token', 'id_token', 'refresh_token', 'api_key', 'apikey', 'key', 'sig', 'signature',
  'password', 'passwd', 'secret', 'client_secret', 'x-amz-signature', 'x-amz-security-token', 'x-goog-signature',
]);
/** Name parts that mark a custom header or parameter as a credential (`X-Api-Key`, `session_id`). */
const SECRET_NAME_PART = /token|secret|api[-_]?key|passw|session|signature|credential|auth/;
/** Shorter secrets are not scrubbed from free text: replacing them would mangle unrelated words. */
const MIN_SCRUB_LENGTH = 4;

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) return true;
  // CORS headers name credentials (`…-Allow-Credentials`) without carrying any.
  return !lower.startsWith('access-control-') && SECRET_NAME_PART.test(lower);
}

function isSecretParam(lowerName: string): boolean {
  return SECRET_PARAMS.has(lowerName) || SECRET_NAME_PART.test(lowerName);
}

/** Start and end of the `user:password` part of an absolute URL, or null when it has none. */
function userinfoSpan(url: string): [number, number] | null {
  const scheme = url.indexOf('://');
  if (scheme < 0) return null;
  const start = scheme + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url[i];
    if (c === '/' || c === '?' || c === '#' || c === '\\') {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  return at >= start ? [start, at] : null;
}

/** `url` with userinfo and the values of token-like query parameters replaced. Other bytes stay as they were. */
export function redactUrl(url: string): string {
  const userinfo = userinfoSpan(url);
  if (userinfo) url = url.slice(0, userinfo[0]) + REDACTED + url.slice(userinfo[1]);
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0 || !isSecretParam(paramName(part.slice(0, eq)))) return part;
    changed = true;
    return `${part.slice(0, eq + 1)}${REDACTED}`;
  });
  if (!changed) return url;
  return url.slice(0, q + 1) + parts.join('&') + (hash < 0 ? '' : url.slice(hash));
}

/** A header value as a report may show it. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (isSecretHeader(lower)) return REDACTED;
  if (URL_HEADERS.has(lower)) return redactUrl(value);
  return value;
}

export function redactHeaders(headers: HeaderList): HeaderList {
  return headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) }));
}

/** Every secret value visible in an exchange (header values, token query values raw and decoded). */
export function secretsOf(exchange: Exchange): string[] {
  const found = new Set<string>();
  const fromUrl = (url: string | undefined) => {
    if (!url) return;
    const userinfo = userinfoSpan(url);
    if (userinfo) {
      const raw = url.slice(userinfo[0], userinfo[1]);
      found.add(raw);
      found.add(safeDecode(raw));
    }
    const q = url.indexOf('?');
    if (q < 0) return;
    const hash = url.indexOf('#', q);
    for (const part of (hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash)).split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0 || !isSecretParam(paramName(part.slice(0, eq)))) continue;
      const raw = part.slice(eq + 1);
      found.add(raw);
      found.add(safeDecode(raw));
    }
  };
  const fromHeaders = (headers: HeaderList | undefined) => {
    for (const h of headers ?? []) {
      const lower = h.name.toLowerCase();
      if (isSecretHeader(lower)) {
        found.add(h.value);
        for (const part of secretParts(lower, h.value)) found.add(part);
      } else if (URL_HEADERS.has(lower)) fromUrl(h.value);
    }
  };
  for (const hop of exchange.hops) {
    for (const o of hop.preflight ? [hop.request, hop.preflight] : [hop.request]) {
      fromUrl(o.url);
      fromUrl(o.redirectUrl);
      fromHeaders(o.requestHeaders);
      fromHeaders(o.responseHeaders);
    }
  }
  return [...found].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of the given secrets replaced (longest first). */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** Parts of a credential header that texts may quote on their own: the token, each cookie value. */
function secretParts(lowerName: string, value: string): string[] {
  if (lowerName === 'authorization' || lowerName === 'proxy-authorization') {
    const space = value.indexOf(' ');
    return space < 0 ? [] : [value.slice(space + 1).trim()];
  }
  // Set-Cookie: only the first pair is the cookie; the rest are attributes (Path=/, SameSite=None).
  const pairs = lowerName === 'set-cookie' ? value.split(';').slice(0, 1) : value.split(';');
  const out: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq >= 0) out.push(pair.slice(eq + 1).trim());
  }
  return out;
}

function paramName(raw: string): string {
  return safeDecode(raw.replace(/\+/g, ' ')).trim().toLowerCase();
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
