/**
 * What a rule reports: a browser-neutral `Problem` (reason, failed check with its values, hop,
 * evidence), like Chromium's `CorsErrorStatus`. Rules never name a browser and never format
 * console text; each engine's check order and behaviour is a row of `../engine-specs.ts`, and
 * `../messages/render.ts` turns a Problem into one engine's `Finding` with that browser's
 * message pieces (Chromium CorsError + failed parameter, Firefox property keys, a WebKit line).
 */
import type { BrowserId, Evidence, Outcome, Phase, ReasonId } from '../model';
import type { AccessInput, AccessProblem } from './access-check';

/**
 * Which check failed, with the values the browsers' messages are built from. Every browser's
 * message table (`messages/*-table.ts`) is a `Record` over these kinds: a new kind is a compile
 * error until each browser says what it prints for it.
 */
export type Check =
  /** A request to a URL whose scheme CORS does not support. */
  | { kind: 'scheme' }
  /** The CORS check (ACAO/ACAC) of a response; `redirected`: the checked response was a redirect. */
  | { kind: 'access'; access: AccessProblem; preflight: boolean; redirected: boolean; redirectTo?: string }
  /** The preflight response was a redirect (no engine follows one). */
  | { kind: 'preflight-redirect' }
  /** The preflight status is not 2xx. */
  | { kind: 'preflight-status' }
  /** Access-Control-Allow-Methods / -Headers does not parse; `invalid` is the first bad element. */
  | { kind: 'list-unparsable'; list: 'methods' | 'headers'; value: string; invalid: string }
  | { kind: 'method-not-allowed'; method: string }
  /** `name` lowercase; `spelled` as the engine names it (the page's spelling where WebKit keeps it). */
  | { kind: 'header-not-allowed'; name: string; spelled: string }
  /**
   * A redirect's Location refused before or by CORS: userinfo, a scheme the network layer refuses
   * (data:, file:), one the engine refuses itself before CORS (WebKit: ftp:), any other non-http(s).
   */
  | { kind: 'location'; location: string; from: string; refusal: 'credentials' | 'unsafe-scheme' | 'refused-scheme' | 'non-http' }
  | { kind: 'mode-same-origin' }
  | { kind: 'no-cors-redirect-mode' }
  /** A no-cors response refused for its Cross-Origin-Resource-Policy by the engine itself. */
  | { kind: 'corp' }
  /** A network error; `corsRequest`: a cross-origin CORS-mode request (Firefox adds its line). */
  | { kind: 'network'; corsRequest: boolean }
  /** The engine itself refused to follow a redirect the page forbade (`redirect: 'error'`). */
  | { kind: 'redirect-mode-error' }
  | { kind: 'local-network'; corsRequest: boolean; preflighted: boolean; websocket: boolean }
  /** A response CORS passed and the page's API refused for its MIME type. */
  | { kind: 'mime'; as: 'eventsource' | 'module-script'; mime: string };

export type CheckKind = Check['kind'];

export interface Problem {
  outcome: Outcome;
  reason: ReasonId;
  phase: Phase;
  hop: number;
  /** URL of the request at the failing hop (what Chrome prints as "Access to … at"). */
  url: string;
  /** The failed check, when one failed (none for allowed, not-CORS and unknown outcomes). */
  check: Check | undefined;
  evidence: Evidence[];
  /** Facts worth telling the user that the decision rests on (cached preflight, …). */
  notes: string[];
  /** The origin the failing check compared against (`null` after a tainting redirect). */
  checkedOrigin?: string | undefined;
  /** Status of the response the failing check looked at. */
  status?: number | undefined;
  /** Verbatim browser error for network findings. */
  error?: string | undefined;
  /**
   * The browser failed the request at a redirect it did not follow, though the redirect passes
   * the checks run: `redirect: 'error'` and a credentialed request without ACAC look the same.
   */
  unfollowedRedirect?: boolean | undefined;
  /** Local Network Access: the target's address space (`loopback`, `local`, …) Chrome names. */
  addressSpace?: string | undefined;
  /** A response CORS passed and the page's API refused for its MIME type (EventSource, module script). */
  refusedAs?: 'eventsource' | 'module-script' | undefined;
}

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
  | 'corp-blocked'
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

/** One engine's result: the neutral problem plus what that browser's messages are made of. */
export interface Finding extends Omit<Problem, 'check'> {
  browser: BrowserId;
  check?: Check | undefined;
  /** Chromium CorsError without `k` (chrome engine only). */
  corsError: string | null;
  /** Chromium's failed parameter; for a MIME refusal, the refused type (every engine). */
  failedParameter?: string | undefined;
  firefoxLines?: FirefoxLine[] | undefined;
  safari?: SafariLine | null | undefined;
}

export const DID_NOT_SUCCEED = 'CORSDidNotSucceed2';

/** A browser's message table: one row per kind of failed check, so none can be left out. */
export type CheckTable<T> = { readonly [K in CheckKind]: (check: Extract<Check, { kind: K }>, p: Problem) => T };

/* What an engine is: its row in ../engine-specs.ts (ENGINES). Rules read these fields, never a browser id. */

/**
 * One check of a preflight response: `redirect` fails on any 3xx, `access` is the ACAO/ACAC check,
 * `status` wants 2xx, `*-parse` read the allow lists, `method`/`headers` match the request to them.
 */
export type PreflightStep = 'redirect' | 'access' | 'status' | 'methods-parse' | 'headers-parse' | 'method' | 'headers';

/**
 * Picks the header the engine names among the disallowed ones (lowercase names), spelled as the
 * engine prints it; `namesAsSent` gives the request's header names as the page spelled them.
 */
export type DisallowedHeaderPick = (unsafeSorted: readonly string[], disallowed: ReadonlySet<string>, namesAsSent: () => readonly string[]) => string | null;

export interface EngineSpec {
  /** Whose error strings are this engine's own (`net::` Chromium, `NS_` Firefox): only those override its simulation. */
  ownErrors: 'chrome' | 'firefox' | null;
  /** The CORS check of one response, with this engine's own classification of a bad ACAO. */
  checkAccess: (input: AccessInput) => AccessProblem | null;
  /** The preflight checks in this engine's order; the first that fails is reported. */
  preflightSteps: readonly PreflightStep[];
  /** Origin a preflight is checked against after a tainting redirect: `null`, or still the page's. */
  preflightOriginAfterTaint: 'null' | 'page';
  /** Whether a method missing from Access-Control-Allow-Methods is allowed anyway (GET/HEAD/POST). */
  implicitlyAllowedMethod: (method: string) => boolean;
  /** The disallowed request header the engine names, when several are. */
  namedDisallowedHeader: DisallowedHeaderPick;
  /** Local Network Access: enforced and reported as a CORS error, as a network error, or absent. */
  localNetworkAccess: 'cors-error' | 'network-error' | 'absent';
  /**
   * Behaviours only the engine itself shows (the others' error strings already say what happened):
   * WebKit's redirect limit, its own refusal of `redirect: 'error'`, the opaque redirect it hands a
   * `redirect: 'manual'` page without an error, its no-cors checks before sending, its CORP check,
   * and a lost connection after a passing preflight reported as a network error.
   */
  redirectLimit: number | null;
  refusesRedirectModeError: boolean;
  manualRedirectWithoutError: boolean;
  noCorsNeedsFollowRedirect: boolean;
  enforcesCorpOnNoCors: boolean;
  lostAfterPreflightIsNetworkError: boolean;
  /** Redirect schemes the engine refuses before CORS sees them (WebKitGTK 2.50: ftp). */
  schemesRefusedAtRedirect: ReadonlySet<string>;
}

