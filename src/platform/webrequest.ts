/**
 * webRequest listener sets. Each call registers one set and hands back a way to remove it:
 * - `listenWebRequest(onEvent, { tabId? })`: the full set the collector needs (headers, and
 *   'extraHeaders' where the browser has it), for every tab or, with `tabId`, for one tab only
 *   (the browser filters: other tabs' requests cost nothing).
 * - `listenErrorsOnly(onError)`: one `onErrorOccurred` listener, no headers, no 'extraHeaders':
 *   the cheap always-on hint (background/failure-hints.ts).
 *
 * A set that must wake a stopped service worker / suspended event page with the request that
 * woke it has to be registered synchronously at the top level of the background. Removing a
 * set removes it from the browser too: it stops costing and stops waking the background.
 *
 * Every full listener costs every request it matches: the browser builds the details (with
 * headers, when asked for), hands them to the background, and the background handles and logs
 * them. So only the events that tell something new are registered (bench/page-overhead.ts):
 * - `onBeforeSendHeaders` is left out: `onSendHeaders` follows it on every request that is sent,
 *   with the headers as finally sent (the collector ranks it higher anyway); a request stopped
 *   before it (a failed preflight's actual request) has neither.
 * - `onResponseStarted` is left out for subresources: `onHeadersReceived` before it and
 *   `onCompleted` after it carry the same status and headers. It is kept for top-level documents
 *   only, where it is the moment the new document replaces the old one (the list is cut there).
 * - Top-level documents are kept out of the other listeners (they are never CORS and never
 *   listed); every other resource type can be a CORS request (fetch/XHR, fonts, `crossorigin`
 *   images, scripts, styles and media, beacons, …) and is kept.
 * - Chrome: scripts, styles, images, fonts and media are left out of `onBeforeRequest`
 *   (`firstEventOf`): a dev server's app makes hundreds of module requests per load (issue 13).
 *   They are never preflighted, and Chrome sends `onSendHeaders` for each of them as it starts
 *   (before its cache is asked), with all that `onBeforeRequest` tells; one that another
 *   extension blocks ends in `onErrorOccurred` alone. Firefox keeps `onBeforeRequest` for every
 *   type: a response it takes from its cache comes without `onSendHeaders`.
 */
import { NEVER_PREFLIGHTED_TYPES } from '../core/initiator';
import { ext } from './browser';
import { supportsExtraHeaders } from './features';
import { OBSERVED_URLS } from './hosts';
import type { WebRequestDetails, WebRequestEventName } from '../sources/webrequest';

type Spec = 'requestHeaders' | 'responseHeaders' | 'extraHeaders';

interface Registration {
  event: WebRequestEventName;
  spec: Spec[];
  /** Top-level documents only, or everything else. */
  documents: 'only' | 'excluded';
}

const REGISTRATIONS: Registration[] = [
  { event: 'onBeforeRequest', spec: [], documents: 'excluded' },
  { event: 'onSendHeaders', spec: ['requestHeaders'], documents: 'excluded' },
  { event: 'onHeadersReceived', spec: ['responseHeaders'], documents: 'excluded' },
  { event: 'onBeforeRedirect', spec: ['responseHeaders'], documents: 'excluded' },
  { event: 'onCompleted', spec: ['responseHeaders'], documents: 'excluded' },
  { event: 'onErrorOccurred', spec: [], documents: 'excluded' },
  // The navigation cut (recorder.ts) needs only the status and the time.
  { event: 'onResponseStarted', spec: [], documents: 'only' },
];

/** Whether this browser has Chrome's listener options (asked once). */
let chromeListeners: boolean | undefined;

/**
 * What the listeners hear first of a request of this resource type: `onSendHeaders` for the types
 * never preflighted (core/initiator.ts), which Chrome's are left out of `onBeforeRequest` for,
 * else `onBeforeRequest`. The collector dates a request
 * and proves it whole by it.
 */
export function firstEventOf(resourceType: string | undefined): WebRequestEventName {
  if (resourceType === undefined || !NEVER_PREFLIGHTED_TYPES.includes(resourceType)) return 'onBeforeRequest';
  // Asked on every event: the browser does not change.
  chromeListeners ??= supportsExtraHeaders();
  return chromeListeners ? 'onSendHeaders' : 'onBeforeRequest';
}

/** The events registered, for tests and docs. */
export const REGISTERED_EVENTS: readonly WebRequestEventName[] = REGISTRATIONS.map((r) => r.event);

const TOP_LEVEL = 'main_frame';

interface Filter {
  urls: string[];
  types?: string[];
  tabId?: number;
}

type Listener = (details: WebRequestDetails) => void;

interface AnyWebRequestEvent {
  addListener(cb: Listener, filter: Filter, spec?: string[]): void;
  removeListener(cb: Listener): void;
}

/** A registered listener set. */
export interface ListenerSet {
  /** Events that could not be registered, with the browser's reason ([] when all are live). */
  readonly errors: string[];
  /** Removes every listener of the set (idempotent). */
  remove(): void;
}

/**
 * Every resource type this browser knows but top-level documents, from its own `ResourceType`
 * enum (Chrome and Firefox list different types, and reject unknown ones in a filter). Undefined
 * when the enum is missing: then no type filter (the recorder ignores documents itself).
 */
function typesButDocuments(): string[] | undefined {
  const enumObject = (ext.webRequest as unknown as { ResourceType?: Record<string, unknown> } | undefined)?.ResourceType;
  if (!enumObject || typeof enumObject !== 'object') return undefined;
  const types = Object.values(enumObject).filter((t): t is string => typeof t === 'string');
  if (!types.includes(TOP_LEVEL)) return undefined;
  const rest = types.filter((t) => t !== TOP_LEVEL);
  return rest.length > 0 ? rest : undefined;
}

function eventNamed(name: WebRequestEventName): AnyWebRequestEvent | undefined {
  return (ext.webRequest as unknown as Record<string, AnyWebRequestEvent | undefined> | undefined)?.[name];
}

/**
 * Adds `listener` to `event`, with the type filter when the browser accepts it. Firefox throws
 * "Incorrect argument types" on an explicit `undefined` third argument (onErrorOccurred) and on
 * 'extraHeaders': the spec is passed only when there is one. Throws what the browser threw.
 */
function add(event: AnyWebRequestEvent, listener: Listener, base: Omit<Filter, 'types'>, types: string[] | undefined, spec: string[], typesRequired: boolean): void {
  const register = (filter: Filter) => {
    if (spec.length > 0) event.addListener(listener, filter, spec);
    else event.addListener(listener, filter);
  };
  try {
    register(types ? { ...base, types } : base);
  } catch (error) {
    // A type the filter rejects must not cost the event: the unfiltered listener is a superset.
    if (!types || typesRequired) throw error;
    register(base);
  }
}

/** Registers the full listener set, for every tab or for `options.tabId` only. */
export function listenWebRequest(onEvent: (event: WebRequestEventName, details: WebRequestDetails) => void, options: { tabId?: number } = {}): ListenerSet {
  const extra = supportsExtraHeaders();
  const errors: string[] = [];
  const otherTypes = typesButDocuments();
  const added: Array<[AnyWebRequestEvent, Listener]> = [];
  const base: Omit<Filter, 'types'> = options.tabId === undefined ? { urls: OBSERVED_URLS } : { urls: OBSERVED_URLS, tabId: options.tabId };
  for (const { event: name, spec: baseSpec, documents } of REGISTRATIONS) {
    const event = eventNamed(name);
    if (!event) {
      errors.push(`${name}: missing`);
      continue;
    }
    // Chrome shows preflights only to listeners with 'extraHeaders', whatever the event.
    const spec: string[] = [...baseSpec, ...(extra ? ['extraHeaders'] : [])];
    const listener: Listener = (details) => onEvent(name, details);
    const types = documents === 'only' ? [TOP_LEVEL] : name === 'onBeforeRequest' ? otherTypes?.filter((t) => firstEventOf(t) === name) : otherTypes;
    try {
      add(event, listener, base, types, spec, documents === 'only');
      added.push([event, listener]);
    } catch (error) {
      errors.push(`${name}: ${String(error)}`);
    }
  }
  return { errors, remove: removal(added) };
}

/**
 * Registers one `onErrorOccurred` listener for every tab, without headers or 'extraHeaders': what
 * it costs a request is one small event when the request fails. Frames are left out too (a frame
 * is never a CORS request), which also keeps its filter different from the full set's
 * `onErrorOccurred`: Firefox remembers a listener by its arguments, and removing the full set's
 * would otherwise forget this one, which then would no longer wake the event page.
 */
export function listenErrorsOnly(onError: (details: WebRequestDetails) => void): ListenerSet {
  const event = eventNamed('onErrorOccurred');
  if (!event) return { errors: ['onErrorOccurred: missing'], remove: () => undefined };
  const listener: Listener = (details) => onError(details);
  const types = typesButDocuments()?.filter((t) => t !== 'sub_frame');
  try {
    add(event, listener, { urls: OBSERVED_URLS }, types, [], false);
  } catch (error) {
    return { errors: [`onErrorOccurred: ${String(error)}`], remove: () => undefined };
  }
  return { errors: [], remove: removal([[event, listener]]) };
}

function removal(added: Array<[AnyWebRequestEvent, Listener]>): () => void {
  return () => {
    for (const [event, listener] of added.splice(0)) {
      try {
        event.removeListener(listener);
      } catch {
        // The context is going away: the browser drops its listeners itself.
      }
    }
  };
}
