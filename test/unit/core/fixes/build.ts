/** Builders for hand-made exchanges and verdicts (plain objects matching model.ts). */
import type { Exchange, HeaderList, Observation, Verdict } from '../../../../src/core/model';

export const PAGE = 'http://localhost:5173';
export const API = 'http://localhost:8081';

export function h(pairs: Array<[string, string]>): HeaderList {
  return pairs.map(([name, value]) => ({ name, value }));
}

let seq = 0;
export function obs(p: Partial<Observation> & Pick<Observation, 'url' | 'method'>): Observation {
  seq += 1;
  return { id: `t:${seq}`, source: 'har', startTime: 1000 + seq, ...p };
}

export interface ExchangeSpec {
  method?: string;
  url?: string;
  origin?: string | null;
  requestHeaders?: Array<[string, string]>;
  /** Preflight response; omit for none. `status: 0` = never answered. */
  preflight?: { status: number; headers?: Array<[string, string]>; error?: string; redirectUrl?: string; requestHeaders?: Array<[string, string]> };
  actual?: { status: number; headers?: Array<[string, string]>; error?: string; redirectUrl?: string };
  actualNeverSent?: boolean;
  /** Extra hops after the first (redirect chains). */
  more?: Array<{ url: string; method?: string; origin?: string | null; status: number; headers?: Array<[string, string]>; error?: string }>;
}

export function exchange(s: ExchangeSpec = {}): Exchange {
  const method = s.method ?? 'GET';
  const url = s.url ?? `${API}/api/items`;
  const origin = s.origin === undefined ? PAGE : s.origin;
  const originHeader: Array<[string, string]> = origin === null ? [['Origin', 'null']] : [['Origin', origin]];
  const reqHeaders = s.requestHeaders ?? [];
  const hops: Exchange['hops'] = [];
  const first: Exchange['hops'][number] = {
    request: obs({
      url,
      method,
      requestHeaders: h(s.actualNeverSent ? reqHeaders : [...originHeader, ...reqHeaders]),
      ...(s.actual ? { status: s.actual.status, responseHeaders: h(s.actual.headers ?? []) } : {}),
      ...(s.actual?.error ? { error: s.actual.error } : {}),
      ...(s.actual?.redirectUrl ? { redirectUrl: s.actual.redirectUrl } : {}),
      ...(s.actualNeverSent ? { status: 0, requestHeadersProvisional: true } : {}),
    }),
  };
  if (s.preflight) {
    const unsafe = reqHeaders.map(([n]) => n.toLowerCase()).filter((n) => !['accept'].includes(n)).sort();
    first.preflight = obs({
      url,
      method: 'OPTIONS',
      preflightHint: true,
      requestHeaders: h(
        s.preflight.requestHeaders ?? [
          ...originHeader,
          ['Access-Control-Request-Method', method],
          ...(unsafe.length ? ([['Access-Control-Request-Headers', unsafe.join(',')]] as Array<[string, string]>) : []),
        ],
      ),
      ...(s.preflight.status ? { status: s.preflight.status, responseHeaders: h(s.preflight.headers ?? []) } : {}),
      ...(s.preflight.error ? { error: s.preflight.error } : {}),
      ...(s.preflight.redirectUrl ? { redirectUrl: s.preflight.redirectUrl } : {}),
    });
  }
  hops.push(first);
  for (const m of s.more ?? []) {
    const o = m.origin === undefined ? origin : m.origin;
    hops.push({
      request: obs({
        url: m.url,
        method: m.method ?? method,
        requestHeaders: h([['Origin', o === null ? 'null' : o]]),
        status: m.status,
        responseHeaders: h(m.headers ?? []),
        ...(m.error ? { error: m.error } : {}),
      }),
    });
  }
  return {
    id: `x:${seq}`,
    initiatorOrigin: origin,
    url,
    method,
    hops,
    ...(s.actualNeverSent ? { actualNeverSent: true } : {}),
    startTime: 1000,
  };
}

export function verdict(id: string, p: Partial<Verdict> = {}): Verdict {
  // Tests also feed ids the core does not know (hostile or future data): the core stays total.
  const reason = id as Verdict['reason'];
  const engine = { outcome: 'blocked' as const, reason, corsError: null, message: null, phase: 'actual' as const, hop: p.hop ?? 0 };
  return {
    outcome: reason === 'ok' ? 'allowed' : 'blocked',
    reason,
    chromiumCorsError: null,
    failedParameter: null,
    phase: 'actual',
    hop: 0,
    messages: { chrome: null, firefox: null, safari: null },
    summary: '',
    explanation: '',
    evidence: [],
    inferences: [],
    warnings: [],
    credentials: { mode: 'same-origin', basis: 'assumed' },
    requestMode: 'cors',
    engines: { chrome: { ...engine, browser: 'chrome' }, firefox: { ...engine, browser: 'firefox' }, safari: { ...engine, browser: 'safari' } },
    ...p,
  };
}

export const INCLUDE = { credentials: { mode: 'include' as const, basis: 'given' as const } };
