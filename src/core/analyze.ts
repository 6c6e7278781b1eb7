/**
 * The one entry point every view calls (background, panel, CLI): pair the observations into
 * exchanges, drop the ones CORS does not apply to (unless asked), and evaluate the rest.
 */
import { evaluate } from './evaluate';
import type { AnalyzedExchange, EvaluateOptions, Exchange, Observation } from './model';
import { pairExchanges } from './pair';
import { isSameOrigin } from './http/origin';

export interface AnalyzeOptions extends EvaluateOptions {
  /** Keep same-origin and other non-CORS exchanges (verdict outcome `not-cors`). Default false. */
  includeSameOrigin?: boolean;
}

export function analyze(observations: Observation[], options: AnalyzeOptions = {}): AnalyzedExchange[] {
  return analyzeExchanges(pairExchanges(observations), options);
}

/** The filtering and evaluation half of `analyze`, for callers that enrich the paired exchanges first. */
export function analyzeExchanges(exchanges: Exchange[], options: AnalyzeOptions = {}): AnalyzedExchange[] {
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
