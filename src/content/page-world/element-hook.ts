/**
 * What no network API reports about an element's CORS request: its credentials mode, which the
 * `crossorigin` attribute decides (`use-credentials` → include, anything else → same-origin).
 * Firefox reports a credentialed <img crossorigin="use-credentials"> refused for `*` as a normal
 * completion, so without this the panel would call it allowed.
 *
 * Seen two ways: the `src`/`href` setters and `setAttribute` (script-made elements, `new Image()`),
 * and a MutationObserver (elements the parser or innerHTML inserted). Only elements that carry a
 * `crossorigin` attribute are reported, once per element and URL, when they fire load or error.
 */
import { absoluteUrl, safely, worthSending, type HookContext, type Started } from './record';

/** Which attribute names the URL, per element. */
const URL_ATTRIBUTE: Record<string, string> = { img: 'src', script: 'src', audio: 'src', video: 'src', link: 'href' };

export function hookElements(ctx: HookContext): void {
  const { n, win } = ctx;
  const elementProto = win.Element?.prototype;
  if (!elementProto) return;
  const getAttribute = elementProto.getAttribute;
  const querySelectorAll = elementProto.querySelectorAll;
  const localNameOf = (el: Element): string => String(n.get(elementProto, 'localName', el) ?? '');
  const attr = (el: Element, name: string): string | null => n.apply(getAttribute, el, [name]) as string | null;
  const seen = new WeakMap<Element, string>();

  const note = (el: Element): void => {
    const tag = localNameOf(el);
    const urlAttribute = URL_ATTRIBUTE[tag];
    if (!urlAttribute) return;
    const crossOrigin = attr(el, 'crossorigin');
    if (crossOrigin === null) return;
    const raw = attr(el, urlAttribute);
    if (!raw) return;
    const url = absoluteUrl(ctx, raw);
    if (url === undefined || seen.get(el) === url) return;
    seen.set(el, url);
    const credentials = crossOrigin.trim().toLowerCase() === 'use-credentials' ? 'include' : 'same-origin';
    const started: Started = { kind: 'element', url, method: 'GET', mode: 'cors', credentials, headerNames: [], startTime: n.now() };
    const media = tag === 'audio' || tag === 'video';
    let done = false;
    for (const [type, outcome] of [
      [media ? 'loadedmetadata' : 'load', 'resolved'],
      ['error', 'rejected'],
    ] as const) {
      n.apply(n.addListener, el, [
        type,
        () =>
          safely(() => {
            if (done || seen.get(el) !== url) return;
            done = true;
            const record = outcome === 'rejected' ? { ...started, outcome, error: 'Event' } : { ...started, outcome };
            if (worthSending(ctx, record, undefined)) ctx.emit(record);
          }),
        { once: true },
      ]);
    }
  };

  // Script-made elements: the URL and crossOrigin setters, and setAttribute. Proxies keep each
  // function's name, length and toString exactly as they were.
  const after = (fn: Function, check: (self: Element, args: unknown[]) => boolean): Function =>
    new n.Proxy(fn, {
      apply(target, self: Element, args: unknown[]) {
        const result = n.apply(target as (...a: unknown[]) => unknown, self, args);
        safely(() => {
          if (check(self, args)) note(self);
        });
        return result;
      },
    });
  for (const ctor of [win.HTMLImageElement, win.HTMLMediaElement, win.HTMLScriptElement, win.HTMLLinkElement]) {
    const proto = ctor?.prototype;
    if (!proto) continue;
    for (const name of ['src', 'href', 'crossOrigin']) {
      const d = n.getOwnDescriptor(proto, name);
      if (!d?.set || !d.configurable) continue;
      n.defineProperty(proto, name, { ...d, set: after(d.set, () => true) as (v: unknown) => void });
    }
  }
  const d = n.getOwnDescriptor(elementProto, 'setAttribute');
  if (d && typeof d.value === 'function' && d.configurable) {
    const names = new Set(['src', 'href', 'crossorigin']);
    n.defineProperty(elementProto, 'setAttribute', { ...d, value: after(d.value as Function, (_el, args) => names.has(String(args[0]).toLowerCase())) });
  }

  // Parser-inserted and innerHTML elements.
  const Observer = win.MutationObserver;
  if (!Observer || !win.document) return;
  const visit = (node: Node): void => {
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (attr(el, 'crossorigin') !== null) note(el);
    const inner = n.apply(querySelectorAll, el, ['[crossorigin]']) as NodeListOf<Element>;
    for (let i = 0; i < inner.length; i++) note(inner[i]!);
  };
  const observer = new Observer((mutations) =>
    safely(() => {
      for (const m of mutations) for (let i = 0; i < m.addedNodes.length; i++) visit(m.addedNodes[i]!);
    }),
  );
  observer.observe(win.document, { childList: true, subtree: true });
}
