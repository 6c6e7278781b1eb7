/**
 * End to end through the real evaluator: every single-hop lab scenario the browser blocks is
 * turned into an exchange, evaluated, given a policy — and the policy's header sets, applied to
 * the server's answers, must make the evaluator allow the same request.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import type { Exchange, HeaderList } from '../../../../src/core/model';
import { synthesizePolicy } from '../../../../src/core/policy';
import { corsUnsafeRequestHeaderNames } from '../../../../src/core/http/safelist';
import { DEFAULT_PREFLIGHT } from '../../../../src/lab/respond';
import { expandPlaceholders } from '../../../../src/lab/scenarios/build';
import { scenarios } from '../../../../src/lab/scenarios';
import type { ResponseSpec, Scenario } from '../../../../src/lab/scenario-types';

const PAGE = 'http://localhost:5173';
const THIRD = 'http://localhost:8082';

function apiOf(s: Scenario): string {
  return s.request.target === 'api-same-site' ? 'http://127.0.0.1:8081' : 'http://localhost:8081';
}

function headersOf(spec: ResponseSpec, api: string): HeaderList {
  return (spec.headers ?? []).map(([name, value]) => ({ name, value: expandPlaceholders(value, PAGE, { page: PAGE, api, third: THIRD }) }));
}

interface Answers {
  preflight: ResponseSpec;
  actual: ResponseSpec;
}

/** The exchange a browser would record for this scenario's request against these answers. */
function toExchange(s: Scenario, answers: Answers, method: string, preflightFailed: boolean): Exchange {
  const api = apiOf(s);
  const url = `${api}/s/${s.id}/main`;
  const pageHeaders: HeaderList = Object.entries(s.request.headers ?? {}).map(([name, value]) => ({ name, value }));
  const unsafe = corsUnsafeRequestHeaderNames(pageHeaders);
  const needsPreflight = !['GET', 'HEAD', 'POST'].includes(method) || unsafe.length > 0;
  const origin = { name: 'Origin', value: PAGE };
  const request = {
    id: `${s.id}:actual`,
    source: 'har' as const,
    url,
    method,
    startTime: 2,
    requestHeaders: preflightFailed ? pageHeaders : [origin, ...pageHeaders],
    ...(preflightFailed ? { status: 0, requestHeadersProvisional: true, error: 'net::ERR_FAILED' } : { status: answers.actual.status, responseHeaders: headersOf(answers.actual, api) }),
  };
  const hop: Exchange['hops'][number] = { request };
  if (needsPreflight) {
    hop.preflight = {
      id: `${s.id}:preflight`,
      source: 'har',
      url,
      method: 'OPTIONS',
      startTime: 1,
      preflightHint: true,
      requestHeaders: [origin, { name: 'Access-Control-Request-Method', value: method }, ...(unsafe.length ? [{ name: 'Access-Control-Request-Headers', value: unsafe.join(',') }] : [])],
      status: answers.preflight.status,
      responseHeaders: headersOf(answers.preflight, api),
    };
  }
  return { id: s.id, initiatorOrigin: PAGE, url, method, hops: [hop], ...(preflightFailed ? { actualNeverSent: true } : {}), startTime: 1 };
}

function run(s: Scenario, answers: Answers, method = s.request.method) {
  const opts = { credentials: s.request.credentials ?? ('same-origin' as const), mode: 'cors' as const };
  let x = toExchange(s, answers, method, false);
  let v = evaluate(x, opts);
  if (v.phase === 'preflight' && v.outcome !== 'allowed') {
    x = toExchange(s, answers, method, true);
    v = evaluate(x, opts);
  }
  return { x, v };
}

/** Scenarios a single-hop exchange can express: cors mode, the API origin, no redirect. */
const SINGLE_HOP = scenarios.filter((s) => {
  const main = s.server.main;
  return (
    main !== undefined &&
    (s.request.target === 'api' || s.request.target === 'api-same-site') &&
    (s.request.mode ?? 'cors') === 'cors' &&
    main.actual.redirect === undefined &&
    main.preflight?.redirect === undefined
  );
});

describe('policies make lab scenarios pass (real evaluator)', () => {
  const blocked = SINGLE_HOP.map((s) => ({ s, ...run(s, { preflight: s.server.main!.preflight ?? DEFAULT_PREFLIGHT, actual: s.server.main!.actual }) })).filter(
    (r) => r.v.outcome === 'blocked',
  );

  it('has blocked scenarios of many reasons to check', () => {
    expect(blocked.length).toBeGreaterThanOrEqual(15);
    expect(new Set(blocked.map((r) => r.v.reason)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(blocked.map((r) => [r.s.id, r] as const))('%s', (_id, { s, x, v }) => {
    const p = synthesizePolicy(x, v);
    expect(p.reason).toBe(v.reason);
    expect(p.allowOrigins).toEqual([PAGE]);
    // Apply the fix: the client change (method case) and the complete header sets, non-CORS headers kept.
    const method = p.clientChange && /method/i.test(p.clientChange.description) ? s.request.method.toUpperCase() : s.request.method;
    const keep = (spec: ResponseSpec) => (spec.headers ?? []).filter(([n]) => !/^(access-control-|vary$)/i.test(n));
    const actual = s.server.main!.actual;
    const fixed: Answers = {
      preflight: { status: p.preflightStatus ?? 204, headers: Object.entries(p.responseHeaders.preflight) },
      actual: { status: actual.status, headers: [...keep(actual), ...Object.entries(p.responseHeaders.actual)] },
    };
    const after = run(s, fixed, method);
    expect(after.v.outcome, `${v.reason} → ${after.v.reason}\n${p.steps.join('\n')}`).toBe('allowed');
    // The fixed exchange needs no further required change.
    expect(synthesizePolicy(after.x, after.v).diff.filter((c) => c.required)).toEqual([]);
  });
});
