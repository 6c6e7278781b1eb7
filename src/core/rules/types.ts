/**
 * What a rule reports. Rules decide; they never format console text. Each engine's finding
 * carries the structured pieces its own messages need (Chromium CorsError + failed parameter,
 * Firefox property keys + arguments, a WebKit message kind), and `messages/*` render them.
 */
import type { BrowserId, Evidence, Outcome, Phase, ReasonId } from '../model';

/** One Firefox console line: a `security.properties` key plus its arguments. */
export interface FirefoxLine {
  key: string;
  /** URL the line names. */
  url: string;
  /** The `%2$S` argument (offending value, header name, or status code). */
  arg?: string;
}

export type SafariKind =
  | 'origin-not-allowed'
  | 'wildcard-with-credentials'
  | 'multiple-origins'
  | 'credentials-not-true'
  | 'preflight-not-ok'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'redirect-credentials'
  | 'redirect-non-http'
  | 'same-origin-mode'
  | 'not-http'
  | 'ftp-disabled'
  | 'redirect-limit'
  | 'redirect-mode-error'
  | 'no-cors-redirect-mode'
  /** A network error WebKit reports as an access-control failure; `value` is its text, when known. */
  | 'network-error'
  | 'generic';

/** The specific WebKit reason line; `redirectTo` makes it a "Cross-origin redirection to …" line. */
export interface SafariLine {
  kind: SafariKind;
  value?: string;
  origin?: string;
  status?: number;
  redirectTo?: string;
}

export interface Finding {
  browser: BrowserId;
  outcome: Outcome;
  reason: ReasonId;
  phase: Phase;
  hop: number;
  /** Chromium CorsError without `k` (chrome engine only). */
  corsError: string | null;
  failedParameter?: string;
  /** URL of the request at the failing hop (what Chrome prints as "Access to … at"). */
  url: string;
  firefoxLines?: FirefoxLine[];
  safari?: SafariLine | null;
  evidence: Evidence[];
  /** Facts worth telling the user that the decision rests on (cached preflight, …). */
  notes: string[];
  /** The origin the failing check compared against (`null` after a tainting redirect). */
  checkedOrigin?: string;
  /** Status of the response the failing check looked at. */
  status?: number;
  /** Verbatim browser error for network findings. */
  error?: string;
  /**
   * The browser failed the request at a redirect it did not follow, though the redirect passes
   * the checks run: `redirect: 'error'` and a credentialed request without ACAC look the same.
   */
  unfollowedRedirect?: boolean;
  /** Local Network Access: the target's address space (`loopback`, `local`, …) Chrome names. */
  addressSpace?: string;
  /** A response CORS passed and the page's API refused for its MIME type (EventSource, module script). */
  refusedAs?: 'eventsource' | 'module-script';
}

export const DID_NOT_SUCCEED = 'CORSDidNotSucceed2';
