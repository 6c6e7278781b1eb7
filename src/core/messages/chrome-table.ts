/**
 * Chromium's error for each failed check: the `CorsError` (without `k`) and its failed parameter,
 * as `services/network/public/cpp/cors/` builds its `CorsErrorStatus`; null when Chromium reports
 * no CORS error for it (a network error, a check only another engine runs). `./chrome.ts` prints them.
 */
import type { AccessProblem, AccessProblemKind } from '../rules/access-check';
import { LNA_INSECURE_REASON } from '../rules/local-network';
import type { CheckTable } from '../rules/types';

export interface ChromeError {
  corsError: string;
  failedParameter?: string;
}

const ACCESS_ERROR: Record<AccessProblemKind, string> = {
  missing: 'MissingAllowOriginHeader',
  'wildcard-with-credentials': 'WildcardOriginNotAllowed',
  multiple: 'MultipleAllowOriginValues',
  invalid: 'InvalidAllowOriginValue',
  mismatch: 'AllowOriginMismatch',
  acac: 'InvalidAllowCredentials',
};

/** Chromium `failedParameter`: the offending ACAO/ACAC value, '' for missing and wildcard. */
function accessParameter(p: AccessProblem): string {
  return p.kind === 'missing' || p.kind === 'wildcard-with-credentials' ? '' : p.value;
}

/** An error Chromium reports without a parameter (it prints none). */
const bare = (corsError: string): ChromeError => ({ corsError, failedParameter: '' });
const none = (): null => null;

export const CHROME_ERRORS: CheckTable<ChromeError | null> = {
  scheme: () => bare('CorsDisabledScheme'),
  // The `Preflight` variant for a preflight response.
  access: (c) => ({ corsError: (c.preflight ? 'Preflight' : '') + ACCESS_ERROR[c.access.kind], failedParameter: accessParameter(c.access) }),
  'preflight-redirect': () => bare('PreflightDisallowedRedirect'),
  'preflight-status': () => bare('PreflightInvalidStatus'),
  'list-unparsable': (c) => bare(c.list === 'methods' ? 'InvalidAllowMethodsPreflightResponse' : 'InvalidAllowHeadersPreflightResponse'),
  'method-not-allowed': (c) => ({ corsError: 'MethodDisallowedByPreflightResponse', failedParameter: c.method }),
  'header-not-allowed': (c) => ({ corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: c.name }),
  // data:/file: fail in //net (ERR_UNSAFE_REDIRECT) before CORS sees them.
  location: (c) => (c.refusal === 'credentials' ? bare('RedirectContainsCredentials') : c.refusal === 'non-http' ? bare('CorsDisabledScheme') : null),
  // No failed parameter at all (verified in Chromium 156).
  'mode-same-origin': () => ({ corsError: 'DisallowedByMode' }),
  'no-cors-redirect-mode': none,
  corp: none,
  network: none,
  'redirect-mode-error': none,
  // kLocalNetworkAccessPermissionDenied / kInsecureLocalNetwork, also for no-cors loads; a WebSocket fails without one.
  'local-network': (c, p) => (c.websocket ? null : bare(p.reason === LNA_INSECURE_REASON ? 'InsecureLocalNetwork' : 'LocalNetworkAccessPermissionDenied')),
  mime: none,
};
