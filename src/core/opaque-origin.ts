/**
 * Requests from a document with an opaque origin — a sandboxed iframe (no `allow-same-origin`),
 * a page opened from file://, a data: URL document, or a worker started from one — carry
 * `Origin: null` from the start. That is not a redirect taint, and the fix is on the page's
 * side (serve it over http, drop the sandbox), not "allow null" on the server: any sandboxed page
 * on the web can send `Origin: null`.
 */
import type { ExchangeFacts } from './facts';
import type { Explanation } from './explain-context';
import { getHeader } from './http/headers';
import { displayUrl } from './http/origin';
import type { Finding } from './rules/types';

export const SERVE_OVER_HTTP = 'serve it over http — `npx serve`, `python3 -m http.server`';

/** True when the request's origin was opaque from the start (not after a redirect). */
export function opaqueFromTheStart(f: Finding, facts: ExchangeFacts): boolean {
  return facts.initiator === 'null' && f.reason !== 'redirect-tainted-origin';
}

/** What made the origin opaque, as far as the recording tells. */
export function opaqueCause(facts: ExchangeFacts): string {
  const doc = facts.documentUrl ?? '';
  if (/^file:/i.test(doc)) return `the page was opened from a file (${displayUrl(doc)}), and file:// pages have the opaque origin 'null'`;
  if (/^data:/i.test(doc)) return "the requesting document is a data: URL, which has the opaque origin 'null'";
  return "the requesting document has an opaque origin: a sandboxed iframe (sandbox without allow-same-origin), a page opened from file://, or a data: URL document (or a worker one of them started)";
}

const FIX =
  'Fix it on the page’s side: serve the page over http(s) instead of opening it as a file (' +
  SERVE_OVER_HTTP +
  '), load the frame from a real URL instead of a data: URL, or, for a sandboxed iframe you control, drop the sandbox or add allow-same-origin so it keeps its origin. ' +
  "Do not make the server answer Access-Control-Allow-Origin: null: every sandboxed or data: document on the web sends Origin: null, so that would let any site read the response. If the data is public and sent without credentials, Access-Control-Allow-Origin: * works for opaque origins too.";

/** The explanation of `opaque-origin-mismatch`: the server allowed an origin, but the request's is `null`. */
export function explainOpaqueMismatch(f: Finding, facts: ExchangeFacts): Explanation {
  const res = f.phase === 'preflight' ? facts.hops[f.hop]?.preflight : facts.hops[f.hop]?.request;
  const acao = getHeader(res?.responseHeaders, 'access-control-allow-origin');
  const shown = acao === null ? '(absent)' : `'${acao.length > 200 ? `${acao.slice(0, 200)}…` : acao}'`;
  return {
    summary: `Blocked: the request's Origin is 'null' (an opaque origin, no redirect involved), and the server allows ${shown}.`,
    explanation: `The browser sent Origin: null because ${opaqueCause(facts)}. No redirect was involved. The server at ${displayUrl(f.url)} answers Access-Control-Allow-Origin ${shown}, which does not match 'null'. ${FIX}`,
  };
}

/** Other blocked verdicts from an opaque origin: say why the origin is `null`, and the fix that fits. */
export function withOpaqueOrigin(e: Explanation, f: Finding, facts: ExchangeFacts): Explanation {
  if (f.outcome !== 'blocked' || f.reason === 'opaque-origin-mismatch' || f.reason === 'cors-disabled-scheme' || !opaqueFromTheStart(f, facts)) return e;
  // The generic advice would have the server allow origin 'null': replace it with the real cause.
  const firstSentence = e.explanation.split(/(?<=\.)\s/)[0] ?? e.explanation;
  return { summary: e.summary, explanation: `${firstSentence} The request carried Origin: null because ${opaqueCause(facts)}. ${FIX}` };
}
