/** Shared by the hooks: turning what the page passed into a record, and finishing it. */
import type { PageRecord } from '../../sources/page-hints';
import type { Natives } from './natives';

/** A call in flight: everything but how it ended. */
export type Started = Omit<PageRecord, 'outcome' | 'responseType' | 'status' | 'error'>;

export interface HookContext {
  win: Window & typeof globalThis;
  n: Natives;
  /** The page's origin, read once (a page can overwrite `self.origin`). */
  pageOrigin: string;
  /** Receives each finished record (already filtered: see `worthSending`). */
  emit(record: PageRecord): void;
}

/**
 * The absolute URL for what the page passed, resolved like fetch/XHR do (against the document's
 * base URL). Only strings and URL objects: any other object would be stringified a second time,
 * and its `toString` may have side effects.
 */
export function absoluteUrl(ctx: HookContext, input: unknown): string | undefined {
  const { n, win } = ctx;
  let raw: string | undefined;
  if (typeof input === 'string') raw = input;
  else if (n.URL && input instanceof n.URL) raw = n.get(n.URL.prototype, 'href', input) as string;
  if (raw === undefined) return undefined;
  const base = (n.get(win.document, 'baseURI', win.document) as string | undefined) ?? win.location.href;
  const url = new n.URL(raw, base);
  const protocol = n.get(n.URL.prototype, 'protocol', url);
  if (protocol !== 'http:' && protocol !== 'https:') return undefined;
  return n.get(n.URL.prototype, 'href', url) as string;
}

function originOf(ctx: HookContext, url: string): string | undefined {
  try {
    return ctx.n.get(ctx.n.URL.prototype, 'origin', new ctx.n.URL(url)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Whether a finished call is worth a message: not when it stayed on the page's origin and
 * succeeded (CORS never applied; most of a page's traffic). Failed same-origin calls are kept:
 * one redirected to another origin fails exactly like a cross-origin call.
 */
export function worthSending(ctx: HookContext, record: PageRecord, finalUrl: string | undefined): boolean {
  if (record.outcome === 'rejected') return true;
  if (originOf(ctx, record.url) !== ctx.pageOrigin) return true;
  return !!finalUrl && originOf(ctx, finalUrl) !== ctx.pageOrigin;
}

/** Runs `fn`; any failure inside the hooks is swallowed (the page's own call must go on). */
export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** An Error's / DOMException's name (data property or accessor along the prototype chain). */
export function errorName(ctx: HookContext, e: unknown): string {
  const { n } = ctx;
  for (let o = e && typeof e === 'object' ? e : null; o; o = n.getPrototypeOf(o) as object | null) {
    const d = n.getOwnDescriptor(o, 'name');
    if (!d) continue;
    const v = 'value' in d ? d.value : d.get ? n.apply(d.get, e, []) : undefined;
    return typeof v === 'string' && v ? v : 'Error';
  }
  return 'Error';
}

/**
 * Replaces a method with a wrapper on `obj` itself (in browsers `fetch` is the window's own
 * property and the XHR methods are `XMLHttpRequest.prototype`'s own), keeping the attributes
 * (enumerable, writable, configurable) of the property it shadows.
 */
export function replaceValue(ctx: HookContext, obj: object, name: string, wrap: (original: Function) => unknown): void {
  const { n } = ctx;
  for (let o: object | null = obj; o; o = n.getPrototypeOf(o) as object | null) {
    const d = n.getOwnDescriptor(o, name);
    if (!d) continue;
    if (typeof d.value !== 'function' || !d.configurable) return;
    n.defineProperty(obj, name, { ...d, value: wrap(d.value as Function) });
    return;
  }
}
