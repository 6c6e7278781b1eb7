/**
 * The built-ins the page hooks use, captured at document_start before any page script runs. Pages
 * replace globals all the time (zone.js wraps Promise, test pages fake Date and timers, old
 * libraries patch JSON): the hooks must keep working and, above all, must never route a page's
 * own call through something the page swapped in later.
 */
export interface Natives {
  apply: typeof Reflect.apply;
  construct: typeof Reflect.construct;
  Proxy: ProxyConstructor;
  Promise: PromiseConstructor;
  then: (this: Promise<unknown>, ok: (v: unknown) => unknown, fail: (e: unknown) => unknown) => Promise<unknown>;
  now: () => number;
  stringify: (value: unknown) => string;
  getOwnDescriptor: typeof Object.getOwnPropertyDescriptor;
  getPrototypeOf: typeof Object.getPrototypeOf;
  defineProperty: typeof Object.defineProperty;
  create: typeof Object.create;
  keys: typeof Object.keys;
  isArray: typeof Array.isArray;
  URL: typeof URL;
  /** DOM constructors, as they were at install: a page that swaps `window.CustomEvent` for its own
   * must neither see what the hooks send (the private port, the records) nor feed them its own. */
  CustomEvent: typeof CustomEvent;
  MouseEvent: typeof MouseEvent;
  Request: typeof Request | undefined;
  Response: typeof Response | undefined;
  Headers: typeof Headers | undefined;
  addListener: EventTarget['addEventListener'];
  removeListener: EventTarget['removeEventListener'];
  dispatch: EventTarget['dispatchEvent'];
  /** `setTimeout` bound to the page window. */
  setTimeout: (fn: () => void, ms: number) => unknown;
  /** Reads an accessor captured from a prototype: `get(URL.prototype, 'href', url)`. */
  get(owner: object | undefined, name: string, target: unknown): unknown;
}

export function captureNatives(win: Window & typeof globalThis): Natives {
  const apply = Reflect.apply;
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const getters = new Map<object, Map<string, (() => unknown) | undefined>>();
  /** The getter of `name` on `owner` or its prototypes, looked up once and kept. */
  const getterOf = (owner: object, name: string): (() => unknown) | undefined => {
    let perOwner = getters.get(owner);
    if (!perOwner) getters.set(owner, (perOwner = new Map()));
    if (!perOwner.has(name)) {
      let found: (() => unknown) | undefined;
      for (let o: object | null = owner; o && !found; o = getPrototypeOf(o) as object | null) found = getOwnDescriptor(o, name)?.get;
      perOwner.set(name, found);
    }
    return perOwner.get(name);
  };
  const timer = win.setTimeout;
  const n: Natives = {
    apply,
    construct: Reflect.construct,
    Proxy,
    Promise,
    then: Promise.prototype.then as Natives['then'],
    now: Date.now,
    stringify: JSON.stringify,
    getOwnDescriptor,
    getPrototypeOf,
    defineProperty: Object.defineProperty,
    create: Object.create,
    keys: Object.keys,
    isArray: Array.isArray,
    URL: win.URL,
    CustomEvent: win.CustomEvent,
    MouseEvent: win.MouseEvent,
    Request: win.Request,
    Response: win.Response,
    Headers: win.Headers,
    addListener: win.EventTarget.prototype.addEventListener,
    removeListener: win.EventTarget.prototype.removeEventListener,
    dispatch: win.EventTarget.prototype.dispatchEvent,
    setTimeout: (fn, ms) => apply(timer, win, [fn, ms]),
    get(owner, name, target) {
      const g = owner ? getterOf(owner, name) : undefined;
      if (g) return apply(g, target, []);
      // No accessor (non-browser DOMs keep some of these as plain fields): an own data property only.
      const d = target !== null && typeof target === 'object' ? getOwnDescriptor(target, name) : undefined;
      return d && 'value' in d ? d.value : undefined;
    },
  };
  // Warm the getters the hooks read later, while the prototypes are still pristine.
  for (const [owner, names] of [
    [win.URL?.prototype, ['href', 'origin', 'protocol']],
    [win.Request?.prototype, ['url', 'method', 'mode', 'credentials', 'redirect', 'headers']],
    [win.Response?.prototype, ['type', 'status', 'url']],
    [win.XMLHttpRequest?.prototype, ['withCredentials', 'status', 'responseURL']],
    [win.EventSource?.prototype, ['withCredentials']],
    [win.document, ['baseURI']],
  ] as Array<[object | undefined, string[]]>) {
    if (owner) for (const name of names) getterOf(owner, name);
  }
  return n;
}
