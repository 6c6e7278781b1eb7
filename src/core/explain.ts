/**
 * Plain-language summary and explanation for a finding: gathers what the texts name (the
 * concrete header, value, status) once, then renders the reason's entry in ./explain-table.ts.
 */
import type { Hop } from './model';
import type { ExchangeFacts } from './facts';
import { methodOfHop } from './facts';
import { getHeader } from './http/headers';
import { displayUrl } from './http/origin';
import { withOpaqueOrigin } from './opaque-origin';
import type { Finding } from './rules/types';
import { EXPLANATIONS, explainUnknown, type ExplainContext, type Explanation } from './explain-table';

export type { Explanation } from './explain-table';

export function explain(f: Finding, facts: ExchangeFacts): Explanation {
  // A request from an opaque origin (sandboxed, file:, data:) says why its Origin is null.
  return withOpaqueOrigin(explainReason(f, facts), f, facts);
}

function explainReason(f: Finding, facts: ExchangeFacts): Explanation {
  const hop: Hop | undefined = facts.hops[f.hop];
  const origin = facts.initiator ?? 'the page origin';
  const res = f.phase === 'preflight' ? hop?.preflight : hop?.request;
  const headers = res?.responseHeaders;
  const c: ExplainContext = {
    f,
    facts,
    hop,
    origin,
    checked: f.checkedOrigin ?? origin,
    url: displayUrl(f.url),
    res,
    headers,
    acao: getHeader(headers, 'access-control-allow-origin'),
    acac: getHeader(headers, 'access-control-allow-credentials'),
    status: f.status ?? res?.status,
    method: hop ? methodOfHop(hop) : facts.method,
    which: f.phase === 'preflight' ? 'preflight (OPTIONS) response' : f.phase === 'redirect' ? 'redirect response' : 'response',
    notes: f.notes.length > 0 ? ` ${f.notes.join(' ')}` : '',
  };
  // Own-property lookup: a hostile id such as `__proto__` must not reach Object.prototype.
  const render = Object.hasOwn(EXPLANATIONS, f.reason) ? EXPLANATIONS[f.reason] : explainUnknown;
  return render(c);
}
