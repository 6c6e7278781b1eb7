/**
 * The fix policy: the smallest safe server (or client) change that makes one diagnosed exchange
 * pass. Renderers in `src/core/fixes/` turn it into copy-ready code for one server stack each.
 */
import type { Header, ReasonId } from '../model';

export type FixKind = 'server-headers' | 'server-behaviour' | 'client' | 'none';

/** Which response a header change applies to. */
export type ChangeTarget = 'preflight' | 'actual' | 'redirect';

/**
 * One concrete change to one observed response. `name` is a header name in its usual spelling,
 * or `:status` for the status code. `from` is the observed value (fields joined with ", "), null
 * when absent.
 */
export interface HeaderChange {
  response: ChangeTarget;
  /** Index of the hop in `Exchange.hops`. */
  hop: number;
  /** Method of the request this response answers (`OPTIONS` for the preflight). */
  method: string;
  /**
   * add: the header is absent; set: replace the observed value; remove: drop it entirely;
   * remove-duplicate: two layers send it, keep exactly one field.
   */
  action: 'add' | 'set' | 'remove' | 'remove-duplicate';
  name: string;
  from: string | null;
  /** The value to send (absent for `remove`). */
  to?: string;
  /** True when the exchange fails without this change; false for hardening/performance. */
  required: boolean;
  /** False when the response was never observed (e.g. the actual request was never sent). */
  observed: boolean;
  /** One plain sentence: why. */
  note: string;
}

/** What a client code change looks like (shown when the client is at fault). */
export interface ClientChange {
  description: string;
  before?: string;
  after?: string;
}

/** The request as curl should reproduce it; secrets already redacted. */
export interface ReproRequest {
  url: string;
  method: string;
  /** The Origin to send (the page's origin). Null when unknown. */
  origin: string | null;
  /** Request headers the page set (forbidden and browser-set headers left out), values redacted. */
  headers: Header[];
  /** Whether a preflight precedes the request. */
  preflight: boolean;
  /** Sorted lowercase names the preflight announces in Access-Control-Request-Headers. */
  preflightHeaderNames: string[];
  credentials: boolean;
}

export interface FixPolicy {
  kind: FixKind;
  /** The taxonomy reason this policy answers (verdict.reason). */
  reason: ReasonId;
  /** Exact serialized origins to allow; never `*`, never `null`. */
  allowOrigins: string[];
  /** Methods exactly as they must appear in Access-Control-Allow-Methods (case-sensitive). */
  allowMethods: string[];
  /** Lowercase request-header names to allow (the CORS-unsafe names the request sends). */
  allowHeaders: string[];
  allowCredentials: boolean;
  /** Non-safelisted response headers the page may read. */
  exposeHeaders: string[];
  /** Whether the request is preflighted (OPTIONS must be answered). */
  preflight: boolean;
  /** Access-Control-Max-Age in seconds (≤ 600: Safari's cap, below Chrome's 7200 and Firefox's 86400). */
  maxAge?: number;
  /** Status the OPTIONS answer must use (204), answered before auth middleware. */
  preflightStatus?: number;
  /** The complete CORS header set each response must carry, for the allowed origin. */
  responseHeaders: { preflight: Record<string, string>; actual: Record<string, string> };
  /** Concrete changes against the observed responses. */
  diff: HeaderChange[];
  /** Plain-language steps, most important first. */
  steps: string[];
  clientChange?: ClientChange;
  /** The request to reproduce with curl (secrets redacted). */
  request: ReproRequest;
  /** Values the policy refused to put in an allow-list (invalid origin, `null`, non-token names). */
  rejected: string[];
}
