/**
 * The what-if draft judged by the very same `evaluate` the background uses. Apart from the
 * editor's model (what-if.ts) because it pulls in the evaluator: it rides in the fix-engine chunk.
 */
import { evaluate } from '../core/evaluate';
import type { AnalyzedExchange, BrowserId } from '../core/model';
import { applyDraft, type WhatIfDraft } from './what-if';

/** The draft's exchange judged by `evaluate`, from the same browser's point of view. */
export function evaluateDraft(a: AnalyzedExchange, draft: WhatIfDraft, browser: BrowserId): AnalyzedExchange {
  const exchange = applyDraft(a, draft);
  const verdict = evaluate(exchange, {
    browser,
    credentials: draft.credentials ?? a.verdict.credentials.mode,
    mode: a.verdict.requestMode,
  });
  return { exchange, verdict };
}
