/**
 * Safari / WebKit console lines: the specific reason (`CrossOriginAccessControl.cpp`,
 * `CrossOriginPreflightResultCache.cpp`), then ThreadableLoader's generic
 * "{Fetch API|XMLHttpRequest} cannot load {url} due to access control checks.", then
 * "Failed to load resource: {reason}" — that last line only exists in Web Inspector (WebKit's
 * console output to stdout never carries it). Checked against WebKitGTK on Linux (lab e2e and
 * test/fixtures/lab-observed/webkit.json); network-error texts there come from libsoup, not from
 * Safari's CFNetwork.
 */
import type { Finding, SafariLine } from '../rules/types';
import { displayUrl, parseUrl } from '../http/origin';

/** Said wherever the Safari text is shown with its Web Inspector line. */
export const SAFARI_INSPECTOR_NOTE =
  'The "Failed to load resource: …" line appears only in Safari\'s Web Inspector console, not in console output captured by other means. Safari lines are checked against WebKitGTK on Linux.';

/** True when the Safari text carries Web Inspector's "Failed to load resource" line. */
export function hasInspectorLine(message: string | null | undefined): boolean {
  return typeof message === 'string' && message.includes('\nFailed to load resource: ');
}

/** WebKit names a redirect target without its userinfo (the "has credentials" part prints it as is). */
function withoutUserinfo(url: string): string {
  const u = parseUrl(url);
  if (!u || (u.username === '' && u.password === '')) return displayUrl(url);
  u.username = '';
  u.password = '';
  return u.href;
}

export function safariReasonText(l: SafariLine, url: string, origin: string): string | null {
  const status = l.status ? ` Status code: ${l.status}` : '';
  let text: string | null;
  switch (l.kind) {
    case 'origin-not-allowed':
      text = `Origin ${l.origin ?? origin} is not allowed by Access-Control-Allow-Origin.${status}`;
      break;
    case 'wildcard-with-credentials':
      text = 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.';
      break;
    case 'multiple-origins':
      text = 'Access-Control-Allow-Origin cannot contain more than one origin.';
      break;
    case 'credentials-not-true':
      text = 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".';
      break;
    case 'preflight-not-ok':
      text = `Preflight response is not successful.${status}`;
      break;
    case 'invalid-allow-methods':
      text = `Header Access-Control-Allow-Methods has an invalid value: ${l.value ?? ''}`;
      break;
    case 'invalid-allow-headers':
      text = `Header Access-Control-Allow-Headers has an invalid value: ${l.value ?? ''}`;
      break;
    case 'method-not-allowed':
      text = `Method ${l.value ?? ''} is not allowed by Access-Control-Allow-Methods.`;
      break;
    case 'header-not-allowed':
      text = `Request header field ${l.value ?? ''} is not allowed by Access-Control-Allow-Headers.`;
      break;
    case 'redirect-credentials':
      text = `redirection URL ${l.value ?? ''} has credentials`;
      break;
    case 'redirect-non-http':
      text = 'not allowed to follow a cross-origin CORS redirection with non CORS scheme';
      break;
    case 'ftp-disabled':
      return 'FTP URLs are disabled';
    case 'redirect-limit':
      return 'Load cannot follow more than 20 redirections';
    case 'redirect-mode-error':
      return `Not allowed to follow a redirection while loading ${displayUrl(url)}`;
    case 'no-cors-redirect-mode':
      return 'No-Cors mode requires follow redirect mode\nNot allowed to request resource';
    case 'corp-blocked':
      return `Cancelled load to ${displayUrl(url)} because it violates the resource's Cross-Origin-Resource-Policy response header.`;
    case 'network-error':
      return l.value ?? null;
    case 'same-origin-mode':
      // WebKit refuses before any load: only the generic line, ending in "." (see safariMessage).
      return null;
    case 'not-http':
      return 'Cross origin requests are only supported for HTTP.';
    case 'generic':
      return null;
  }
  if (l.redirectTo) return `Cross-origin redirection to ${withoutUserinfo(l.redirectTo)} denied by Cross-Origin Resource Sharing policy: ${text}`;
  return text;
}

function apiName(kind: string): string {
  if (kind === 'XMLHttpRequest') return 'XMLHttpRequest cannot load';
  if (kind === 'fetch') return 'Fetch API cannot load';
  return 'Cannot load';
}

export interface SafariMessageContext {
  origin: string;
  kind: string;
  /** WebKit's generic line before the URL for this initiator (`InitiatorInfo.safariPrefix`); null: none. */
  prefix?: string | null;
  /** A generic line naming no URL, used instead (`InitiatorInfo.safariLine`). */
  line?: string;
  /** Made in a worker: WebKit prints the reason line only, without the loader's generic line. */
  inWorker?: boolean;
}

/**
 * WebKit's line for a response refused for its MIME type after CORS passed (lab scenarios
 * notcors-module-script-text-plain, notcors-eventsource-json); an import() rejects its promise
 * with the module text and prints nothing, which a capture cannot tell from a module element.
 */
function mimeRefusedText(f: Finding): string {
  const mime = f.failedParameter ?? '';
  return f.refusedAs === 'eventsource'
    ? `EventSource's response has a MIME type ("${mime}") that is not "text/event-stream". Aborting the connection.`
    : `TypeError: '${mime}' is not a valid JavaScript MIME type.`;
}

/** The loader's generic line after the reason, or null where WebKit prints none. */
function genericLine(url: string, ctx: SafariMessageContext): string | null {
  if (ctx.inWorker) return null;
  if (ctx.line !== undefined) return ctx.line;
  const prefix = ctx.prefix === undefined ? apiName(ctx.kind) : ctx.prefix;
  return prefix === null ? null : `${prefix} ${url} due to access control checks.`;
}

/**
 * WebKit's lines for a failed load: its reason, the loader's generic line, then Web Inspector's
 * "Failed to load resource" line. Network errors WebKit reports as access-control failures
 * (a preflight that could not connect, too many redirects, redirect: 'error') get lines too.
 */
export function safariMessage(f: Finding, ctx: SafariMessageContext): string | null {
  if (f.reason === 'mime-type-refused' && f.outcome === 'network-error') return mimeRefusedText(f);
  if ((f.outcome !== 'blocked' && f.outcome !== 'network-error') || !f.safari) return null;
  const url = displayUrl(f.url);
  if (f.safari.kind === 'same-origin-mode') return `${apiName(ctx.kind)} ${url}.`;
  const specific = safariReasonText(f.safari, f.url, f.checkedOrigin ?? ctx.origin);
  if (f.safari.kind === 'not-http') return specific;
  const generic = genericLine(url, ctx);
  if (!specific) return generic ?? `${apiName(ctx.kind)} ${url} due to access control checks.`;
  const reasons = specific.split('\n');
  return [...reasons, ...(generic === null ? [] : [generic]), `Failed to load resource: ${reasons[reasons.length - 1]}`].join('\n');
}
