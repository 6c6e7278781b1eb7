/**
 * The evaluator: replays each engine's CORS checks on an exchange and returns a Verdict.
 * Credentials mode is never reported by browsers, so it is given, observed (a Cookie header),
 * inferred (only the credentialed reading explains a reported failure) or assumed.
 * Never throws: malformed input yields an `unknown` verdict.
 */
import type { BrowserId, CredentialsMode, EngineResult, EvaluateOptions, Exchange, Verdict } from './model';
import { corsProfileOf, deriveFacts, requestCorsProfile, type ExchangeFacts } from './facts';
import { runEngine } from './engine';
import { applyPageHint, chromiumCompletedIt, hintSetAsideNote, notePageHint } from './page-hint';
import { explain } from './explain';
import { credentialsOnHow } from './initiator';
import { withInitiatorAdvice } from './initiator-advice';
import { withHeaderMemo } from './http/headers';
import { chromeMessage } from './messages/chrome';
import { firefoxKeys, firefoxMessage } from './messages/firefox';
import { safariMessage, type SafariMessageContext } from './messages/safari';
import { lint } from './rules/lint';
import { captureGapWarnings } from './rules/capture-gap';
import type { Finding } from './rules/types';

export { requestCorsProfile };
export type { RequestCorsProfile } from './facts';

const BROWSERS: BrowserId[] = ['chrome', 'firefox', 'safari'];
const CRED_HOW = "fetch `credentials: 'include'` / XHR `withCredentials`";
/** For fetch/XHR the generic words; for an element, EventSource … its own (src/core/initiator.ts). */
const credHow = (facts: ExchangeFacts): string => (facts.initiatedBy.kind === 'fetch' || facts.initiatedBy.kind === 'xhr' ? CRED_HOW : credentialsOnHow(facts.initiatedBy));

interface CredentialsDecision {
  mode: CredentialsMode;
  basis: Verdict['credentials']['basis'];
  inference?: string;
}

function inferenceSentence(reason: string, how: string): string {
  switch (reason) {
    case 'acao-wildcard-with-credentials':
    case 'preflight-acao-wildcard-with-credentials':
      return `The response allows any origin with \`*\`, which only fails for credentialed requests, so the request was sent with credentials (${how}).`;
    case 'acac-invalid':
    case 'preflight-acac-invalid':
      return `The response names the page origin but lacks \`Access-Control-Allow-Credentials: true\`, which only matters for credentialed requests, so the request was sent with credentials (${how}).`;
    case 'preflight-method-not-allowed':
    case 'preflight-header-not-allowed':
      return `The preflight allows \`*\`, which is only literal for credentialed requests, so the request was sent with credentials (${how}).`;
    default:
      return `Only a credentialed request fails these headers, so the request was sent with credentials (${how}).`;
  }
}

/** Each engine's walk, run at most once per credentials mode (inference and verdict share them). */
class EngineRuns {
  private readonly plain: Partial<Record<BrowserId, Finding>> = {};
  private readonly credentialed: Partial<Record<BrowserId, Finding>> = {};
  constructor(private readonly facts: ExchangeFacts) {}
  get(browser: BrowserId, credentials: boolean): Finding {
    const runs = credentials ? this.credentialed : this.plain;
    return (runs[browser] ??= runEngine(browser, this.facts, { credentials }));
  }
}

function decideCredentials(facts: ExchangeFacts, options: EvaluateOptions, runs: EngineRuns): CredentialsDecision {
  if (options.credentials) return { mode: options.credentials, basis: 'given' };
  if (facts.initiatedBy.credentialsControl === 'always-include') {
    return { mode: 'include', basis: 'inferred', inference: 'navigator.sendBeacon always sends credentials: its credentials mode is include.' };
  }
  if (facts.observedCookie) return { mode: 'include', basis: 'observed' };
  if (facts.reportedCorsFailure) {
    const family: BrowserId = facts.errorFamily ?? 'chrome';
    const plain = runs.get(family, false);
    // An unfollowed redirect has a second explanation (redirect: 'error'): credentials stay a guess.
    if (plain.outcome === 'allowed' || (plain.outcome === 'blocked' && plain.reason === 'unknown' && !plain.unfollowedRedirect)) {
      const withCreds = runs.get(family, true);
      if (withCreds.outcome === 'blocked' && withCreds.reason !== 'unknown') {
        return { mode: 'include', basis: 'inferred', inference: inferenceSentence(withCreds.reason, credHow(facts)) };
      }
    }
  }
  return { mode: 'same-origin', basis: 'assumed' };
}

function modeInference(facts: ExchangeFacts): string | null {
  switch (facts.modeBasis) {
    case 'assumed':
      return facts.mode === 'cors' && facts.anyCrossOrigin
        ? 'No Sec-Fetch-Mode or Origin header was captured; assumed a CORS-mode request (fetch/XHR).'
        : null;
    case 'resource-type':
      return `Request mode '${facts.mode}' was derived from the resource type.`;
    default:
      return null;
  }
}

/** What each engine's result carries beyond the common fields (only Chromium has a CorsError). */
const ENGINE_FIELDS: Readonly<Record<BrowserId, (f: Pick<Finding, 'corsError' | 'failedParameter' | 'firefoxLines'>) => Partial<EngineResult>>> = {
  chrome: (f) => (f.corsError !== null && f.failedParameter !== undefined ? { failedParameter: f.failedParameter } : {}),
  firefox: (f) => ({ firefoxKeys: firefoxKeys(f) }),
  safari: () => ({}),
};

function engineResult(f: Finding, message: string | null): EngineResult {
  return {
    browser: f.browser,
    outcome: f.outcome,
    reason: f.reason,
    // messages/render.ts fills a CorsError for Chromium's finding only.
    corsError: f.corsError,
    message,
    phase: f.phase,
    hop: f.hop,
    ...ENGINE_FIELDS[f.browser](f),
  };
}

/** What WebKit's lines depend on: the initiator's generic line, and whether a worker made the request. */
function safariContext(facts: ExchangeFacts, origin: string): SafariMessageContext {
  const who = facts.initiatedBy;
  const context = facts.hops[0]?.request.initiatorContext;
  const ctx: SafariMessageContext = { origin, kind: facts.kind, prefix: who.safariPrefix, inWorker: context !== undefined };
  if (who.safariLine !== undefined) ctx.line = who.safariLine;
  return ctx;
}

function evaluateInner(exchange: Exchange, options: EvaluateOptions): Verdict {
  const facts = deriveFacts(exchange, options);
  const headline: BrowserId = BROWSERS.includes(options.browser as BrowserId) ? (options.browser as BrowserId) : 'chrome';
  const runs = new EngineRuns(facts);
  const credentials = decideCredentials(facts, options, runs);
  const include = credentials.mode === 'include';
  const findings: Record<BrowserId, Finding> = {
    chrome: runs.get('chrome', include),
    firefox: runs.get('firefox', include),
    safari: runs.get('safari', include),
  };

  const origin = facts.initiator ?? 'null';
  const initialUrl = facts.hops[0]!.request.url;
  const messages = {
    chrome: chromeMessage(findings.chrome, { initialUrl, origin, kind: facts.kind, hop: facts.hops[findings.chrome.hop], ...(facts.documentUrl ? { documentUrl: facts.documentUrl } : {}) }),
    firefox: firefoxMessage(findings.firefox, { origin, ...(facts.documentUrl ? { documentUrl: facts.documentUrl } : {}) }),
    safari: safariMessage(findings.safari, safariContext(facts, origin)),
  };
  const engines = {
    chrome: engineResult(findings.chrome, messages.chrome),
    firefox: engineResult(findings.firefox, messages.firefox),
    safari: engineResult(findings.safari, messages.safari),
  };
  const f = findings[headline];
  const { summary, explanation } = withInitiatorAdvice(explain(f, facts), f, facts);
  const inferences: string[] = [];
  if (credentials.inference) inferences.push(credentials.inference);
  const mi = modeInference(facts);
  if (mi) inferences.push(mi);
  for (const note of f.notes) if (!inferences.includes(note)) inferences.push(note);

  // Lint reads the preflight reasons only for CORS-mode requests it has warnings for.
  const lintable = facts.mode === 'cors' && f.outcome !== 'not-cors' && f.outcome !== 'network-error';
  const warnings = [...captureGapWarnings(exchange), ...lint({ facts, finding: f, credentials: include, preflightReasons: lintable ? corsProfileOf(facts).preflightReasons : [] })];

  return {
    outcome: f.outcome,
    reason: f.reason,
    chromiumCorsError: findings.chrome.corsError,
    failedParameter: findings.chrome.corsError !== null ? findings.chrome.failedParameter ?? '' : null,
    phase: f.phase,
    hop: f.hop,
    messages,
    summary,
    explanation,
    evidence: f.evidence,
    inferences,
    warnings,
    // An observed mode is a fact, not an inference: its sentence goes with the mode itself.
    credentials:
      credentials.basis === 'observed'
        ? { mode: credentials.mode, basis: 'observed', note: 'A Cookie header was sent on the cross-origin request, so its credentials mode is include.' }
        : { mode: credentials.mode, basis: credentials.basis },
    requestMode: facts.mode,
    engines,
  };
}

function fallbackVerdict(options: EvaluateOptions | undefined, error: unknown): Verdict {
  const engine = (browser: BrowserId): EngineResult => ({
    browser,
    outcome: 'unknown',
    reason: 'unknown',
    corsError: null,
    message: null,
    phase: 'request',
    hop: 0,
    ...ENGINE_FIELDS[browser]({ corsError: null }),
  });
  return {
    outcome: 'unknown',
    reason: 'unknown',
    chromiumCorsError: null,
    failedParameter: null,
    phase: 'request',
    hop: 0,
    messages: { chrome: null, firefox: null, safari: null },
    summary: 'Not enough data to decide.',
    explanation: `The exchange could not be evaluated (${error instanceof Error ? error.message.slice(0, 200) : 'malformed input'}).`,
    evidence: [],
    inferences: [],
    warnings: [],
    credentials: { mode: options?.credentials ?? 'same-origin', basis: options?.credentials ? 'given' : 'assumed' },
    requestMode: options?.mode ?? 'cors',
    engines: { chrome: engine('chrome'), firefox: engine('firefox'), safari: engine('safari') },
  };
}

export function evaluate(exchange: Exchange, options?: EvaluateOptions): Verdict {
  try {
    // What the page itself saw (exchange.pageHint) fills the options the caller left open.
    const given = options ?? {};
    const hinted = applyPageHint(exchange, given);
    const verdict = notePageHint(withHeaderMemo(() => evaluateInner(exchange, hinted.options)), hinted);
    if (verdict.outcome !== 'blocked' || exchange.pageHint === undefined || !chromiumCompletedIt(exchange, given)) return verdict;
    // Blocked only by what the page claimed, for a request Chromium completed: decide without the claim.
    const plain = withHeaderMemo(() => evaluateInner({ ...exchange, pageHint: undefined }, given));
    if (plain.outcome === 'blocked') return verdict;
    plain.inferences.unshift(hintSetAsideNote(hinted));
    return plain;
  } catch (error) {
    return fallbackVerdict(options, error);
  }
}
