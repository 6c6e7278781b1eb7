/**
 * Wraps the `EventSource` constructor (a Proxy with a construct trap: `new`, subclassing,
 * `instanceof`, `.constructor` and `EventSource.CONNECTING` behave as before) and reports the first connection's
 * outcome: `open` → resolved, `error` before any `open` → rejected. EventSource is always a
 * CORS-mode GET; `withCredentials` decides the credentials mode.
 */
import { absoluteUrl, replaceValue, safely, worthSending, type HookContext, type Started } from './record';

export function hookEventSource(ctx: HookContext): void {
  const { n, win } = ctx;
  const proto = win.EventSource?.prototype;
  if (!proto) return;
  replaceValue(ctx, win, 'EventSource', (original) => {
    const wrapper = new n.Proxy(original, {
      construct(target, args: unknown[], newTarget: Function) {
        const startTime = n.now();
        const source = n.construct(target as new (...a: unknown[]) => object, args, newTarget) as object;
        safely(() => {
          const url = absoluteUrl(ctx, args[0]);
          if (url === undefined) return;
          const credentials = n.get(proto, 'withCredentials', source) === true ? 'include' : 'same-origin';
          const started: Started = { kind: 'eventsource', url, method: 'GET', mode: 'cors', credentials, headerNames: [], startTime };
          let done = false;
          for (const [type, outcome] of [
            ['open', 'resolved'],
            ['error', 'rejected'],
          ] as const) {
            n.apply(n.addListener, source, [
              type,
              () =>
                safely(() => {
                  if (done) return;
                  done = true;
                  const record = outcome === 'rejected' ? { ...started, outcome, error: 'NetworkError' } : { ...started, outcome };
                  if (worthSending(ctx, record, undefined)) ctx.emit(record);
                }),
            ]);
          }
        });
        return source;
      },
    });
    pointConstructorAt(ctx, proto, original, wrapper);
    return wrapper;
  });
}

/**
 * `EventSource.prototype.constructor` is the original: point it at the wrapper (same attributes),
 * so `new EventSource(u).constructor === EventSource` holds as it did before.
 */
function pointConstructorAt(ctx: HookContext, proto: object, original: Function, wrapper: unknown): void {
  const d = ctx.n.getOwnDescriptor(proto, 'constructor');
  if (d && 'value' in d && d.value === original && d.configurable) ctx.n.defineProperty(proto, 'constructor', { ...d, value: wrapper });
}
