/**
 * Request-mode rules that decide before any header is read (Fetch "main fetch" step 12):
 * WebSockets and navigations are not subject to CORS, a same-origin chain needs no CORS,
 * `mode: 'same-origin'` refuses other origins, `mode: 'no-cors'` gives an opaque response.
 */
import type { BrowserId } from '../model';
import type { ExchangeFacts } from '../facts';
import type { Finding } from './types';
import { isSameOrigin } from '../http/origin';

function finding(browser: BrowserId, facts: ExchangeFacts, f: Partial<Finding> & Pick<Finding, 'outcome' | 'reason'>): Finding {
  return {
    browser,
    phase: 'request',
    hop: 0,
    corsError: null,
    url: facts.hops[0]!.request.url,
    evidence: [],
    notes: [],
    ...f,
  };
}

/** Mode-level verdict, or null when the CORS protocol applies and the hops must be checked. */
export function checkMode(browser: BrowserId, facts: ExchangeFacts): Finding | null {
  const modeEvidence = {
    on: 'request' as const,
    hop: 0,
    field: 'sec-fetch-mode',
    value: facts.mode,
    note: facts.modeBasis === 'sec-fetch-mode' ? 'as sent by the browser' : `derived (${facts.modeBasis})`,
  };
  if (facts.mode === 'websocket') {
    return finding(browser, facts, { outcome: 'not-cors', reason: 'websocket-no-cors', evidence: [modeEvidence] });
  }
  if (facts.mode === 'navigate') {
    return finding(browser, facts, { outcome: 'not-cors', reason: 'navigation', evidence: [modeEvidence] });
  }
  if (facts.initiator !== undefined && !facts.anyCrossOrigin) {
    return finding(browser, facts, {
      outcome: 'not-cors',
      reason: 'same-origin',
      evidence: [{ on: 'request', hop: 0, field: ':url', value: facts.hops[0]!.request.url, note: `same origin as the page (${facts.initiator})` }],
    });
  }
  if (facts.mode === 'same-origin') {
    const i = facts.hops.findIndex((h) => !isSameOrigin(facts.initiator, h.request.url));
    return finding(browser, facts, {
      outcome: 'blocked',
      reason: 'mode-same-origin-violated',
      corsError: browser === 'chrome' ? 'DisallowedByMode' : null,
      hop: Math.max(0, i),
      url: facts.hops[Math.max(0, i)]!.request.url,
      firefoxLines: [],
      safari: browser === 'safari' ? { kind: 'same-origin-mode' } : null,
      evidence: [modeEvidence],
    });
  }
  // WebKit refuses a no-cors fetch whose redirect mode is not 'follow' before sending it.
  const redirectMode = facts.exchange?.pageHint?.redirect;
  if (browser === 'safari' && facts.mode === 'no-cors' && redirectMode !== undefined && redirectMode !== 'follow') {
    return finding(browser, facts, {
      outcome: 'blocked',
      reason: 'no-cors-redirect-mode-not-follow',
      firefoxLines: [],
      safari: { kind: 'no-cors-redirect-mode' },
      evidence: [modeEvidence, { on: 'request', hop: 0, field: ':redirect-mode', value: redirectMode, note: "no-cors requires redirect: 'follow'" }],
    });
  }
  if (facts.mode === 'no-cors') {
    return finding(browser, facts, {
      outcome: 'opaque',
      reason: 'opaque-no-cors-response',
      phase: 'actual',
      hop: facts.hops.length - 1,
      evidence: [modeEvidence],
    });
  }
  return null;
}
