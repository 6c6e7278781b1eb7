/**
 * A Set-Cookie line as the cookie rules need it (RFC 6265bis): the name and the attributes that
 * decide whether a cross-origin response may store it and whether later requests carry it.
 * Values are never kept: they are secrets.
 */
export type SameSite = 'none' | 'lax' | 'strict' | 'unset';

export interface SetCookieLine {
  name: string;
  sameSite: SameSite;
  secure: boolean;
  partitioned: boolean;
  /** A Domain attribute, lowercase without a leading dot, when one was given. */
  domain?: string;
}

const SAME_SITE = new Map<string, SameSite>([
  ['none', 'none'],
  ['lax', 'lax'],
  ['strict', 'strict'],
]);

/** Null for a line without `name=` (browsers ignore those too, except a bare value: name ''). */
export function parseSetCookie(line: string): SetCookieLine | null {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0 && pair.trim() === '') return null;
  const out: SetCookieLine = { name: eq < 0 ? '' : pair.slice(0, eq).trim(), sameSite: 'unset', secure: false, partitioned: false };
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : attr.slice(i + 1).trim();
    if (key === 'secure') out.secure = true;
    else if (key === 'partitioned') out.partitioned = true;
    // An unknown SameSite value counts as unset (Chromium and Firefox alike).
    else if (key === 'samesite') out.sameSite = SAME_SITE.get(value.toLowerCase()) ?? 'unset';
    else if (key === 'domain' && value) out.domain = value.replace(/^\./, '').toLowerCase();
  }
  return out;
}

/** Names of the cookies a Cookie request header carries (values dropped). */
export function cookieNames(header: string): string[] {
  return header
    .split(';')
    .map((p) => p.slice(0, p.includes('=') ? p.indexOf('=') : p.length).trim())
    .filter((n) => n !== '');
}
