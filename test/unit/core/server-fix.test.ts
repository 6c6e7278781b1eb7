/**
 * "Fix this server": the merged policy of one server's exchanges, proven by the evaluator. Every
 * exchange the server's headers decide must pass under it, and none that passed may break — as
 * hand-picked cases and as a fast-check property over generated exchange sets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate';
import type { AnalyzedExchange, CredentialsMode, Exchange } from '../../../src/core/model';
import { serverFixes } from '../../../src/core/server-fix/servers';
import { API, PAGE, exchange, type ExchangeSpec } from './fixes/build';

function analyzed(e: Exchange, credentials?: CredentialsMode): AnalyzedExchange {
  return { exchange: e, verdict: evaluate(e, credentials ? { credentials } : {}) };
}

const ACAO: [string, string] = ['Access-Control-Allow-Origin', PAGE];

/** The five lab failures plus a passing request, all against one API server. */
const CATALOGUE: Array<{ name: string; spec: ExchangeSpec; credentials?: CredentialsMode }> = [
  { name: 'no ACAO', spec: { url: `${API}/api/items`, actual: { status: 200, headers: [['Content-Type', 'application/json']] } } },
  {
    name: 'wildcard with credentials',
    spec: { url: `${API}/api/me`, actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['Set-Cookie', 'a=b']] } },
    credentials: 'include',
  },
  {
    name: 'preflight 401 (auth before CORS)',
    spec: { url: `${API}/api/items/1`, method: 'PUT', requestHeaders: [['Content-Type', 'application/json'], ['Authorization', 'Bearer x']], preflight: { status: 401 }, actualNeverSent: true },
  },
  {
    name: 'header not allowed',
    spec: {
      url: `${API}/api/search`, method: 'POST', requestHeaders: [['X-Request-ID', '1']],
      preflight: { status: 204, headers: [ACAO, ['Access-Control-Allow-Methods', 'POST']] }, actualNeverSent: true,
    },
  },
  {
    name: 'method not allowed',
    spec: {
      url: `${API}/api/items/2`, method: 'DELETE',
      preflight: { status: 204, headers: [ACAO, ['Access-Control-Allow-Methods', 'GET, POST']] }, actualNeverSent: true,
    },
  },
  { name: 'passing GET', spec: { url: `${API}/api/health`, actual: { status: 200, headers: [ACAO, ['Vary', 'Origin']] } } },
  {
    name: 'passing preflighted PATCH',
    spec: {
      url: `${API}/api/items/3`, method: 'PATCH',
      preflight: { status: 204, headers: [ACAO, ['Access-Control-Allow-Methods', 'PATCH']] },
      actual: { status: 200, headers: [ACAO, ['Vary', 'Origin']] },
    },
  },
];

const build = (i: number) => analyzed(exchange(CATALOGUE[i]!.spec), CATALOGUE[i]!.credentials);

describe('serverFixes', () => {
  it('merges the five lab failures into one policy that makes every exchange pass', () => {
    const list = CATALOGUE.map((_, i) => build(i));
    expect(list.filter((a) => a.verdict.outcome === 'blocked')).toHaveLength(5);
    const [fix, ...others] = serverFixes(list);
    expect(others).toEqual([]);
    expect(fix!.origin).toBe(API);
    expect(fix!.blocked).toBe(5);
    expect(fix!.verified).toEqual({ pass: 7, of: 7, broken: 0 });
    const p = fix!.policy;
    expect(p.allowOrigins).toEqual([PAGE]);
    expect(p.allowCredentials).toBe(true);
    expect(p.allowMethods).toEqual(expect.arrayContaining(['PUT', 'POST', 'DELETE', 'PATCH']));
    expect(p.allowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-request-id']));
    expect(p.preflightStatus).toBe(204);
    expect(p.responseHeaders.actual).toMatchObject({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
    for (const c of fix!.checks) expect(c.after.verdict.outcome, c.analyzed.exchange.url).toBe('allowed');
  });

  it('lists no server whose exchanges all pass without warnings', () => {
    expect(serverFixes([build(5)])).toEqual([]);
  });

  it('keeps servers apart and puts the most blocked first', () => {
    const other = analyzed(exchange({ url: 'http://127.0.0.1:9000/x', actual: { status: 200 } }));
    const fixes = serverFixes([other, build(0), build(1)]);
    expect(fixes.map((f) => f.origin)).toEqual([API, 'http://127.0.0.1:9000']);
    expect(fixes.map((f) => f.blocked)).toEqual([2, 1]);
  });

  it('does not count what a server header cannot fix (a refused connection) as verified', () => {
    const refused = analyzed(exchange({ url: `${API}/api/down`, actual: { status: 0, error: 'net::ERR_CONNECTION_REFUSED' } }));
    const [fix] = serverFixes([refused, build(0)]);
    expect(fix!.verified).toEqual({ pass: 1, of: 1, broken: 0 });
  });

  it('property: any set of these exchanges gets a policy under which all pass and none breaks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: CATALOGUE.length - 1 }), { minLength: 1 }), (picks) => {
        const fixes = serverFixes(picks.map(build));
        const blockedOrWarned = picks.some((i) => build(i).verdict.outcome === 'blocked' || (build(i).verdict.warnings?.length ?? 0) > 0);
        expect(fixes.length).toBe(blockedOrWarned ? 1 : 0);
        for (const f of fixes) expect(f.verified).toEqual({ pass: f.verified.of, of: picks.length, broken: 0 });
      }),
      { seed: 20261205, numRuns: 200 },
    );
  });
});
