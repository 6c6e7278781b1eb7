/**
 * Registers the webRequest listeners the collector needs. Call it synchronously at the top level
 * of the background script: a restarted service worker / woken event page only receives the
 * events of the waking request if the listeners exist before the first await.
 *
 * Every listener costs every request of every tab: the browser builds the details (with headers,
 * when asked for), hands them to the background, and the background handles and logs them. So
 * only the events that tell something new are registered (bench/page-overhead.ts measures it):
 * - `onBeforeSendHeaders` is left out: `onSendHeaders` follows it on every request that is sent,
 *   with the headers as finally sent (the collector ranks it higher anyway); a request stopped
 *   before it (a failed preflight's actual request) has neither.
 * - `onResponseStarted` is left out for subresources: `onHeadersReceived` before it and
 *   `onCompleted` after it carry the same status and headers. It is kept for top-level documents
 *   only, where it is the moment the new document replaces the old one (the list is cut there).
 * - Top-level documents are kept out of the other listeners (they are never CORS and never
 *   listed); every other resource type can be a CORS request (fetch/XHR, fonts, `crossorigin`
 *   images, scripts, styles and media, beacons, …) and is kept.
 */
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

/** The events registered, for tests and docs. */
export const REGISTERED_EVENTS: readonly WebRequestEventName[] = REGISTRATIONS.map((r) => r.event);

const TOP_LEVEL = 'main_frame';

interface Filter {
  urls: string[];
  types?: string[];
}

interface AnyWebRequestEvent {
  addListener(cb: (details: WebRequestDetails) => void, filter: Filter, spec?: string[]): void;
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

/** Returns the events that could not be registered (with the browser's reason). */
export function listenWebRequest(onEvent: (event: WebRequestEventName, details: WebRequestDetails) => void): string[] {
  const extra = supportsExtraHeaders();
  const failures: string[] = [];
  const otherTypes = typesButDocuments();
  for (const { event: name, spec: base, documents } of REGISTRATIONS) {
    const event = (ext.webRequest as unknown as Record<string, AnyWebRequestEvent | undefined> | undefined)?.[name];
    if (!event) {
      failures.push(`${name}: missing`);
      continue;
    }
    // Chrome shows preflights only to listeners with 'extraHeaders', whatever the event.
    const spec: string[] = [...base, ...(extra ? ['extraHeaders'] : [])];
    const listener = (details: WebRequestDetails) => onEvent(name, details);
    const types = documents === 'only' ? [TOP_LEVEL] : otherTypes;
    const add = (filter: Filter) => {
      // Firefox throws "Incorrect argument types" on an explicit `undefined` third argument
      // (onErrorOccurred) and on 'extraHeaders': pass the spec only when there is one.
      if (spec.length > 0) event.addListener(listener, filter, spec);
      else event.addListener(listener, filter);
    };
    try {
      try {
        add(types ? { urls: OBSERVED_URLS, types } : { urls: OBSERVED_URLS });
      } catch (error) {
        // A type the filter rejects must not cost the event: the unfiltered listener is a superset.
        if (!types || documents === 'only') throw error;
        add({ urls: OBSERVED_URLS });
      }
    } catch (error) {
      failures.push(`${name}: ${String(error)}`);
    }
  }
  return failures;
}
