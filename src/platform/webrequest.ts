/**
 * Registers the webRequest listeners the collector needs. Call it synchronously at the top level
 * of the background script: a restarted service worker / woken event page only receives the
 * events of the waking request if the listeners exist before the first await.
 */
import { ext } from './browser';
import { supportsExtraHeaders } from './features';
import { OBSERVED_URLS } from './hosts';
import { WEBREQUEST_EVENTS, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';

type Spec = 'requestHeaders' | 'responseHeaders' | 'extraHeaders';

const SPECS: Record<WebRequestEventName, Spec[]> = {
  onBeforeRequest: [],
  onBeforeSendHeaders: ['requestHeaders'],
  onSendHeaders: ['requestHeaders'],
  onHeadersReceived: ['responseHeaders'],
  onResponseStarted: ['responseHeaders'],
  onBeforeRedirect: ['responseHeaders'],
  onCompleted: ['responseHeaders'],
  onErrorOccurred: [],
};

interface AnyWebRequestEvent {
  addListener(cb: (details: WebRequestDetails) => void, filter: { urls: string[] }, spec?: string[]): void;
}

/** Returns the events that could not be registered (with the browser's reason). */
export function listenWebRequest(onEvent: (event: WebRequestEventName, details: WebRequestDetails) => void): string[] {
  const extra = supportsExtraHeaders();
  const failures: string[] = [];
  const filter = { urls: OBSERVED_URLS };
  for (const name of WEBREQUEST_EVENTS) {
    const event = (ext.webRequest as unknown as Record<string, AnyWebRequestEvent | undefined>)[name];
    if (!event) {
      failures.push(`${name}: missing`);
      continue;
    }
    const spec: string[] = [...SPECS[name], ...(extra ? ['extraHeaders'] : [])];
    const listener = (details: WebRequestDetails) => onEvent(name, details);
    try {
      // Firefox throws "Incorrect argument types" on an explicit `undefined` third argument
      // (onErrorOccurred) and on 'extraHeaders': pass the spec only when there is one.
      if (spec.length > 0) event.addListener(listener, filter, spec);
      else event.addListener(listener, filter);
    } catch (error) {
      failures.push(`${name}: ${String(error)}`);
    }
  }
  return failures;
}
