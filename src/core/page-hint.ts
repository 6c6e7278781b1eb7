/**
 * How the evaluator uses `Exchange.pageHint` (what the page itself saw of the call, see
 * src/sources/page-hints.ts): it fills the options no network API can — credentials mode, request
 * mode, initiator kind — unless the caller gave them (the what-if editor's choices win). The hint
 * may come from an imported file, so it is checked field by field here.
 */
import type { CredentialsMode, EvaluateOptions, Exchange, PageHint, Verdict } from './model';

const CREDENTIALS: readonly CredentialsMode[] = ['omit', 'same-origin', 'include'];
const MODES: ReadonlyArray<NonNullable<PageHint['mode']>> = ['cors', 'no-cors', 'same-origin'];
/** Rejections that mean "network error" to the page (CORS failures among them); not aborts or timeouts. */
const NETWORK_REJECTIONS = new Set(['TypeError', 'NetworkError']);

function hintOf(exchange: Exchange | undefined): Partial<PageHint> | undefined {
  const h = (exchange as { pageHint?: unknown } | undefined)?.pageHint;
  return h && typeof h === 'object' ? (h as Partial<PageHint>) : undefined;
}

export interface HintedOptions {
  options: EvaluateOptions;
  /** Set when the credentials mode came from the hint: the sentence that says how it was seen. */
  credentialsSeen?: string;
}

function credentialsSentence(h: Partial<PageHint>, mode: CredentialsMode): string {
  if (h.kind === 'xhr') return `The page's XMLHttpRequest had withCredentials = ${mode === 'include'}, so its credentials mode is ${mode}.`;
  if (h.kind === 'element') return `The element's crossorigin attribute is ${mode === 'include' ? '"use-credentials"' : '"anonymous"'}, so its credentials mode is ${mode}.`;
  if (h.kind === 'eventsource') return `The page opened its EventSource with withCredentials: ${mode === 'include'}, so its credentials mode is ${mode}.`;
  return `The page called fetch with credentials: '${mode}'.`;
}

/** The options with whatever the page hint adds (never overriding what the caller set). */
export function applyPageHint(exchange: Exchange, options: EvaluateOptions): HintedOptions {
  const h = hintOf(exchange);
  if (!h) return { options };
  const out: EvaluateOptions = { ...options };
  let credentialsSeen: string | undefined;
  if (!out.credentials && CREDENTIALS.includes(h.credentials as CredentialsMode)) {
    out.credentials = h.credentials as CredentialsMode;
    credentialsSeen = credentialsSentence(h, out.credentials);
  }
  if (!out.mode && MODES.includes(h.mode as NonNullable<PageHint['mode']>)) out.mode = h.mode as NonNullable<PageHint['mode']>;
  if (!out.initiatorKind && h.kind === 'xhr') out.initiatorKind = 'XMLHttpRequest';
  if (!out.initiatorKind && h.kind === 'fetch') out.initiatorKind = 'fetch';
  return credentialsSeen ? { options: out, credentialsSeen } : { options: out };
}

/** Credentials taken from the hint were observed, not given by the caller: say so on the verdict. */
export function notePageHint(verdict: Verdict, hinted: HintedOptions): Verdict {
  if (!hinted.credentialsSeen || verdict.credentials.basis !== 'given') return verdict;
  verdict.credentials = { mode: verdict.credentials.mode, basis: 'observed', note: hinted.credentialsSeen };
  return verdict;
}

/**
 * The page saw the call fail as a network error (fetch rejected with a TypeError, XHR `error`):
 * what a CORS block looks like from the page, and the only sign of one where webRequest reports
 * a normal completion (Firefox).
 */
export function pageSawNetworkError(exchange: Exchange | undefined): boolean {
  const h = hintOf(exchange);
  return h?.outcome === 'rejected' && typeof h.error === 'string' && NETWORK_REJECTIONS.has(h.error);
}

/**
 * The page received the response: its fetch resolved, its XHR loaded, its EventSource opened.
 * A browser hands a cross-origin response to the page only once the CORS check passed.
 */
export function pageSawResponse(exchange: Exchange | undefined): boolean {
  return hintOf(exchange)?.outcome === 'resolved';
}

/**
 * A page hint may refine what the browser reported, never contradict it. Chromium reports every
 * request it blocks for CORS as failed (webRequest `net::ERR_FAILED`, a HAR `_error`); one it
 * completed — every hop without an error, the last one answered — was not blocked, whatever the
 * page claims about its call (a forged `credentials: 'include'` would otherwise turn it red).
 */
export function chromiumCompletedIt(exchange: Exchange, options: EvaluateOptions): boolean {
  if ((options.browser ?? 'chrome') !== 'chrome' || exchange.actualNeverSent || exchange.inFlight !== undefined) return false;
  const hops = exchange.hops;
  if (hops.length === 0) return false;
  for (const hop of hops) if (hop.request.error !== undefined || hop.preflight?.error !== undefined) return false;
  const last = hops[hops.length - 1]!.request;
  return typeof last.status === 'number' && last.status > 0;
}

/** What the verdict says when the page's report was set aside for contradicting the browser. */
export function hintSetAsideNote(hinted: HintedOptions): string {
  const what = hinted.options.credentials === 'include' ? "credentials: 'include'" : 'that this call failed';
  return `The page reported ${what}, but Chromium completed the request without a CORS error, so it was not blocked: the page's report was set aside.`;
}
