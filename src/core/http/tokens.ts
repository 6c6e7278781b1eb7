/**
 * HTTP tokens (RFC 9110 `token`) and `#token` lists as CORS uses them for
 * Access-Control-Allow-Methods / -Allow-Headers / -Expose-Headers. Parsing follows Chromium's
 * `ParseAccessControlAllowList` (and Firefox's tokenizer): split on ",", trim spaces and tabs,
 * ignore empty elements; one element that is not a token makes the whole header unparsable.
 */

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(s: string): boolean {
  return TCHAR.test(s);
}

/** A header name is a token. */
export const isFieldName = isToken;

export type TokenListResult =
  | { ok: true; items: string[] }
  /** `invalid` is the first offending element (trimmed), as Firefox prints it. */
  | { ok: false; invalid: string };

export function parseTokenList(value: string | null): TokenListResult {
  if (value === null) return { ok: true, items: [] };
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const element = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (element === '') continue;
    if (!isToken(element)) return { ok: false, invalid: element };
    items.push(element);
  }
  return { ok: true, items };
}
