/**
 * Who made the request — fetch(), XMLHttpRequest, an element, EventSource, sendBeacon … — and
 * what follows from it: the word each browser prints for it, how the page controls its
 * credentials mode, and whether it is an element (whose fix is the `crossorigin` attribute, not
 * fetch's options). Derived from what the sources report: the webRequest `type` or HAR
 * `_resourceType`, the `Sec-Fetch-Dest` request header, and what the page itself saw (PageHint).
 *
 * Chromium's `{kind}` (Blink `Resource::ResourceTypeToString`, lower-cased unless its second
 * letter is upper case), verified in Chromium 156 by the lab's `sub-*` scenarios: `script`
 * (classic, module, import(), modulepreload), `font` (@font-face, FontFace, preload as=font),
 * `CSS stylesheet`, `image`, `audio`, `video`, `link element resource` (preload as=fetch),
 * `resource` (EventSource, sendBeacon), `fetch` (also keepalive), `XMLHttpRequest`.
 */
import type { HeaderList, PageHint } from './model';
import { getHeader } from './http/headers';

export type InitiatorKind =
  | 'fetch'
  | 'xhr'
  | 'eventsource'
  | 'beacon'
  | 'script'
  | 'module-script'
  | 'classic-script'
  | 'stylesheet'
  | 'font'
  | 'image'
  | 'audio'
  | 'video'
  | 'media'
  | 'text-track'
  | 'link-preload'
  | 'worker'
  | 'shared-worker'
  | 'service-worker'
  | 'import-scripts'
  | 'frame'
  | 'websocket'
  | 'other';

/** How the page turns credentials (cookies, HTTP auth) on or off for this kind of request. */
export type CredentialsControl = 'fetch-credentials' | 'with-credentials' | 'crossorigin-attribute' | 'always-include' | 'none';

export interface InitiatorInfo {
  kind: InitiatorKind;
  /** Chromium's `{kind}` in "Access to {kind} at '…' from origin '…' has been blocked by CORS policy". */
  chromeKind: string;
  /**
   * WebKit's generic line before the URL: "Fetch API cannot load", "Cannot load image", … null
   * where WebKit's loader prints none after the reason (module scripts, stylesheets, fonts, media,
   * preloads: checked against WebKitGTK, lab scenarios sub-*).
   */
  safariPrefix: string | null;
  /** A generic WebKit line that names no URL, instead of the prefixed one (a classic <script crossorigin>). */
  safariLine?: string;
  credentialsControl: CredentialsControl;
  /** Made by an HTML element (script, link, img, audio, video): its fix is the crossorigin attribute. */
  isElement: boolean;
  /** For prose: "a <script type=\"module\">", "fetch()". */
  label: string;
}

type Row = Omit<InitiatorInfo, 'kind'>;

const el = (chromeKind: string, label: string, safariPrefix: string | null = null): Row => ({
  chromeKind,
  safariPrefix,
  credentialsControl: 'crossorigin-attribute',
  isElement: true,
  label,
});

export const INITIATORS: Record<InitiatorKind, Row> = {
  fetch: { chromeKind: 'fetch', safariPrefix: 'Fetch API cannot load', credentialsControl: 'fetch-credentials', isElement: false, label: 'fetch()' },
  xhr: { chromeKind: 'XMLHttpRequest', safariPrefix: 'XMLHttpRequest cannot load', credentialsControl: 'with-credentials', isElement: false, label: 'XMLHttpRequest' },
  eventsource: { chromeKind: 'resource', safariPrefix: 'EventSource cannot load', credentialsControl: 'with-credentials', isElement: false, label: 'EventSource' },
  beacon: { chromeKind: 'resource', safariPrefix: 'Beacon API cannot load', credentialsControl: 'always-include', isElement: false, label: 'navigator.sendBeacon()' },
  // A CORS-mode script the sources cannot tell apart: printed as WebKit prints a module script.
  script: el('script', 'a script loaded in CORS mode (<script type="module">, import, modulepreload or <script crossorigin>)'),
  'module-script': el('script', 'a module script (<script type="module">, import, modulepreload)'),
  'classic-script': { ...el('script', 'a <script crossorigin>'), safariLine: 'Cross-origin script load denied by Cross-Origin Resource Sharing policy.' },
  stylesheet: el('CSS stylesheet', 'a <link rel="stylesheet" crossorigin>'),
  font: { chromeKind: 'font', safariPrefix: null, credentialsControl: 'crossorigin-attribute', isElement: true, label: 'a web font (@font-face, FontFace, preload as=font)' },
  image: el('image', 'an <img crossorigin>', 'Cannot load image'),
  audio: el('audio', 'an <audio crossorigin>'),
  video: el('video', 'a <video crossorigin>'),
  media: el('video', 'an <audio>/<video crossorigin>'),
  'text-track': el('text track', 'a <track>', 'Cannot load'),
  'link-preload': el('link element resource', 'a <link rel="preload" as="fetch" crossorigin>'),
  worker: { chromeKind: 'script', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'a worker script' },
  'shared-worker': { chromeKind: 'script', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'a shared worker script' },
  'service-worker': { chromeKind: 'script', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'a service worker script' },
  'import-scripts': { chromeKind: 'script', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'importScripts()' },
  frame: { chromeKind: 'resource', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: true, label: 'an <iframe>' },
  websocket: { chromeKind: 'resource', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'a WebSocket' },
  other: { chromeKind: 'resource', safariPrefix: 'Cannot load', credentialsControl: 'none', isElement: false, label: 'the page' },
};

export function initiatorInfo(kind: InitiatorKind): InitiatorInfo {
  return { kind, ...INITIATORS[kind] };
}

/** `Sec-Fetch-Dest` values that name the initiator on their own (both browsers send them). */
const BY_DEST: Record<string, InitiatorKind> = {
  script: 'script',
  style: 'stylesheet',
  font: 'font',
  image: 'image',
  audio: 'audio',
  video: 'video',
  track: 'text-track',
  worker: 'worker',
  sharedworker: 'shared-worker',
  serviceworker: 'service-worker',
  iframe: 'frame',
  frame: 'frame',
};

/**
 * webRequest types (Chrome's names) whose requests are never preflighted: loads by elements —
 * scripts (worker scripts too, which Chrome types `script`), stylesheets, images, fonts, media —
 * use GET or a safelisted Range, with no header the page sets. Frames are navigations, not CORS
 * requests: not listed.
 */
export const NEVER_PREFLIGHTED_TYPES: readonly string[] = ['script', 'stylesheet', 'image', 'font', 'media'];

/**
 * webRequest `type` (Chrome and Firefox) and HAR `_resourceType` (Chrome DevTools). Chrome's
 * webRequest reports fetch, XHR, EventSource and preload as=fetch all as `xmlhttprequest`, and
 * sendBeacon as `ping`; Firefox says `beacon`; DevTools' HAR says `fetch`/`xhr`/`eventsource`/`ping`.
 */
const BY_TYPE: Record<string, InitiatorKind> = {
  fetch: 'fetch',
  xmlhttprequest: 'fetch',
  xhr: 'xhr',
  eventsource: 'eventsource',
  ping: 'beacon',
  beacon: 'beacon',
  script: 'script',
  stylesheet: 'stylesheet',
  font: 'font',
  image: 'image',
  imageset: 'image',
  media: 'media',
  texttrack: 'text-track',
  websocket: 'websocket',
  sub_frame: 'frame',
};

export interface InitiatorInput {
  /** webRequest `type` or HAR `_resourceType`, any case. */
  resourceType?: string | undefined;
  /** The first hop's request headers (for `Sec-Fetch-Dest`). */
  requestHeaders?: HeaderList | undefined;
  /** What the page saw: a fetch, XHR or EventSource call. */
  hintKind?: PageHint['kind'] | undefined;
  /** `EvaluateOptions.initiatorKind`: an InitiatorKind or a Chromium `{kind}` word. */
  given?: string | undefined;
}

const CHROME_WORDS: Record<string, InitiatorKind> = {
  XMLHttpRequest: 'xhr',
  'CSS stylesheet': 'stylesheet',
  'link element resource': 'link-preload',
  resource: 'other',
};

function fromGiven(given: string): InitiatorKind | undefined {
  if (given in INITIATORS) return given as InitiatorKind;
  return CHROME_WORDS[given];
}

/** The initiator of a request, from the most specific signal available. */
export function initiatorOf(input: InitiatorInput): InitiatorInfo {
  const given = input.given ? fromGiven(input.given) : undefined;
  if (given) return initiatorInfo(given);
  if (input.hintKind === 'xhr' || input.hintKind === 'fetch' || input.hintKind === 'eventsource') return initiatorInfo(input.hintKind);
  const type = typeof input.resourceType === 'string' ? input.resourceType.toLowerCase() : '';
  const byType = BY_TYPE[type];
  const dest = (getHeader(input.requestHeaders, 'sec-fetch-dest') ?? '').toLowerCase();
  // Chrome's webRequest calls an EventSource `xmlhttprequest`; its Accept header gives it away.
  if ((byType === 'fetch' || type === 'other') && !input.hintKind && getHeader(input.requestHeaders, 'accept') === 'text/event-stream') return initiatorInfo('eventsource');
  const byDest = BY_DEST[dest];
  // <link rel="preload" as="fetch" crossorigin>: `other` in Chrome's webRequest and DevTools' HAR,
  // a CORS-mode request to no destination; a <link rel="prefetch"> says `Sec-Purpose: prefetch`.
  if (type === 'other' && dest === 'empty' && getHeader(input.requestHeaders, 'sec-fetch-mode')?.toLowerCase() === 'cors' && getHeader(input.requestHeaders, 'sec-purpose') === null) {
    return initiatorInfo('link-preload');
  }
  if (byDest && (byType === undefined || byType === 'media' || byType === 'fetch' || byType === 'script' || byType === 'image')) return initiatorInfo(byDest);
  if (byType) return initiatorInfo(byType);
  return initiatorInfo(type === '' ? 'fetch' : 'other');
}

/** How to turn credentials on, said for this initiator. */
export function credentialsOnHow(info: InitiatorInfo): string {
  switch (info.credentialsControl) {
    case 'fetch-credentials':
      return "fetch `credentials: 'include'`";
    case 'with-credentials':
      return info.kind === 'eventsource' ? '`new EventSource(url, { withCredentials: true })`' : 'XHR `withCredentials = true`';
    case 'crossorigin-attribute':
      return info.kind === 'font' ? 'a credentialed font load' : '`crossorigin="use-credentials"` on the element';
    case 'always-include':
      return 'sendBeacon, which always sends credentials';
    case 'none':
      return 'the browser';
  }
}

/** How to stop sending credentials, said for this initiator. */
export function credentialsOffHow(info: InitiatorInfo): string {
  switch (info.credentialsControl) {
    case 'fetch-credentials':
      return "drop `credentials: 'include'`";
    case 'with-credentials':
      return info.kind === 'eventsource' ? 'open the EventSource without `withCredentials`' : 'set `withCredentials = false`';
    case 'crossorigin-attribute':
      return 'use `crossorigin="anonymous"` (or a bare `crossorigin`) instead of `use-credentials`';
    case 'always-include':
      return 'send the beacon as a string, FormData or URLSearchParams (a CORS-safelisted type: no preflight, no CORS check — the page never reads a beacon response anyway); a beacon cannot drop its credentials';
    case 'none':
      return 'stop sending credentials';
  }
}

/** `credentialsAdvice(info, true)`: how to send credentials; `false`: how to stop. */
export function credentialsAdvice(info: InitiatorInfo, include: boolean): string {
  return include ? credentialsOnHow(info) : credentialsOffHow(info);
}
