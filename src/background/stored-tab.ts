/**
 * The compact, lossless form one tab takes in storage.session, and its way back.
 *
 * storage.session is small (Chrome: 10 MB, counted as the memory each stored value takes, so a
 * nested object pays for every key and header pair it holds). A tab is therefore stored as one
 * packed string, with every string value written once (a string table: header names and values
 * such as User-Agent repeat on every request), every header list written once (requests of one
 * kind send the same headers), and nothing that can be recomputed: the
 * webRequest observation id (`wr:<chainId>#<hopIndex>`), the source, the tab id, the end time
 * (stored as a duration). Nothing is trimmed: a restored row shows every header it showed before.
 *
 * When the tab does not fit in the room it is given, storage keeps its newest exchanges (a suffix
 * of the in-memory list) and counts the rest in `omitted`; a restore adds them to `dropped`, so
 * the panel's dropped notice stays true.
 *
 * Field codes follow the order of `FIELDS`: the format is only read back by the same build
 * (browsers empty storage.session when an extension is updated or reloaded).
 */
import type { Header, Observation, PageHint } from '../core/model';
import type { PersistedTab, PersistUnits } from './tab-store';

export const STORED_TAB_FORMAT = 2;

export interface StoredTab {
  format: typeof STORED_TAB_FORMAT;
  /** Exchanges dropped from memory (the per-tab bound) before this save. */
  dropped: number;
  /** The oldest exchanges in memory that did not fit in storage. */
  omitted: number;
  /** Exchanges `packed` holds. */
  stored: number;
  /** Null for "never cleared" (-Infinity is not JSON). */
  clearedAt: number | null;
  preserveLog: boolean;
  hintSeq: number;
  /** JSON of `PackedTab`. */
  packed: string;
}

interface PackedTab {
  /** String table. */
  s: string[];
  /** Header lists, each `[nameIndex, valueIndex, …]` into the string table. */
  l: number[][];
  /** Observations, each a flat `[fieldCode, value, fieldCode, value, …]`. */
  o: EncodedValue[][];
  /** Page hints (few: at most one per exchange, plus a bounded number not claimed yet). */
  h: PageHint[];
}

type EncodedValue = number | null;

type FieldKind = 'string' | 'number' | 'boolean' | 'headers' | 'origin' | 'duration';

/** Every Observation field (the compiler insists when the model gains one). */
const FIELDS: Record<keyof Observation, FieldKind> = {
  id: 'string',
  source: 'string',
  chainId: 'string',
  hopIndex: 'number',
  tabId: 'number',
  frameId: 'number',
  documentId: 'string',
  documentUrl: 'string',
  initiatorOrigin: 'origin',
  url: 'string',
  method: 'string',
  resourceType: 'string',
  requestHeaders: 'headers',
  requestHeadersProvisional: 'boolean',
  status: 'number',
  statusUnrecorded: 'boolean',
  statusText: 'string',
  responseHeaders: 'headers',
  redirectUrl: 'string',
  error: 'string',
  preflightHint: 'boolean',
  preflightForHint: 'string',
  fromCache: 'boolean',
  ip: 'string',
  startTime: 'number',
  endTime: 'duration',
  seq: 'number',
  captureGap: 'string',
  initiatorContext: 'string',
  viaServiceWorker: 'boolean',
};
const FIELD_NAMES = Object.keys(FIELDS) as Array<keyof Observation>;
const CODE = new Map(FIELD_NAMES.map((name, i) => [name, i]));

/** Bytes a stored tab takes besides `packed` (key, flags, counts), roughly. */
const ENVELOPE_CHARS = 160;

export interface EncodedTab {
  value: StoredTab;
  /** Size of the stored value (what counts against the quota, near enough). */
  chars: number;
  stored: number;
  omitted: number;
}

/**
 * Encodes the newest exchanges of a tab that fit in `budgetChars` (all of them by default). The
 * suffix stops at the first exchange that does not fit: storage never holds a gap.
 */
export function encodeTab(tabId: number, parts: PersistUnits, budgetChars = Infinity): EncodedTab {
  let chars = ENVELOPE_CHARS;
  const strings = new Table<string>((v) => v, (v) => (chars += JSON.stringify(v).length + 1));
  const lists = new Table<number[]>((v) => v.join(','), (v) => (chars += JSON.stringify(v).length + 1));
  const str = (v: string) => strings.add(v);
  const enc: Encoders = { str, list: (headers) => lists.add(headers.flatMap((h) => [str(String(h.name)), str(String(h.value))])) };
  /** Encodes a group; undone (string table included) when it does not fit. */
  const tryAdd = (observations: Observation[], hints: PageHint[], into: EncodedValue[][][], hintsInto: PageHint[][]): boolean => {
    const before = { strings: strings.size, lists: lists.size, chars };
    const rows = observations.map((o) => encodeObservation(o, tabId, enc));
    const cost = JSON.stringify(rows).length + (hints.length > 0 ? JSON.stringify(hints).length : 0);
    if (chars + cost > budgetChars) {
      lists.truncate(before.lists);
      strings.truncate(before.strings);
      chars = before.chars;
      return false;
    }
    chars += cost;
    into.push(rows);
    hintsInto.push(hints);
    return true;
  };

  const pending = newestHintsWithin(parts.pendingHints, Math.min(budgetChars / 4, MAX_PENDING_HINT_CHARS));
  chars += pending.length > 0 ? JSON.stringify(pending).length : 0;
  const rowGroups: EncodedValue[][][] = [];
  const hintGroups: PageHint[][] = [];
  let stored = 0;
  let cutoff = -Infinity;
  for (let u = parts.units.length - 1; u >= 0; u--) {
    const unit = parts.units[u]!;
    if (!tryAdd(unit.observations, unit.hints, rowGroups, hintGroups)) {
      cutoff = unit.startTime;
      break;
    }
    stored++;
  }
  // Observations no exchange holds: only beside stored exchanges (not older), newest first, in the room left.
  const loose = parts.loose.filter((o) => stored === parts.units.length || o.startTime > cutoff).sort((a, b) => b.startTime - a.startTime);
  for (const o of loose) if (!tryAdd([o], [], rowGroups, hintGroups)) break;

  const packed: PackedTab = { s: strings.values, l: lists.values, o: rowGroups.reverse().flat(), h: [...hintGroups.reverse().flat(), ...pending] };
  const value: StoredTab = {
    format: STORED_TAB_FORMAT,
    dropped: parts.dropped,
    omitted: parts.units.length - stored,
    stored,
    clearedAt: Number.isFinite(parts.clearedAt) ? parts.clearedAt : null,
    preserveLog: parts.preserveLog,
    hintSeq: parts.hintSeq,
    packed: JSON.stringify(packed),
  };
  return { value, chars: value.packed.length + ENVELOPE_CHARS, stored, omitted: value.omitted };
}

/**
 * Room for a tab's unclaimed page hints in storage. They come from the page (500 kept, each up to
 * a 4 KB URL and 64 header names): unbounded, a flooding page's forged hints took the quota, and
 * the quota handling then shrank another tab's exchanges to nothing.
 */
const MAX_PENDING_HINT_CHARS = 200_000;

/** The newest hints (the list is oldest first) whose JSON fits in `budget` characters, in order. */
function newestHintsWithin(hints: PageHint[], budget: number): PageHint[] {
  let chars = 2;
  let from = hints.length;
  while (from > 0) {
    const cost = JSON.stringify(hints[from - 1]).length + 1;
    if (chars + cost > budget) break;
    chars += cost;
    from--;
  }
  return from === 0 ? hints : hints.slice(from);
}

/**
 * A stored tab as the store restores it: what was not stored is counted as dropped. Undefined
 * when the value is not a stored tab; malformed observations are skipped.
 */
export function decodeTab(tabId: number, raw: unknown): PersistedTab | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const t = raw as Partial<StoredTab>;
  if (t.format !== STORED_TAB_FORMAT || typeof t.packed !== 'string') return undefined;
  let packed: Partial<PackedTab>;
  try {
    packed = JSON.parse(t.packed) as Partial<PackedTab>;
  } catch {
    return undefined;
  }
  const strings = Array.isArray(packed.s) ? packed.s : [];
  const lists = Array.isArray(packed.l) ? packed.l : [];
  const observations: Observation[] = [];
  for (const row of Array.isArray(packed.o) ? packed.o : []) {
    const o = Array.isArray(row) ? decodeObservation(row, tabId, strings, lists) : undefined;
    if (o) observations.push(o);
  }
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
  return {
    observations,
    dropped: count(t.dropped) + count(t.omitted),
    clearedAt: typeof t.clearedAt === 'number' ? t.clearedAt : -Infinity,
    preserveLog: t.preserveLog === true,
    hints: Array.isArray(packed.h) ? packed.h : [],
    hintSeq: count(t.hintSeq),
  };
}

function derivedId(o: Pick<Observation, 'chainId' | 'hopIndex'>): string | undefined {
  return o.chainId !== undefined && o.hopIndex !== undefined ? `wr:${o.chainId}#${o.hopIndex}` : undefined;
}

/** Values written once, referred to by index; undoable back to an earlier size. */
class Table<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(
    private readonly keyOf: (v: T) => string,
    private readonly onAdd: (v: T) => void,
  ) {}
  get size(): number {
    return this.values.length;
  }
  add(v: T): number {
    const key = this.keyOf(v);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(key, i);
      this.onAdd(v);
    }
    return i;
  }
  truncate(size: number): void {
    for (const v of this.values.splice(size)) this.index.delete(this.keyOf(v));
  }
}

interface Encoders {
  str(v: string): number;
  list(headers: Header[]): number;
}

function encodeObservation(o: Observation, tabId: number, enc: Encoders): EncodedValue[] {
  const row: EncodedValue[] = [];
  for (const name of FIELD_NAMES) {
    const v = o[name];
    // Recomputable: the webRequest id, the usual source, the tab the key names.
    if (name === 'id' && v === derivedId(o)) continue;
    if (name === 'source' && v === 'webrequest') continue;
    if (name === 'tabId') {
      if (v === tabId) continue;
      if (v === undefined) {
        row.push(CODE.get(name)!, null); // absent, not "this tab"
        continue;
      }
    }
    if (v === undefined) continue;
    const value = encodeValue(FIELDS[name], v, o, enc);
    if (value !== undefined) row.push(CODE.get(name)!, value);
  }
  return row;
}

function encodeValue(kind: FieldKind, v: unknown, o: Observation, enc: Encoders): EncodedValue | undefined {
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? enc.str(v) : undefined;
    case 'origin':
      return v === null ? -1 : typeof v === 'string' ? enc.str(v) : undefined;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    case 'duration':
      return typeof v === 'number' && Number.isFinite(v) ? v - o.startTime : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
    case 'headers':
      return Array.isArray(v) ? enc.list(v as Header[]) : undefined;
  }
}

function decodeObservation(row: unknown[], tabId: number, strings: string[], lists: unknown[]): Observation | undefined {
  const out: Record<string, unknown> = { source: 'webrequest', tabId };
  const text = (i: unknown) => (typeof i === 'number' ? strings[i] : undefined);
  let duration: number | undefined;
  for (let k = 0; k + 1 < row.length; k += 2) {
    const name = FIELD_NAMES[row[k] as number];
    const v = row[k + 1];
    if (name === undefined) return undefined;
    switch (FIELDS[name]) {
      case 'string':
        out[name] = text(v);
        break;
      case 'origin':
        out[name] = v === -1 ? null : text(v);
        break;
      case 'number':
        out[name] = typeof v === 'number' ? v : undefined;
        break;
      case 'duration':
        duration = typeof v === 'number' ? v : undefined;
        break;
      case 'boolean':
        out[name] = v === 1;
        break;
      case 'headers': {
        const pairs = typeof v === 'number' ? lists[v] : undefined;
        if (!Array.isArray(pairs)) return undefined;
        const list: Header[] = [];
        for (let i = 0; i + 1 < pairs.length; i += 2) list.push({ name: text(pairs[i]) ?? '', value: text(pairs[i + 1]) ?? '' });
        out[name] = list;
        break;
      }
    }
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  const o = out as unknown as Observation;
  if (typeof o.url !== 'string' || typeof o.method !== 'string' || typeof o.startTime !== 'number') return undefined;
  if (duration !== undefined) o.endTime = o.startTime + duration;
  if (o.id === undefined) {
    const id = derivedId(o);
    if (id === undefined) return undefined;
    o.id = id;
  }
  return o;
}
