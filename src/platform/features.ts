/** Browser detection and feature checks: the Chrome/Firefox differences the background needs. */
import { ext } from './browser';

/** Firefox names its extension pages moz-extension://; a sturdier test than the user agent. */
export function isFirefox(): boolean {
  try {
    return ext.runtime.getURL('').startsWith('moz-extension:');
  } catch {
    return false;
  }
}

/**
 * Chrome hides preflights, `Origin` and the headers of CORS-failed responses from listeners that
 * don't ask for 'extraHeaders'; Firefox has no such option and throws on the unknown value.
 * Chrome lists it in the options enum; Firefox's enum is {REQUESTHEADERS, BLOCKING}.
 */
export function supportsExtraHeaders(): boolean {
  const opts = (ext.webRequest as unknown as { OnBeforeSendHeadersOptions?: Record<string, string> } | undefined)?.OnBeforeSendHeadersOptions;
  return typeof opts?.EXTRA_HEADERS === 'string';
}

export type BrowserName = 'chrome' | 'firefox';
export function browserName(): BrowserName {
  return isFirefox() ? 'firefox' : 'chrome';
}
