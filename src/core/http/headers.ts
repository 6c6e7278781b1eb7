/**
 * Reading header lists the way Fetch does: names are case-insensitive, values are normalized
 * (leading/trailing HTTP whitespace removed) and repeated fields are combined with ", " (Fetch
 * "get", Chromium `GetNormalizedHeader`). How many *separate* fields there were matters too:
 * Firefox reports "multiple Access-Control-Allow-Origin" only for two or more fields.
 *
 * Evaluating one exchange reads the same few lists dozens of times (three engines, lint, the
 * explanation). Lookups compare names case-insensitively in place, without lowercasing or
 * indexing the list: a name of another length is rejected at once, and nothing is allocated,
 * so reading a 50,000-entry HAR's headers makes no garbage (an index per list, even a cached
 * one, made garbage collection the bottleneck). Inside `withHeaderMemo` (one evaluation, during
 * which the exchange cannot change) `getHeader` also remembers its answers per list, because the
 * three engines, lint and the explanation ask the same lists the same questions.
 */
import type { Header, HeaderList } from '../model';

/** HTTP whitespace per Fetch: HTAB, LF, CR, SP. */
function isHttpWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function normalizeHeaderValue(value: unknown): string {
  if (typeof value !== 'string') return '';
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWs(value.charCodeAt(start))) start++;
  while (end > start && isHttpWs(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isHeader(h: unknown): h is Header {
  return !!h && typeof h === 'object' && typeof (h as Header).name === 'string';
}

/** `name` in lowercase; header names the core asks for are mostly lowercase literals already. */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}


/**
 * `h` is a well-formed header named `lower` (ASCII case-insensitively; `lower` is lowercase).
 * Names with non-ASCII characters fall back to `toLowerCase`. Lowercasing changes a string's
 * length by turning U+0130 into `i` + U+0307, which is not ASCII: so a name of another length
 * can only match a non-ASCII `lower`.
 */
function named(h: unknown, lower: string, lowerIsAscii: boolean): boolean {
  if (!isHeader(h)) return false;
  const name = h.name;
  if (name === lower) return true;
  if (name.length !== lower.length) return !lowerIsAscii && name.toLowerCase() === lower;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c > 127) return name.toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The well-formed header `h` is named `lowerName` (given in lowercase), without allocating. */
export function isHeaderNamed(h: unknown, lowerName: string): boolean {
  return named(h, lowerName, isAscii(lowerName));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** The header list as an array of well-formed entries (hostile input may contain junk). */
export function safeHeaders(list: HeaderList | null | undefined): Header[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isHeader);
}

/** Every normalized value of `name`, one per field, in order. */
export function headerValues(list: HeaderList | null | undefined, name: string): string[] {
  const out: string[] = [];
  if (!Array.isArray(list)) return out;
  const lower = lowerName(name);
  const ascii = isAscii(lower);
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    if (named(h, lower, ascii)) out.push(normalizeHeaderValue(h!.value));
  }
  return out;
}

/**
 * The first field of `name` exactly as sent (not normalized), or undefined. Pairing compares raw
 * observed text; the evaluator reads normalized values through `getHeader`.
 */
export function firstRawHeaderValue(list: HeaderList | null | undefined, name: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const lower = lowerName(name);
  const ascii = isAscii(lower);
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    if (named(h, lower, ascii)) return h!.value;
  }
  return undefined;
}

/**
 * Remembered answers of one evaluation: (list, name) → value, searched linearly (a few dozen).
 * The slots are reused from one evaluation to the next (only `memoCount` is reset).
 */
const MEMO_MAX = 64;
let memoDepth = 0;
let memoCount = 0;
const memoLists: Array<object | null> = new Array(MEMO_MAX).fill(null);
const memoNames: string[] = new Array(MEMO_MAX).fill('');
const memoValues: Array<string | null> = new Array(MEMO_MAX).fill(null);

/** Runs `fn` with `getHeader` answers remembered; the lists must not change while it runs. */
export function withHeaderMemo<T>(fn: () => T): T {
  memoDepth++;
  try {
    return fn();
  } finally {
    if (--memoDepth === 0) {
      // Drop the references so the lists of the last exchange are not kept alive.
      memoLists.fill(null, 0, memoCount);
      memoValues.fill(null, 0, memoCount);
      memoCount = 0;
    }
  }
}

/** Fetch "get": null when absent, else all values joined with ", ". */
export function getHeader(list: HeaderList | null | undefined, name: string): string | null {
  if (!Array.isArray(list)) return null;
  if (memoDepth > 0) {
    for (let i = 0; i < memoCount; i++) {
      if (memoLists[i] === list && memoNames[i] === name) return memoValues[i]!;
    }
    const value = scanHeader(list, name);
    if (memoCount < MEMO_MAX) {
      memoLists[memoCount] = list;
      memoNames[memoCount] = name;
      memoValues[memoCount] = value;
      memoCount++;
    }
    return value;
  }
  return scanHeader(list, name);
}

function scanHeader(list: HeaderList, name: string): string | null {
  const lower = lowerName(name);
  const ascii = isAscii(lower);
  let value: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    if (!named(h, lower, ascii)) continue;
    const v = normalizeHeaderValue(h!.value);
    value = value === null ? v : `${value}, ${v}`;
  }
  return value;
}

export function hasHeader(list: HeaderList | null | undefined, name: string): boolean {
  if (!Array.isArray(list)) return false;
  const lower = lowerName(name);
  const ascii = isAscii(lower);
  for (let i = 0; i < list.length; i++) if (named(list[i], lower, ascii)) return true;
  return false;
}

/** How many separate fields named `name` the list has. */
export function countHeader(list: HeaderList | null | undefined, name: string): number {
  if (!Array.isArray(list)) return 0;
  const lower = lowerName(name);
  const ascii = isAscii(lower);
  let n = 0;
  for (let i = 0; i < list.length; i++) if (named(list[i], lower, ascii)) n++;
  return n;
}

/** Lowercase names in first-seen order, without duplicates. */
export function headerNames(list: HeaderList | null | undefined): string[] {
  const names = new UniqueNames(Array.isArray(list) ? list.length : 0);
  if (!Array.isArray(list)) return names.list;
  for (const h of list) if (isHeader(h)) names.add(h.name.toLowerCase());
  return names.list;
}

/**
 * Distinct names in first-seen order. A request has a handful of headers, for which a linear
 * search beats building a Set; hostile lists with thousands get the Set.
 */
export class UniqueNames {
  readonly list: string[] = [];
  private readonly seen: Set<string> | null;
  constructor(expected: number) {
    this.seen = expected > 32 ? new Set() : null;
  }
  add(name: string): void {
    if (this.seen ? this.seen.has(name) : this.list.includes(name)) return;
    this.seen?.add(name);
    this.list.push(name);
  }
}

/**
 * `names` sorted in place. Header-name lists are short and usually sorted already (browsers
 * send ACRH sorted): checking first spares Array#sort's allocations, tens of thousands per HAR.
 */
export function sortNames(names: string[]): string[] {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return names.sort();
  return names;
}

/** Split a comma-separated value into trimmed, non-empty elements (`Vary`, `Cache-Control`). */
export function splitList(value: string | null): string[] {
  if (value === null) return [];
  const out: string[] = [];
  for (const part of value.split(',')) {
    const v = normalizeHeaderValue(part);
    if (v !== '') out.push(v);
  }
  return out;
}
