/**
 * HTTP tokens (RFC 9110 `token`) and `#token` lists as CORS uses them for
 * Access-Control-Allow-Methods / -Allow-Headers / -Expose-Headers. Parsing follows Chromium's
 * `ParseAccessControlAllowList` (and Firefox's tokenizer): split on ",", trim spaces and tabs,
 * ignore empty elements; one element that is not a token makes the whole header unparsable.
 */

import { boundedMemo } from '../bounded-memo';

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

/** Each engine and lint parse the same few values: each is parsed once. */
const parseMemo = boundedMemo((value) => parse(value), 1000, 1024);

/** The result is shared between callers: do not mutate it. */
export function parseTokenList(value: string | null): TokenListResult {
  return value === null ? { ok: true, items: [] } : parseMemo(value);
}

/** The list's elements: split on ",", spaces and tabs trimmed, empty elements dropped. */
export function tokenListElements(value: string | null): string[] {
  const out: string[] = [];
  if (value === null) return out;
  for (const raw of value.split(',')) {
    const element = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (element !== '') out.push(element);
  }
  return out;
}

function parse(value: string): TokenListResult {
  const items: string[] = [];
  for (const element of tokenListElements(value)) {
    if (!isToken(element)) return { ok: false, invalid: element };
    items.push(element);
  }
  return { ok: true, items };
}

/**
 * Every element sorted into tokens and non-tokens (a browser rejects the whole list for one bad
 * element; a fix keeps the good ones and drops the bad).
 */
export function partitionTokenList(value: string | null): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const element of tokenListElements(value)) (isToken(element) ? valid : invalid).push(element);
  return { valid, invalid };
}
