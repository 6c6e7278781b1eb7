/**
 * The `fix` member of a JSON report entry: the policy for the exchange and every stack's snippet.
 * Kept out of report.ts so the panel can load the (heavy) fix engine lazily and pass this in.
 */
import type { AnalyzedExchange } from './model';
import { describeDiff, synthesizePolicy } from './policy';
import type { ClientChange, FixKind } from './policy';
import { renderAll } from './fixes/index';

export interface ReportFix {
  kind: FixKind;
  /** The complete CORS header set each response must carry. */
  responseHeaders: { preflight: Record<string, string>; actual: Record<string, string> };
  /** Status the OPTIONS answer must use, or null when no preflight is involved. */
  preflightStatus: number | null;
  /** Plain-language steps, most important first. */
  steps: string[];
  /** The header diff against the observed responses, one sentence per change. */
  diff: string[];
  clientChange: ClientChange | null;
  /** Snippet per server stack id (`express`, `nginx`, `curl`, …). */
  snippets: Record<string, { label: string; code: string }>;
}

// Many exchanges of one session share a policy; rendering 23 stacks once per distinct policy
// keeps large HAR files fast.
const snippetCache = new Map<string, ReportFix['snippets']>();
const SNIPPET_CACHE_MAX = 500;

/** Null when there is nothing to change (an allowed exchange without warnings, same-origin…). */
export function reportFix({ exchange, verdict }: AnalyzedExchange): ReportFix | null {
  const policy = synthesizePolicy(exchange, verdict);
  if (policy.kind === 'none' && policy.diff.length === 0) return null;
  const key = JSON.stringify([policy.kind, policy.reason, policy.allowOrigins, policy.allowMethods, policy.allowHeaders,
    policy.allowCredentials, policy.exposeHeaders, policy.maxAge, policy.preflight, policy.request, policy.clientChange]);
  let snippets = snippetCache.get(key);
  if (!snippets) {
    snippets = {};
    for (const [id, rendered] of Object.entries(renderAll(policy))) snippets[id] = { label: rendered.label, code: rendered.code };
    if (snippetCache.size >= SNIPPET_CACHE_MAX) snippetCache.clear();
    snippetCache.set(key, snippets);
  }
  return {
    kind: policy.kind,
    responseHeaders: policy.responseHeaders,
    preflightStatus: policy.preflight ? (policy.preflightStatus ?? null) : null,
    steps: policy.steps,
    diff: describeDiff(policy.diff),
    clientChange: policy.clientChange ?? null,
    snippets,
  };
}
