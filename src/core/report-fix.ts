/**
 * The `fix` member of a JSON report entry: the policy for the exchange and every stack's snippet.
 * Kept out of report.ts so the panel can load the (heavy) fix engine lazily and pass this in.
 */
import type { AnalyzedExchange } from './model';
import { describeDiff, synthesizePolicy } from './policy';
import type { ClientChange, FixKind, FixPolicy } from './policy';
import { REQUEST_SPECIFIC_STACKS, renderStacks, STACKS, type RenderedFix } from './fixes/index';
import { requestUrlShape } from './fixes/model';

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

// Many exchanges of one session share a policy, and differ only in their URLs. Every stack but the
// few that quote the request itself (REQUEST_SPECIFIC_STACKS) reads the URL only through its
// origin, port and path prefix: those are rendered once per policy and URL shape, and the same
// snippet objects are shared by all such exchanges (report-snippets-json.ts serialises each once).
const sharedCache = new Map<string, ReportFix['snippets']>();
const SNIPPET_CACHE_MAX = 500;
const SHARED_STACKS = STACKS.map((s) => s.id).filter((id) => !REQUEST_SPECIFIC_STACKS.includes(id));

/** The report's fix for a policy, with the snippets given (one shape for every way they are rendered). */
export function reportFixOf(policy: FixPolicy, snippets: ReportFix['snippets']): ReportFix {
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

/** Null when there is nothing to change (an allowed exchange without warnings, same-origin…). */
export function reportFix({ exchange, verdict }: AnalyzedExchange): ReportFix | null {
  const policy = synthesizePolicy(exchange, verdict);
  if (policy.kind === 'none' && policy.diff.length === 0) return null;
  const { request, ...rest } = policy;
  const key = JSON.stringify([rest, requestUrlShape(request.url)]);
  let shared = sharedCache.get(key);
  if (!shared) {
    shared = snippetsOf(renderStacks(policy, SHARED_STACKS));
    if (sharedCache.size >= SNIPPET_CACHE_MAX) sharedCache.clear();
    sharedCache.set(key, shared);
  }
  const own = snippetsOf(renderStacks(policy, REQUEST_SPECIFIC_STACKS));
  // Registry order, as renderAll gives them.
  const snippets: ReportFix['snippets'] = {};
  for (const { id } of STACKS) {
    const s = shared[id] ?? own[id];
    if (s) snippets[id] = s;
  }
  return reportFixOf(policy, snippets);
}

function snippetsOf(rendered: Record<string, RenderedFix>): ReportFix['snippets'] {
  const out: ReportFix['snippets'] = {};
  for (const [id, r] of Object.entries(rendered)) out[id] = { label: r.label, code: r.code };
  return out;
}
