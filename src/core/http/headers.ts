/**
 * Reading header lists the way Fetch does: names are case-insensitive, values are normalized
 * (leading/trailing HTTP whitespace removed) and repeated fields are combined with ", " (Fetch
 * "get", Chromium `GetNormalizedHeader`). How many *separate* fields there were matters too:
 * Firefox reports "multiple Access-Control-Allow-Origin" only for two or more fields.
 */
import type { Header, HeaderList } from '../model';

/** HTTP whitespace per Fetch: HTAB, LF, CR, SP. */
const HTTP_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

export function normalizeHeaderValue(value: unknown): string {
  return typeof value === 'string' ? value.replace(HTTP_WS, '') : '';
}

function isHeader(h: unknown): h is Header {
  return !!h && typeof h === 'object' && typeof (h as Header).name === 'string';
}

/** The header list as an array of well-formed entries (hostile input may contain junk). */
export function safeHeaders(list: HeaderList | null | undefined): Header[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isHeader);
}

/** Every normalized value of `name`, one per field, in order. */
export function headerValues(list: HeaderList | null | undefined, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const h of safeHeaders(list)) {
    if (h.name.toLowerCase() === lower) out.push(normalizeHeaderValue(h.value));
  }
  return out;
}

/** Fetch "get": null when absent, else all values joined with ", ". */
export function getHeader(list: HeaderList | null | undefined, name: string): string | null {
  const values = headerValues(list, name);
  return values.length === 0 ? null : values.join(', ');
}

export function hasHeader(list: HeaderList | null | undefined, name: string): boolean {
  return headerValues(list, name).length > 0;
}

/** How many separate fields named `name` the list has. */
export function countHeader(list: HeaderList | null | undefined, name: string): number {
  return headerValues(list, name).length;
}

/** Lowercase names in first-seen order, without duplicates. */
export function headerNames(list: HeaderList | null | undefined): string[] {
  const seen = new Set<string>();
  for (const h of safeHeaders(list)) seen.add(h.name.toLowerCase());
  return [...seen];
}

/** Split a comma-separated value into trimmed, non-empty elements (`Vary`, `Cache-Control`). */
export function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((v) => normalizeHeaderValue(v))
    .filter((v) => v !== '');
}
