/**
 * The lab page's subresource requests: each RequestVia other than fetch/xhr, made exactly the way
 * a page makes it (an element, import(), FontFace, EventSource, sendBeacon, fetch keepalive).
 * Each resolves to what the page could see: `ok` when the element loaded / the source opened,
 * `ok: false` with the event or error otherwise. Elements are never attached where they would
 * show (media and images stay detached; scripts and links go to <head> and are removed after).
 */
import type { RequestSpec, RequestVia } from '../scenario-types';
import type { RunOnce } from './automation';

const TIMEOUT_MS = 15_000;

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** `use-credentials` for a credentialed load, else `anonymous` (what `crossorigin` alone means). */
function crossOriginValue(r: RequestSpec): string {
  return r.credentials === 'include' ? 'use-credentials' : 'anonymous';
}

/** Settles on the first of the success or failure event, or a timeout. */
function settle(target: EventTarget, okEvent: string, failEvent: string, type: string, start: () => void, cleanup: () => void = () => undefined): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: RunOnce) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cleanup();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `${type}: no ${okEvent} or ${failEvent} in ${TIMEOUT_MS} ms`, ms: ms() }), TIMEOUT_MS);
    target.addEventListener(okEvent, () => finish({ ok: true, type, ms: ms() }), { once: true });
    target.addEventListener(failEvent, () => finish({ ok: false, type, error: `${type} ${failEvent} event`, ms: ms() }), { once: true });
    try {
      start();
    } catch (e) {
      finish({ ok: false, type, error: errorText(e), ms: ms() });
    }
  });
}

function headElement(el: HTMLElement, type: string): Promise<RunOnce> {
  return settle(el, 'load', 'error', type, () => document.head.append(el), () => el.remove());
}

function script(url: string, r: RequestSpec, module: boolean): Promise<RunOnce> {
  const s = document.createElement('script');
  if (module) s.type = 'module';
  s.crossOrigin = crossOriginValue(r);
  s.src = url;
  return headElement(s, module ? 'module-script' : 'script');
}

function link(url: string, r: RequestSpec, rel: string, as?: string, mime?: string): Promise<RunOnce> {
  const l = document.createElement('link');
  l.rel = rel;
  if (as) l.as = as;
  if (mime) l.type = mime;
  l.crossOrigin = crossOriginValue(r);
  l.href = url;
  return headElement(l, as ? `${rel}-${as}` : rel);
}

function media(url: string, r: RequestSpec, tag: 'img' | 'audio' | 'video'): Promise<RunOnce> {
  const el = document.createElement(tag);
  el.crossOrigin = crossOriginValue(r);
  if (tag !== 'img') (el as HTMLMediaElement).preload = 'auto';
  return settle(el, tag === 'img' ? 'load' : 'loadedmetadata', 'error', tag, () => {
    el.src = url;
  }, () => {
    if (tag !== 'img') {
      (el as HTMLMediaElement).removeAttribute('src');
      (el as HTMLMediaElement).load();
    }
  });
}

async function timed(type: string, work: () => Promise<unknown>): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    await work();
    return { ok: true, type, ms: ms() };
  } catch (e) {
    return { ok: false, type, error: errorText(e), ms: ms() };
  }
}

function familyName(): string {
  return `lab-font-${Math.random().toString(36).slice(2, 10)}`;
}

/** An @font-face rule in a constructed stylesheet, then a load of the face it declares. */
function fontFace(url: string): Promise<RunOnce> {
  return timed('font-face', async () => {
    const family = familyName();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`@font-face { font-family: "${family}"; src: url("${url}") format("woff2"); }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      let face: FontFace | undefined;
      document.fonts.forEach((f) => {
        if (f.family.replace(/"/g, '') === family) face = f;
      });
      if (face) await face.load();
      else if ((await document.fonts.load(`16px "${family}"`)).length === 0) throw new Error('the @font-face font did not load');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });
}

function fontApi(url: string): Promise<RunOnce> {
  return timed('font-api', async () => {
    const face = new FontFace(familyName(), `url("${url}")`);
    document.fonts.add(face);
    try {
      await face.load();
    } finally {
      document.fonts.delete(face);
    }
  });
}

function eventSource(url: string, r: RequestSpec): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let source: EventSource;
    try {
      source = new EventSource(url, { withCredentials: r.credentials === 'include' });
    } catch (e) {
      resolve({ ok: false, error: errorText(e), ms: ms() });
      return;
    }
    const finish = (x: RunOnce) => {
      clearTimeout(timer);
      source.close(); // never let it reconnect: one request per run
      resolve(x);
    };
    const timer = setTimeout(() => finish({ ok: false, type: 'eventsource', error: 'EventSource timeout', ms: ms() }), TIMEOUT_MS);
    source.onopen = () => finish({ ok: true, type: 'eventsource', ms: ms() });
    source.onerror = () => finish({ ok: false, type: 'eventsource', error: 'EventSource error event', ms: ms() });
  });
}

/**
 * sendBeacon tells the page nothing about the outcome. The run ends once the lab saw the beacon's
 * first request (its preflight, or the beacon itself), so the browser has an answer to judge.
 */
async function beacon(url: string, r: RequestSpec): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const type = r.headers?.['Content-Type'] ?? 'text/plain;charset=UTF-8';
  const queued = navigator.sendBeacon(url, type.startsWith('text/plain') ? (r.body ?? '') : new Blob([r.body ?? ''], { type }));
  if (!queued) return { ok: false, type: 'beacon', error: 'sendBeacon returned false', ms: ms() };
  const u = new URL(url);
  const nonce = u.searchParams.get('n') ?? '';
  const scenario = decodeURIComponent(u.pathname.split('/')[2] ?? '');
  while (performance.now() - started < TIMEOUT_MS) {
    try {
      const log = (await (await fetch(`/__lab/log?scenario=${encodeURIComponent(scenario)}`, { cache: 'no-store' })).json()) as Array<{ url: string }>;
      if (log.some((e) => e.url.includes(`n=${encodeURIComponent(nonce)}`))) return { ok: true, type: 'beacon', ms: ms() };
    } catch {
      // The log is the lab's own endpoint; try again.
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  return { ok: false, type: 'beacon', error: 'the beacon never reached the lab', ms: ms() };
}

async function keepalive(url: string, r: RequestSpec): Promise<RunOnce> {
  const started = performance.now();
  const init: RequestInit = { method: r.method, keepalive: true };
  if (r.headers) init.headers = r.headers;
  if (r.credentials) init.credentials = r.credentials;
  if (r.body !== undefined) init.body = r.body;
  try {
    const res = await fetch(url, init);
    return { ok: true, status: res.status, type: res.type, url: res.url, bodyPreview: (await res.text()).slice(0, 80), ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, error: errorText(e), ms: Math.round(performance.now() - started) };
  }
}

/** Runs one subresource request; null for `fetch`/`xhr`, which the page client makes itself. */
export function runSubresource(via: RequestVia | undefined, url: string, r: RequestSpec): Promise<RunOnce> | null {
  switch (via) {
    case 'module-script':
    case 'static-import':
      return script(url, r, true);
    case 'script-crossorigin':
      return script(url, r, false);
    case 'dynamic-import':
      return timed('dynamic-import', () => import(/* @vite-ignore */ url));
    case 'modulepreload':
      return link(url, r, 'modulepreload');
    case 'preload-font':
      return link(url, r, 'preload', 'font', 'font/woff2');
    case 'stylesheet':
      return link(url, r, 'stylesheet');
    case 'preload-fetch':
      return link(url, r, 'preload', 'fetch');
    case 'font-face':
      return fontFace(url);
    case 'font-api':
      return fontApi(url);
    case 'img':
    case 'audio':
    case 'video':
      return media(url, r, via);
    case 'eventsource':
      return eventSource(url, r);
    case 'beacon':
      return beacon(url, r);
    case 'keepalive':
      return keepalive(url, r);
    default:
      return null;
  }
}
