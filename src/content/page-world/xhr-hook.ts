/**
 * Wraps `XMLHttpRequest.prototype.open`, `setRequestHeader` and `send` (Proxies around the
 * originals, like fetch's) to learn the method, URL and header names, reads `withCredentials`
 * at send time through the captured getter (its setter is left alone), and learns how the request
 * ended from `load` / `error` / `abort` / `timeout` listeners on the XHR itself.
 *
 * Never touches `xhr.upload`: a listener there would make the browser send a preflight the page
 * did not need. The listeners change nothing the page can see (no `on…` property is set, they run
 * after the page's own, and the XHR is kept alive by its request anyway).
 */
import type { PageRecord } from '../../sources/page-hints';
import { absoluteUrl, errorName, replaceValue, safely, worthSending, type HookContext, type Started } from './record';

const MAX_HEADER_NAMES = 64;

interface Opened {
  url: string;
  method: string;
  headerNames: string[];
}
interface InFlight {
  started: Started;
  done: boolean;
}

const ENDINGS: Array<[string, PageRecord['outcome'], string | undefined]> = [
  ['load', 'resolved', undefined],
  ['error', 'rejected', 'NetworkError'],
  ['abort', 'rejected', 'AbortError'],
  ['timeout', 'rejected', 'TimeoutError'],
];

export function hookXhr(ctx: HookContext): void {
  const { n, win } = ctx;
  const proto = win.XMLHttpRequest?.prototype;
  if (!proto) return;
  const opened = new WeakMap<object, Opened>();
  const inFlight = new WeakMap<object, InFlight>();
  const listening = new WeakSet<object>();

  const finish = (xhr: object, f: InFlight, outcome: PageRecord['outcome'], error: string | undefined) => {
    if (f.done) return;
    f.done = true;
    const record: PageRecord = { ...f.started, outcome };
    if (error) record.error = error;
    const status = n.get(proto, 'status', xhr);
    if (typeof status === 'number') record.status = status;
    const finalUrl = n.get(proto, 'responseURL', xhr);
    if (worthSending(ctx, record, typeof finalUrl === 'string' ? finalUrl : undefined)) ctx.emit(record);
  };

  const listen = (xhr: object) => {
    if (listening.has(xhr)) return;
    listening.add(xhr);
    for (const [type, outcome, error] of ENDINGS) {
      n.apply(n.addListener, xhr, [
        type,
        () =>
          safely(() => {
            const f = inFlight.get(xhr);
            if (f) finish(xhr, f, outcome, error);
          }),
      ]);
    }
  };

  replaceValue(ctx, proto, 'open', (original) =>
    new n.Proxy(original, {
      apply(target, xhr: object, args: unknown[]) {
        const result: unknown = n.apply(target, xhr, args);
        safely(() => {
          const method = args[0];
          const url = typeof method === 'string' ? absoluteUrl(ctx, args[1]) : undefined;
          if (url !== undefined) opened.set(xhr, { url, method: method as string, headerNames: [] });
          else opened.delete(xhr);
        });
        return result;
      },
    }),
  );

  replaceValue(ctx, proto, 'setRequestHeader', (original) =>
    new n.Proxy(original, {
      apply(target, xhr: object, args: unknown[]) {
        const result: unknown = n.apply(target, xhr, args);
        safely(() => {
          const o = opened.get(xhr);
          const name = args[0];
          if (o && typeof name === 'string' && o.headerNames.length < MAX_HEADER_NAMES) o.headerNames[o.headerNames.length] = name.toLowerCase();
        });
        return result;
      },
    }),
  );

  replaceValue(ctx, proto, 'send', (original) =>
    new n.Proxy(original, {
      apply(target, xhr: object, args: unknown[]) {
        let mine: InFlight | undefined;
        let before: InFlight | undefined;
        safely(() => {
          const o = opened.get(xhr);
          if (!o) return;
          const credentials = n.get(proto, 'withCredentials', xhr) === true ? 'include' : 'same-origin';
          const started: Started = { kind: 'xhr', url: o.url, method: o.method, mode: 'cors', credentials, headerNames: [...o.headerNames], startTime: n.now() };
          // Installed before the call: a synchronous XHR fires its events inside send().
          before = inFlight.get(xhr);
          mine = { started, done: false };
          inFlight.set(xhr, mine);
          listen(xhr);
        });
        try {
          return n.apply(target, xhr, args);
        } catch (e) {
          safely(() => {
            if (!mine || mine.done) return;
            // A synchronous request that failed throws NetworkError; anything else (not opened,
            // already sent) means no request was made: the previous one, if any, is still current.
            if (errorName(ctx, e) === 'NetworkError') finish(xhr, mine, 'rejected', 'NetworkError');
            else if (before) inFlight.set(xhr, before);
            else inFlight.delete(xhr);
          });
          throw e;
        }
      },
    }),
  );
}
