/**
 * Lab scenarios served only by the capture tests and benchmarks (passed to `startTestLab`), plus
 * the page-side code that fires them. They are not in the lab registry: their outcome depends on
 * arrival order, which a per-scenario expectation cannot describe.
 */
import { ACAO, ACEH, REFLECT, answer, preflight } from '../../../src/lab/scenarios/build';
import type { ResponseSpec, Scenario } from '../../../src/lab/scenario-types';

/** Every answer carries its arrival number, so a preflight/actual pair is readable on both sides. */
export const STAMP_HEADER = 'X-Lab-Turn';
const stamp: [string, string] = [STAMP_HEADER, '{turn}'];

const okPreflight = preflight({ headers: 'X-Custom', extra: [stamp] });
/** Passes ACAO, fails the status check: PreflightInvalidStatus. */
const preflight500 = preflight({ status: 500, headers: 'X-Custom', extra: [stamp] });
/** Passes status and ACAO, does not allow X-Custom: HeaderDisallowedByPreflightResponse. */
const preflightNoHeader = preflight({ headers: 'X-Other', extra: [stamp] });
const okActual: ResponseSpec = answer(200, [...REFLECT, [ACEH, STAMP_HEADER], stamp]);
/** Sent, but no ACAO: MissingAllowOriginHeader. */
const noAcaoActual: ResponseSpec = answer(200, [stamp]);

/**
 * Identical PUTs with the same header: the server's answers alternate by arrival order, so
 * concurrent identical requests end differently and only the right preflight explains each.
 * Preflights: ok, 500, ok, ACAH without X-Custom. Actual requests: ok, ok, no ACAO.
 */
export const alternating: Scenario = {
  id: 'e2e-alternating-preflight',
  title: 'Alternating preflight answers',
  group: 'A2',
  description: 'Identical preflighted requests; the server answers preflights and requests in turns.',
  request: { target: 'api', method: 'PUT', headers: { 'X-Custom': 'same' } },
  server: {
    main: {
      preflight: okPreflight,
      actual: okActual,
      preflightTurns: [okPreflight, preflight500, okPreflight, preflightNoHeader],
      actualTurns: [okActual, okActual, noAcaoActual],
    },
  },
  expect: { outcome: 'blocked', corsError: null },
};

/** A simple GET whose answer lacks ACAO: blocked without a preflight (MissingAllowOriginHeader). */
export const simpleBlocked: Scenario = {
  id: 'e2e-simple-blocked',
  title: 'Simple GET, no ACAO',
  group: 'A1',
  description: 'A simple request whose response has no Access-Control-Allow-Origin.',
  request: { target: 'api', method: 'GET' },
  server: { main: { actual: answer(200, [['X-Note', 'no acao']]) } },
  expect: { outcome: 'blocked', corsError: 'MissingAllowOriginHeader' },
};

/** A simple GET that is allowed. */
export const simpleAllowed: Scenario = {
  id: 'e2e-simple-allowed',
  title: 'Simple GET, allowed',
  group: 'healthy',
  description: 'A simple request with a reflected origin.',
  request: { target: 'api', method: 'GET' },
  server: { main: { actual: answer(200, [[ACAO, '{origin}']]) } },
  expect: { outcome: 'allowed', corsError: null },
};

/** A preflighted PUT that passes. */
export const preflightAllowed: Scenario = {
  id: 'e2e-preflight-allowed',
  title: 'Preflighted PUT, allowed',
  group: 'healthy',
  description: 'A PUT with a custom header and a correct preflight answer.',
  request: { target: 'api', method: 'PUT', headers: { 'X-Custom': '1' } },
  server: { main: { preflight: preflight({ headers: 'X-Custom' }), actual: answer(200, REFLECT) } },
  expect: { outcome: 'allowed', corsError: null },
};

/** A preflighted PUT whose preflight has no route (404, no ACAO). */
export const preflightBlocked: Scenario = {
  id: 'e2e-preflight-blocked',
  title: 'Preflighted PUT, no OPTIONS route',
  group: 'A2',
  description: 'The preflight gets a bare 404.',
  request: { target: 'api', method: 'PUT', headers: { 'X-Custom': '1' } },
  server: { main: { preflight: answer(404, []), actual: answer(200, REFLECT) } },
  expect: { outcome: 'blocked', corsError: 'PreflightMissingAllowOriginHeader' },
};

export const captureScenarios: Scenario[] = [alternating, simpleBlocked, simpleAllowed, preflightAllowed, preflightBlocked];

/** How a page fetches one of these scenarios (the lab page does not list them). */
export interface PageFetch {
  url: string;
  method: string;
  headers?: Record<string, string>;
}

export function fetchOf(s: Scenario, url: string): PageFetch {
  const f: PageFetch = { url, method: s.request.method };
  if (s.request.headers) f.headers = s.request.headers;
  return f;
}

export interface FetchResult {
  url: string;
  ok: boolean;
  /** The response's X-Lab-Turn, when the page could read it. */
  stamp: string | null;
  /** Page-side `Date.now()` when the fetch settled. */
  settledAt: number;
}

/**
 * A page expression that fires all fetches at once and resolves to FetchResult[]. A string, not a
 * function: tsx and esbuild may wrap named functions in helpers the page does not have.
 */
export function fireAllExpression(list: PageFetch[]): string {
  return `Promise.all(${JSON.stringify(list)}.map(async (f) => {
    try {
      const init = { method: f.method, cache: 'no-store' };
      if (f.headers) init.headers = f.headers;
      const r = await fetch(f.url, init);
      await r.text();
      return { url: f.url, ok: true, stamp: r.headers.get('X-Lab-Turn'), settledAt: Date.now() };
    } catch {
      return { url: f.url, ok: false, stamp: null, settledAt: Date.now() };
    }
  }))`;
}

/**
 * What `alternating` must produce for one exchange, from the arrival numbers stamped on its
 * preflight and actual response: preflights take turns ok, 500, ok, ACAH without X-Custom;
 * actual requests ok, ok, no ACAO. Returns a problem description, or null when consistent.
 */
export function alternatingProblem(x: { preflightStamp: string | null; actualStamp: string | null; outcome: string; reason: string; sent: boolean }): string | null {
  if (x.preflightStamp === null) return 'no preflight (or one without its answer)';
  const p = Number(x.preflightStamp);
  const say = (why: string) => `preflight #${p}${x.actualStamp === null ? '' : `, actual #${x.actualStamp}`}: ${why} (got ${x.outcome}/${x.reason})`;
  if (p % 4 === 1 || p % 4 === 3) {
    const reason = p % 4 === 1 ? 'preflight-non-ok-status' : 'preflight-header-not-allowed';
    if (x.sent || x.actualStamp !== null) return say('a failed preflight let its request out');
    return x.outcome === 'blocked' && x.reason === reason ? null : say(`expected blocked/${reason}`);
  }
  if (x.actualStamp === null) return say('a passing preflight, but no actual response');
  const a = Number(x.actualStamp);
  const want = a % 3 === 2 ? ['blocked', 'acao-missing'] : ['allowed', 'ok'];
  return x.outcome === want[0] && (want[0] === 'allowed' || x.reason === want[1]) ? null : say(`expected ${want.join('/')}`);
}
