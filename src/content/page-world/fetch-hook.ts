/**
 * Wraps `fetch` so each call reports its URL, method, mode, credentials and redirect modes, the
 * names of the headers the script set, and how it settled. Transparent by construction:
 * - a Proxy around the original: same `name`, `length`, `toString()` says `[native code]`, same
 *   `this` rules, same synchronous exceptions (the original's own);
 * - the caller gets a promise that settles with the original's very value or reason, one
 *   microtask later. A fresh promise rather than the original with a handler attached: attaching
 *   one would mark the original as handled and silence the page's "Uncaught (in promise)" report;
 *   the fresh one stays unhandled exactly when the page leaves it so.
 * - the page's arguments are read without running page code: strings, URL and Request objects
 *   through captured getters, `init` members as data properties only (a getter in `init` makes
 *   that field unknown rather than running twice).
 */
import type { PageRecord } from '../../sources/page-hints';
import { absoluteUrl, errorName, replaceValue, safely, worthSending, type HookContext, type Started } from './record';

const MAX_HEADER_NAMES = 64;
type Member = { value: unknown } | 'absent' | 'unreadable';

/** A dictionary member as fetch would see it, read from data properties only. */
function member(ctx: HookContext, dict: unknown, name: string): Member {
  if (dict === undefined || dict === null) return 'absent';
  if (typeof dict !== 'object') return 'unreadable';
  for (let o: object | null = dict; o; o = ctx.n.getPrototypeOf(o) as object | null) {
    const d = ctx.n.getOwnDescriptor(o, name);
    if (!d) continue;
    return 'value' in d ? (d.value === undefined ? 'absent' : { value: d.value }) : 'unreadable';
  }
  return 'absent';
}

/** Header names of a HeadersInit (Headers, pairs, or a record); values are never read. */
function headerNamesOf(ctx: HookContext, init: unknown, headersForEach: Headers['forEach'] | undefined): string[] | undefined {
  const { n } = ctx;
  const names: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && names.length < MAX_HEADER_NAMES) names[names.length] = name.toLowerCase();
  };
  if (init === undefined || init === null) return names;
  if (n.Headers && init instanceof n.Headers) {
    if (!headersForEach) return undefined;
    n.apply(headersForEach, init, [(_value: unknown, name: unknown) => add(name)]);
  } else if (n.isArray(init)) {
    for (let i = 0; i < init.length && i < MAX_HEADER_NAMES; i++) {
      const pair: unknown = init[i];
      if (n.isArray(pair)) add(pair[0]);
    }
  } else if (typeof init === 'object') {
    for (const name of n.keys(init)) add(name);
  } else return undefined;
  return names;
}

function describe(ctx: HookContext, args: unknown[], headersForEach: Headers['forEach'] | undefined): Started | undefined {
  const { n } = ctx;
  const input = args[0];
  const init = args[1];
  const request = n.Request && input instanceof n.Request ? input : undefined;
  const url = request ? absoluteUrl(ctx, n.get(n.Request!.prototype, 'url', request)) : absoluteUrl(ctx, input);
  if (url === undefined) return undefined;
  const fromRequest = (name: string): unknown => (request ? n.get(n.Request!.prototype, name, request) : undefined);
  /** init's member, else the Request's, else fetch's default; undefined when unreadable. */
  const pick = (name: string, fallback: string): string | undefined => {
    const m = member(ctx, init, name);
    if (m === 'unreadable') return undefined;
    const v = m === 'absent' ? (fromRequest(name) ?? fallback) : m.value;
    return typeof v === 'string' ? v : undefined;
  };
  const method = pick('method', 'GET');
  if (method === undefined) return undefined;
  const started: Started = { kind: 'fetch', url, method, headerNames: [], startTime: n.now() };
  const mode = pick('mode', 'cors');
  if (mode === 'cors' || mode === 'no-cors' || mode === 'same-origin') started.mode = mode;
  const credentials = pick('credentials', 'same-origin');
  if (credentials === 'omit' || credentials === 'same-origin' || credentials === 'include') started.credentials = credentials;
  const redirect = pick('redirect', 'follow');
  if (redirect === 'follow' || redirect === 'error' || redirect === 'manual') started.redirect = redirect;
  const headers = member(ctx, init, 'headers');
  const names =
    headers === 'unreadable' ? undefined : headerNamesOf(ctx, headers === 'absent' ? fromRequest('headers') : headers.value, headersForEach);
  if (names) started.headerNames = names;
  return started;
}

function resolved(ctx: HookContext, started: Started, response: unknown): void {
  const { n } = ctx;
  const proto = n.Response?.prototype;
  const record: PageRecord = { ...started, outcome: 'resolved' };
  const type = n.get(proto, 'type', response);
  const status = n.get(proto, 'status', response);
  if (typeof type === 'string') record.responseType = type;
  if (typeof status === 'number') record.status = status;
  const finalUrl = n.get(proto, 'url', response);
  if (worthSending(ctx, record, typeof finalUrl === 'string' ? finalUrl : undefined)) ctx.emit(record);
}

function rejected(ctx: HookContext, started: Started, error: unknown): void {
  ctx.emit({ ...started, outcome: 'rejected', error: errorName(ctx, error) });
}

export function hookFetch(ctx: HookContext): void {
  const { n, win } = ctx;
  if (typeof win.fetch !== 'function') return;
  const headersForEach = n.Headers?.prototype.forEach;
  replaceValue(ctx, win, 'fetch', (original) =>
    new n.Proxy(original, {
      apply(target, thisArg, args: unknown[]) {
        const started = safely(() => describe(ctx, args, headersForEach));
        const result: unknown = n.apply(target, thisArg, args);
        if (!started || !(result instanceof n.Promise)) return result;
        return new n.Promise((resolve, reject) => {
          n.apply(n.then, result, [
            (response: unknown) => {
              safely(() => resolved(ctx, started, response));
              resolve(response);
            },
            (error: unknown) => {
              safely(() => rejected(ctx, started, error));
              reject(error);
            },
          ]);
        });
      },
    }),
  );
}
