/**
 * The one pipeline every view calls (background, panel, CLI, tests): pair the observations into
 * exchanges, attach the page hints that describe them, drop the exchanges CORS does not apply to
 * (unless asked), and evaluate the rest.
 */
import { evaluate } from './evaluate';
import type { AnalyzedExchange, EvaluateOptions, Exchange, Observation, PageHint } from './model';
import { pairExchanges } from './pair';
import { attachPageHints } from './pairing/page-hints';
import { isSameOrigin } from './http/origin';

export interface AnalyzeOptions extends EvaluateOptions {
  /** Keep same-origin and other non-CORS exchanges (verdict outcome `not-cors`). Default false. */
  includeSameOrigin?: boolean;
  /**
   * What the page saw of its own calls (src/sources/page-hints.ts validates them). Each is attached
   * to the exchange it describes before evaluation; without hints the result is the same as before.
   */
  hints?: readonly PageHint[];
}

export function analyze(observations: Observation[], options: AnalyzeOptions = {}): AnalyzedExchange[] {
  const { hints, ...rest } = options;
  const exchanges = pairExchanges(observations);
  if (hints && hints.length > 0) attachPageHints(exchanges, hints);
  return analyzeExchanges(exchanges, rest);
}

/** The filtering and evaluation half of `analyze`, for callers that already hold exchanges (the WebKit tests build theirs from the lab's log). */
export function analyzeExchanges(exchanges: Exchange[], options: Omit<AnalyzeOptions, 'hints'>): AnalyzedExchange[] {
  const { includeSameOrigin = false, ...evaluateOptions } = options;
  const analyzed: AnalyzedExchange[] = [];
  for (const exchange of exchanges) {
    // Cheap pre-filter: most of a page's traffic is same-origin; no need to evaluate it.
    if (!includeSameOrigin && staysSameOrigin(exchange)) continue;
    const verdict = evaluate(exchange, evaluateOptions);
    // WebSockets stay listed: "this is not CORS" is what someone debugging one needs to hear.
    if (!includeSameOrigin && verdict.outcome === 'not-cors' && verdict.reason !== 'websocket-no-cors') continue;
    analyzed.push({ exchange, verdict });
  }
  return analyzed;
}

/** Every hop stays on the page's own origin (a redirect elsewhere makes it a CORS request). */
function staysSameOrigin(exchange: Exchange): boolean {
  const origin = exchange.initiatorOrigin;
  if (typeof origin !== 'string') return false;
  for (const hop of exchange.hops) if (!isSameOrigin(hop.request.url, origin)) return false;
  return true;
}
