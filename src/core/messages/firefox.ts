/**
 * Firefox console lines (`dom/locales/en-US/chrome/security/security.properties`, logged by
 * `nsCORSListenerProxy::LogBlockedRequest`). Typographic quotes ‘ ’ are part of the text.
 * Several lines are joined with "\n" (e.g. a failed preflight, then "CORS request did not
 * succeed … (null)." for the actual request, as Firefox 153 prints them).
 */
import type { Finding, FirefoxLine } from '../rules/types';
import { displayUrl } from '../http/origin';
import { notCorsFirefoxMessage } from './not-cors';

const PREFIX = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';

/** `(Reason: …)` text and whether a `Status code:` suffix follows, per key. */
function reasonOf(line: FirefoxLine): { text: string; status: boolean } {
  const arg = line.arg ?? '';
  switch (line.key) {
    case 'CORSDidNotSucceed2':
      return { text: 'CORS request did not succeed', status: true };
    case 'CORSMissingAllowOrigin2':
      return { text: 'CORS header ‘Access-Control-Allow-Origin’ missing', status: true };
    case 'CORSNotSupportingCredentials':
      return { text: 'Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’', status: false };
    case 'CORSMultipleAllowOriginNotAllowed':
      return { text: 'Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed', status: false };
    case 'CORSAllowOriginNotMatchingOrigin':
      return { text: `CORS header ‘Access-Control-Allow-Origin’ does not match ‘${arg}’`, status: false };
    case 'CORSMissingAllowCredentials':
      return { text: 'expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’', status: false };
    case 'CORSPreflightDidNotSucceed3':
      return { text: 'CORS preflight response did not succeed', status: true };
    case 'CORSExternalRedirectNotAllowed':
      return { text: 'CORS request external redirect not allowed', status: false };
    case 'CORSInvalidAllowMethod':
      return { text: `invalid token ‘${arg}’ in CORS header ‘Access-Control-Allow-Methods’`, status: false };
    case 'CORSInvalidAllowHeader':
      return { text: `invalid token ‘${arg}’ in CORS header ‘Access-Control-Allow-Headers’`, status: false };
    case 'CORSMethodNotFound':
      return { text: 'Did not find method in CORS header ‘Access-Control-Allow-Methods’', status: false };
    case 'CORSMissingAllowHeaderFromPreflight2':
      return { text: `header ‘${arg}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response`, status: false };
    case 'CORSRequestNotHttp':
      return { text: 'CORS request not http', status: false };
    default:
      return { text: line.key, status: false };
  }
}

export function firefoxLine(line: FirefoxLine): string {
  const url = displayUrl(line.url);
  const where = line.key === 'CORSNotSupportingCredentials' ? `‘${url}’` : url;
  const { text, status } = reasonOf(line);
  return `${PREFIX} ${where}. (Reason: ${text}).${status ? ` Status code: ${line.arg ?? '(null)'}.` : ''}`;
}

export interface FirefoxMessageContext {
  origin: string;
  documentUrl?: string;
}

export function firefoxMessage(f: Finding, ctx: FirefoxMessageContext): string | null {
  if (f.reason === 'mode-same-origin-violated') {
    return `Security Error: Content at ${ctx.documentUrl ?? `${ctx.origin}/`} may not load data from ${displayUrl(f.url)}.`;
  }
  if (f.reason === 'mixed-content') return `Blocked loading mixed active content “${displayUrl(f.url)}”`;
  const notCors = notCorsFirefoxMessage(f, corsLinesOf);
  if (notCors !== undefined) return notCors;
  return corsLinesOf(f);
}

function corsLinesOf(f: Finding): string | null {
  const lines = f.firefoxLines ?? [];
  return lines.length > 0 ? lines.map(firefoxLine).join('\n') : null;
}

/** The keys in print order (for `EngineResult.firefoxKeys`). */
export function firefoxKeys(f: Pick<Finding, 'firefoxLines'>): string[] {
  return (f.firefoxLines ?? []).map((l) => l.key);
}
