/**
 * Failures that are not CORS failures, classified from the browser's own error string. CORS
 * failures surface only as `net::ERR_FAILED` (Chromium) or `NS_ERROR_DOM_BAD_URI` (Firefox);
 * a preflight answered with a redirect additionally fails itself with
 * `net::ERR_INVALID_REDIRECT`. Everything else (refused, DNS, TLS, an extension, ORB, mixed
 * content …) is a network error: no CORS header advice applies.
 */

import { boundedMemo } from '../bounded-memo';
import type { ReasonId } from '../reasons';

export type ErrorClass =
  | { kind: 'none' }
  /** The browser's way of saying "blocked by CORS" (the reason comes from the headers). */
  | { kind: 'cors' }
  | { readonly kind: 'network'; readonly reason: ReasonId };

const NONE: ErrorClass = Object.freeze({ kind: 'none' });
const CORS: ErrorClass = Object.freeze({ kind: 'cors' });
/** Browsers report a handful of distinct error strings: each is classified once. */
const classifyMemo = boundedMemo(classify, 500, 256);

/** The class of an error string. The result is shared: do not mutate it. */
export function classifyError(error: string | null | undefined): ErrorClass {
  return typeof error === 'string' ? classifyMemo(error) : NONE;
}

function classify(error: string): ErrorClass {
  const e = error.trim();
  if (e === '') return NONE;
  if (e === 'net::ERR_FAILED' || e === 'NS_ERROR_DOM_BAD_URI' || e === 'net::ERR_INVALID_REDIRECT') return CORS;
  if (/ERR_ABORTED|NS_BINDING_ABORTED|^canceled$/i.test(e)) return { kind: 'network', reason: 'request-canceled' };
  if (/ERR_BLOCKED_BY_CLIENT|NS_ERROR_TRACKING_URI|NS_ERROR_ABORT$/i.test(e)) return { kind: 'network', reason: 'blocked-by-client' };
  if (/ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS|NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED/.test(e)) return { kind: 'network', reason: 'lna-permission-denied' };
  if (/ERR_BLOCKED_BY_ORB|ORB|CORB/.test(e)) return { kind: 'network', reason: 'orb-corb' };
  if (/ERR_BLOCKED_BY_RESPONSE|NS_ERROR_DOM_CORP_FAILED|COEP|CORP/i.test(e)) return { kind: 'network', reason: 'corp-blocked' };
  if (/mixed[-_ ]?content|NS_ERROR_MIXED/i.test(e)) return { kind: 'network', reason: 'mixed-content' };
  if (/\bcsp\b|ERR_BLOCKED_BY_CSP|NS_ERROR_CSP/i.test(e)) return { kind: 'network', reason: 'csp-connect-src' };
  if (/TOO_MANY_REDIRECTS|REDIRECT_LOOP/i.test(e)) return { kind: 'network', reason: 'redirect-limit' };
  if (/ERR_UNSAFE_REDIRECT/.test(e)) return { kind: 'network', reason: 'redirect-non-http-scheme' };
  return { kind: 'network', reason: 'net-error-not-cors' };
}

/** Which engine family produced an error string (`net::` Chromium, `NS_` Firefox). */
export function errorFamily(error: string | null | undefined): 'chrome' | 'firefox' | null {
  if (typeof error !== 'string') return null;
  if (error.startsWith('net::')) return 'chrome';
  if (error.startsWith('NS_')) return 'firefox';
  return null;
}

/**
 * Mixed content without an error string: an https page asking for an http URL that is not
 * loopback (Chromium exempts potentially trustworthy loopback targets).
 */
export function looksLikeMixedContent(pageOrigin: string | undefined, url: string, loopbackTarget: boolean): boolean {
  return typeof pageOrigin === 'string' && pageOrigin.startsWith('https:') && url.startsWith('http:') && !loopbackTarget;
}
