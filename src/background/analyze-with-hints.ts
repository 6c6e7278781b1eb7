/**
 * The background's analyzer: `core/analyze` with one step added — page hints are attached to the
 * paired exchanges before they are evaluated (the hint has to be on the exchange when the
 * evaluator reads it). Without hints it is exactly `analyze`.
 */
import { analyze, type AnalyzeOptions } from '../core/analyze';
import { evaluate } from '../core/evaluate';
import type { AnalyzedExchange, Exchange, Observation, PageHint } from '../core/model';
import { pairExchanges } from '../core/pair';
import { isSameOrigin } from '../core/http/origin';
import { attachPageHints } from '../sources/page-hints';

export function analyzeWithHints(observations: Observation[], hints: readonly PageHint[], options: AnalyzeOptions = {}): AnalyzedExchange[] {
  if (hints.length === 0) return analyze(observations, options);
  const { includeSameOrigin = false, ...evaluateOptions } = options;
  const exchanges = pairExchanges(observations);
  attachPageHints(exchanges, hints);
  const analyzed: AnalyzedExchange[] = [];
  // The same filters as core/analyze (the unit tests hold the two to the same output).
  for (const exchange of exchanges) {
    if (!includeSameOrigin && staysSameOrigin(exchange)) continue;
    const verdict = evaluate(exchange, evaluateOptions);
    if (!includeSameOrigin && verdict.outcome === 'not-cors') continue;
    analyzed.push({ exchange, verdict });
  }
  return analyzed;
}

function staysSameOrigin(exchange: Exchange): boolean {
  const origin = exchange.initiatorOrigin;
  if (typeof origin !== 'string') return false;
  for (const hop of exchange.hops) if (!isSameOrigin(hop.request.url, origin)) return false;
  return true;
}
