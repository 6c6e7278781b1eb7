/**
 * Safari / WebKit console lines: the specific reason (`CrossOriginAccessControl.cpp`,
 * `CrossOriginPreflightResultCache.cpp`), then ThreadableLoader's generic
 * "{Fetch API|XMLHttpRequest} cannot load {url} due to access control checks.", then
 * "Failed to load resource: {reason}". Not verified in a real Safari on this machine.
 */
import type { Finding, SafariLine } from '../rules/types';
import { displayUrl } from '../http/origin';

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
    case 'same-origin-mode':
      return `Unsafe attempt to load URL ${displayUrl(url)} from origin ${origin}. Domains, protocols and ports must match.`;
    case 'not-http':
      return 'Cross origin requests are only supported for HTTP.';
    case 'generic':
      return null;
  }
  if (l.redirectTo) return `Cross-origin redirection to ${displayUrl(l.redirectTo)} denied by Cross-Origin Resource Sharing policy: ${text}`;
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
  /** WebKit's generic line before the URL for this initiator (`InitiatorInfo.safariPrefix`). */
  prefix?: string;
}

export function safariMessage(f: Finding, ctx: SafariMessageContext): string | null {
  if (f.outcome !== 'blocked' || !f.safari) return null;
  const url = displayUrl(f.url);
  const specific = safariReasonText(f.safari, f.url, f.checkedOrigin ?? ctx.origin);
  if (f.safari.kind === 'same-origin-mode' || f.safari.kind === 'not-http') return specific;
  const generic = `${ctx.prefix ?? apiName(ctx.kind)} ${url} due to access control checks.`;
  return specific ? [specific, generic, `Failed to load resource: ${specific}`].join('\n') : generic;
}
