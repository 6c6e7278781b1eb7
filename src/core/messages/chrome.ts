/**
 * Chromium console lines (Blink `cors_error_string.cc`, `GetErrorStringForConsoleMessage`),
 * Chrome 156 wording: no "no-cors" hint; " Have the server send the header with a valid value."
 * after multiple/invalid/mismatched ACAO for fetch(); the withCredentials sentence for XHR.
 * Texts verified against Chromium 156 console output (see test/unit/core/messages/messages.test.ts).
 */
import type { Finding } from '../rules/types';
import { displayUrl, schemeOf } from '../http/origin';
import { notCorsChromeMessage } from './not-cors';

export interface ChromeMessageContext {
  /** URL the page asked for (first hop). */
  initialUrl: string;
  /** Serialized page origin (`null` for opaque). */
  origin: string;
  /** `fetch`, `XMLHttpRequest`, `script` … */
  kind: string;
  documentUrl?: string;
  /** The hop the finding is about (not-CORS texts read its response headers). */
  hop?: import('../model').Hop;
}

const PREFLIGHT_PREFIXED = new Set([
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
]);

/** As Chromium 156 prints it (sorted; observed in the lab, scenario redirect-non-http-scheme). */
const CORS_SCHEMES = 'chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app';

/** Blink `EncodeHint`: printable ASCII as is, every other byte as `\uXXXX`. */
export function encodeHint(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    out += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\u${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** The `{reason}` part for a CorsError name (without `k`). */
export function chromeReasonText(corsError: string, failedParameter: string, kind: string): string {
  const hint = encodeHint(failedParameter);
  const noCorsInfo = kind === 'fetch' ? ' Have the server send the header with a valid value.' : '';
  const xhrInfo =
    kind === 'XMLHttpRequest'
      ? ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.'
      : '';
  switch (corsError.replace(/^Preflight(?=(WildcardOrigin|MissingAllowOrigin|MultipleAllowOrigin|InvalidAllowOrigin|AllowOriginMismatch|InvalidAllowCredentials))/, '')) {
    case 'DisallowedByMode':
      return 'Cross origin requests are not allowed by request mode.';
    case 'InvalidResponse':
      return 'The response is invalid.';
    case 'WildcardOriginNotAllowed':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'." + xhrInfo;
    case 'MissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.` + noCorsInfo;
    case 'InvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.` + noCorsInfo;
    case 'AllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.` + noCorsInfo;
    case 'InvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.` + xhrInfo;
    case 'CorsDisabledScheme':
      return `Cross origin requests are only supported for protocol schemes: ${CORS_SCHEMES}.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'RedirectContainsCredentials':
      return `Redirect location '${hint}' contains a username and password, which is disallowed for cross-origin requests.`;
    default:
      return `${corsError}.`;
  }
}

/** `Access to {kind} at '{url}' [(redirected from '{initial}') ]from origin '{origin}' has been blocked by CORS policy: …` */
export function chromeCorsLine(corsError: string, failedParameter: string, url: string, ctx: ChromeMessageContext): string {
  const last = displayUrl(url);
  const initial = displayUrl(ctx.initialUrl);
  const redirected = initial !== last ? `(redirected from '${initial}') ` : '';
  const prefix = PREFLIGHT_PREFIXED.has(corsError) ? "Response to preflight request doesn't pass access control check: " : '';
  return `Access to ${ctx.kind} at '${last}' ${redirected}from origin '${ctx.origin}' has been blocked by CORS policy: ${prefix}${chromeReasonText(corsError, failedParameter, ctx.kind)}`;
}

/** The console line Chrome prints for a finding, or null when it prints none we can predict. */
export function chromeMessage(f: Finding, ctx: ChromeMessageContext): string | null {
  const notCors = notCorsChromeMessage(f, ctx);
  if (notCors !== undefined) return notCors;
  const url = displayUrl(f.url);
  if (f.reason === 'mode-same-origin-violated') {
    return `Fetch API cannot load ${url}. Request mode is "same-origin" but the URL's origin is not same as the request origin ${ctx.origin}.`;
  }
  // fetch() refuses a scheme it cannot fetch itself; a file:// page's fetch of file:// gets the CORS line
  // (verified in Chromium 156, test/e2e/file-page-chromium.test.ts).
  if (f.reason === 'cors-disabled-scheme' && ctx.kind === 'fetch' && !(schemeOf(f.url) === 'file' && ctx.origin === 'null')) {
    return `Fetch API cannot load ${url}. URL scheme "${schemeOf(f.url)}" is not supported.`;
  }
  if (f.reason === 'mixed-content') {
    const page = ctx.documentUrl ?? `${ctx.origin}/`;
    // Chromium names an XHR's target an "XMLHttpRequest endpoint" (lab scenario notcors-mixed-content-xhr-post).
    const what = ctx.kind === 'XMLHttpRequest' ? 'XMLHttpRequest endpoint' : 'resource';
    return `Mixed Content: The page at '${page}' was loaded over HTTPS, but requested an insecure ${what} '${url}'. This request has been blocked; the content must be served over HTTPS.`;
  }
  if (f.corsError) return chromeCorsLine(f.corsError, f.failedParameter ?? '', f.url, ctx);
  if (f.outcome === 'network-error' && f.error?.startsWith('net::')) return `Failed to load resource: ${f.error}`;
  return null;
}
