/**
 * Request-mode rules that decide before any header is read (Fetch "main fetch" step 12):
 * WebSockets and navigations are not subject to CORS, a same-origin chain needs no CORS,
 * `mode: 'same-origin'` refuses other origins, `mode: 'no-cors'` gives an opaque response.
 */
import type { ExchangeFacts } from '../facts';
import type { EngineSpec } from './types';
import type { Problem } from './types';
import { getHeader } from '../http/headers';
import { isSameOrigin, isSameSiteApprox } from '../http/origin';
import { pageSawNetworkError } from '../page-hint';

function problem(facts: ExchangeFacts, f: Partial<Problem> & Pick<Problem, 'outcome' | 'reason'>): Problem {
  return {
    phase: 'request',
    hop: 0,
    url: facts.hops[0]!.request.url,
    check: undefined,
    evidence: [],
    notes: [],
    ...f,
  };
}

/** Mode-level verdict, or null when the CORS protocol applies and the hops must be checked. */
export function checkMode(spec: EngineSpec, facts: ExchangeFacts): Problem | null {
  const modeEvidence = {
    on: 'request' as const,
    hop: 0,
    field: 'sec-fetch-mode',
    value: facts.mode,
    note: facts.modeBasis === 'sec-fetch-mode' ? 'as sent by the browser' : `derived (${facts.modeBasis})`,
  };
  if (facts.mode === 'websocket') {
    return problem(facts, { outcome: 'not-cors', reason: 'websocket-no-cors', evidence: [modeEvidence] });
  }
  if (facts.mode === 'navigate') {
    return problem(facts, { outcome: 'not-cors', reason: 'navigation', evidence: [modeEvidence] });
  }
  if (facts.initiator !== undefined && !facts.anyCrossOrigin) {
    return problem(facts, {
      outcome: 'not-cors',
      reason: 'same-origin',
      evidence: [{ on: 'request', hop: 0, field: ':url', value: facts.hops[0]!.request.url, note: `same origin as the page (${facts.initiator})` }],
    });
  }
  if (facts.mode === 'same-origin') {
    const i = facts.hops.findIndex((h) => !isSameOrigin(facts.initiator, h.request.url));
    return problem(facts, {
      outcome: 'blocked',
      reason: 'mode-same-origin-violated',
      check: { kind: 'mode-same-origin' },
      hop: Math.max(0, i),
      url: facts.hops[Math.max(0, i)]!.request.url,
      evidence: [modeEvidence],
    });
  }
  // WebKit refuses a no-cors fetch whose redirect mode is not 'follow' before sending it.
  const redirectMode = facts.exchange?.pageHint?.redirect;
  if (spec.noCorsNeedsFollowRedirect && facts.mode === 'no-cors' && redirectMode !== undefined && redirectMode !== 'follow') {
    return problem(facts, {
      outcome: 'blocked',
      reason: 'no-cors-redirect-mode-not-follow',
      check: { kind: 'no-cors-redirect-mode' },
      evidence: [modeEvidence, { on: 'request', hop: 0, field: ':redirect-mode', value: redirectMode, note: "no-cors requires redirect: 'follow'" }],
    });
  }
  if (spec.enforcesCorpOnNoCors && facts.mode === 'no-cors') {
    const corp = corpBlock(facts);
    if (corp) return corp;
  }
  if (facts.mode === 'no-cors') {
    return problem(facts, {
      outcome: 'opaque',
      reason: 'opaque-no-cors-response',
      phase: 'actual',
      hop: facts.hops.length - 1,
      evidence: [modeEvidence],
    });
  }
  return null;
}

/**
 * An engine that checks it itself (WebKit) refuses a no-cors response whose Cross-Origin-Resource-Policy excludes the page, with a
 * line of its own (WebKitGTK 2.50, lab scenarios notcors-corp-*). Only when the page saw the
 * failure: the header alone does not say the browser enforced it.
 */
function corpBlock(facts: ExchangeFacts): Problem | null {
  const last = facts.hops[facts.hops.length - 1]!.request;
  const corp = getHeader(last.responseHeaders, 'cross-origin-resource-policy')?.trim().toLowerCase();
  if (!corp || !pageSawNetworkError(facts.exchange)) return null;
  const excluded = corp === 'same-origin' ? !isSameOrigin(facts.initiator, last.url) : corp === 'same-site' ? !isSameSiteApprox(facts.initiator, last.url) : false;
  if (!excluded) return null;
  return problem(facts, {
    outcome: 'network-error',
    reason: 'corp-blocked',
    phase: 'actual',
    hop: facts.hops.length - 1,
    url: last.url,
    check: { kind: 'corp' },
    evidence: [{ on: 'response', hop: facts.hops.length - 1, field: 'cross-origin-resource-policy', value: corp, note: 'excludes the page' }],
  });
}
