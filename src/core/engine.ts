/**
 * One engine's walk over an exchange, in the browser's own order: Local Network Access → mode →
 * for each hop (scheme → preflight → the response's arrival → its CORS check → the redirect it
 * asks for → taint) → allowed. Stops at the first failing check, like the browser, which reports
 * only one. The walk is browser-neutral: it reads the engine's row (engine-specs.ts) and returns a
 * Problem, which messages/render.ts turns into that browser's Finding.
 */
import type { BrowserId } from './model';
import type { ExchangeFacts } from './facts';
import { ENGINES, type EngineSpec } from './engine-specs';
import { isHttpScheme, isSameOrigin } from './http/origin';
import { renderFinding } from './messages/render';
import { detectLocalNetworkBlock, localNetworkProblem } from './rules/local-network';
import { checkMode } from './rules/mode';
import { classifyError } from './rules/network';
import { websocketProblem } from './rules/not-cors';
import { redirectTarget } from './rules/redirect';
import type { Finding, Problem } from './rules/types';
import { problem, withNetworkOverride } from './engine-problems';
import { checkArrival, checkHopPreflight, checkRedirect, checkResponse, finalProblem, type Walk } from './engine-hop';

export interface EngineRun {
  credentials: boolean;
}

export function runEngine(browser: BrowserId, facts: ExchangeFacts, run: EngineRun): Finding {
  return renderFinding(browser, walkExchange(ENGINES[browser], facts, run));
}

/** The problem one engine finds with an exchange (outcome `allowed`, reason `ok` when none). */
export function walkExchange(spec: EngineSpec, facts: ExchangeFacts, run: EngineRun): Problem {
  // Local Network Access refuses before anything is sent, whatever the mode (no-cors, WebSocket too).
  const lna = facts.mode === 'navigate' ? null : detectLocalNetworkBlock(facts);
  if (lna) return localNetworkProblem(spec, facts, lna, []);
  const byMode = checkMode(spec, facts);
  if (byMode?.reason === 'websocket-no-cors') return websocketProblem(byMode, facts);
  if (byMode) return withNetworkOverride(facts, byMode);

  if (facts.initiator === undefined) {
    return problem(0, facts.hops[0]!.request.url, 'unknown', 'unknown', 'request', [
      'The origin of the page that made the request is unknown (no initiator, no Origin header), so CORS cannot be evaluated.',
    ]);
  }
  const w: Walk = { spec, facts, credentials: run.credentials, initiator: facts.initiator, corsActive: false, tainted: false, notes: [] };
  for (let i = 0; i < facts.hops.length; i++) {
    const stop = walkHop(w, i);
    if (stop) return stop;
  }
  return problem(0, facts.url, 'unknown', 'unknown', 'request', w.notes);
}

/** One hop's checks; null when the walk follows its redirect to the next hop. */
function walkHop(w: Walk, i: number): Problem | null {
  const hop = w.facts.hops[i]!;
  const next = w.facts.hops[i + 1];
  const url = hop.request.url;
  if (!w.corsActive && !isSameOrigin(w.initiator, url)) w.corsActive = true;
  const checkedOrigin = w.tainted ? 'null' : w.initiator;

  if (w.corsActive && !isHttpScheme(url)) {
    const p = problem(i, url, 'blocked', 'cors-disabled-scheme', 'request', w.notes);
    p.check = { kind: 'scheme' };
    p.evidence = [{ on: 'request', hop: i, field: ':url', value: url, note: 'CORS requests only work over http(s)' }];
    return p;
  }
  const preflight = w.corsActive ? checkHopPreflight(w, i, checkedOrigin) : null;
  if (preflight) return preflight;

  const err = classifyError(hop.request.error);
  const missing = checkArrival(w, i, err);
  if (missing) return missing;
  const target = redirectTarget(hop, next);
  const access = w.corsActive ? checkResponse(w, i, checkedOrigin, target) : null;
  if (access) return access;
  if (target !== null) {
    const refused = checkRedirect(w, i, target);
    if (refused) return refused;
    if (next) return null;
    // The chain ends at a redirect the browser did not follow (manual mode, or capture ended).
    w.notes.push('The last captured response is a redirect that was not followed.');
  }
  return finalProblem(w, i, err, target);
}
