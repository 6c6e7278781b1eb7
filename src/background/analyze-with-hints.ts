/**
 * The background's analyzer: `core/analyze` with one step added — page hints are attached to the
 * paired exchanges before they are evaluated (the hint has to be on the exchange when the
 * evaluator reads it). Without hints it is exactly `analyze`.
 */
import { analyze, analyzeExchanges, type AnalyzeOptions } from '../core/analyze';
import type { AnalyzedExchange, Observation, PageHint } from '../core/model';
import { pairExchanges } from '../core/pair';
import { attachPageHints } from '../sources/page-hints';

export function analyzeWithHints(observations: Observation[], hints: readonly PageHint[], options: AnalyzeOptions = {}): AnalyzedExchange[] {
  if (hints.length === 0) return analyze(observations, options);
  const exchanges = pairExchanges(observations);
  attachPageHints(exchanges, hints);
  return analyzeExchanges(exchanges, options);
}
