/**
 * WebKit's specific reason line for each failed check (`CrossOriginAccessControl.cpp`,
 * `CrossOriginPreflightResultCache.cpp`, checked against WebKitGTK 2.50); null when WebKit prints
 * only its generic line or nothing. `./safari.ts` prints them.
 */
import type { AccessProblem } from '../rules/access-check';
import { errorFamily } from '../rules/network';
import type { CheckTable, Problem, SafariLine } from '../rules/types';
import { webkitHeaderSpelling } from '../rules/webkit-headers';

function accessLine(p: AccessProblem, origin: string, status: number | undefined): SafariLine {
  switch (p.kind) {
    case 'wildcard-with-credentials':
      return { kind: 'wildcard-with-credentials' };
    case 'multiple':
      return { kind: 'multiple-origins' };
    case 'acac':
      return { kind: 'credentials-not-true' };
    default:
      // WebKit prints the same line for missing, invalid and mismatched values.
      return { kind: 'origin-not-allowed', origin, ...(status ? { status } : {}) };
  }
}

/**
 * WebKit reports some network errors as access-control failures, with a line of their own:
 * too many redirects, and a preflight that failed to load (its text comes from the network
 * library — libsoup on Linux, CFNetwork in Safari — so it is only printed when captured).
 */
function networkLine(p: Problem): SafariLine | null {
  if (p.reason === 'redirect-limit') return { kind: 'redirect-limit' };
  if (p.phase !== 'preflight') return null;
  return p.error && errorFamily(p.error) === null ? { kind: 'network-error', value: p.error } : { kind: 'network-error' };
}

/** A preflight WebKit did not accept, with its status (a 3xx too: WebKit does not follow it). */
const preflightNotOk = (p: Problem): SafariLine => ({ kind: 'preflight-not-ok', ...(p.status ? { status: p.status } : {}) });

export const SAFARI_LINES: CheckTable<SafariLine | null> = {
  scheme: () => ({ kind: 'not-http' }),
  access: (c, p) => ({ ...accessLine(c.access, p.checkedOrigin ?? 'null', p.status), ...(c.redirectTo ? { redirectTo: c.redirectTo } : {}) }),
  'preflight-redirect': (_c, p) => preflightNotOk(p),
  'preflight-status': (_c, p) => preflightNotOk(p),
  'list-unparsable': (c) => ({ kind: c.list === 'methods' ? 'invalid-allow-methods' : 'invalid-allow-headers', value: c.value }),
  'method-not-allowed': (c) => ({ kind: 'method-not-allowed', value: c.method }),
  'header-not-allowed': (c) => ({ kind: 'header-not-allowed', value: webkitHeaderSpelling(c.spelled) }),
  location: (c) => {
    switch (c.refusal) {
      case 'credentials':
        return { kind: 'redirect-credentials', redirectTo: c.location, value: c.location };
      case 'refused-scheme':
        return { kind: 'ftp-disabled' };
      default:
        return { kind: 'redirect-non-http', redirectTo: c.location };
    }
  },
  'mode-same-origin': () => ({ kind: 'same-origin-mode' }),
  'no-cors-redirect-mode': () => ({ kind: 'no-cors-redirect-mode' }),
  corp: () => ({ kind: 'corp-blocked' }),
  network: (_c, p) => networkLine(p),
  'redirect-mode-error': () => ({ kind: 'redirect-mode-error' }),
  'local-network': () => null,
  mime: () => null,
};
