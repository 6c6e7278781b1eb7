/** Hand-built analysed exchanges for panel tests: the panel only displays verdicts. */
import type { AnalyzedExchange, Observation, Outcome, Verdict } from '../../../src/core/model';

export interface MakeOptions {
  id: string;
  url?: string;
  method?: string;
  outcome?: Outcome;
  reason?: string;
  corsError?: string | null;
  summary?: string;
  startTime?: number;
  preflight?: Partial<Observation>;
  request?: Partial<Observation>;
  actualNeverSent?: boolean;
  chrome?: string | null;
  firefox?: string | null;
  explanation?: string;
  warnings?: Verdict['warnings'];
  initiatorOrigin?: string | null;
}

export function makeAnalyzed(o: MakeOptions): AnalyzedExchange {
  const url = o.url ?? `http://localhost:9000/api/${o.id}`;
  const method = o.method ?? 'GET';
  const startTime = o.startTime ?? 1000;
  const initiatorOrigin = o.initiatorOrigin === undefined ? 'http://127.0.0.1:8000' : o.initiatorOrigin;
  const request: Observation = { id: `wr:${o.id}#0`, source: 'webrequest', url, method, startTime, status: 200, ...o.request };
  const preflight: Observation | undefined = o.preflight
    ? { id: `wr:${o.id}p#0`, source: 'webrequest', url, method: 'OPTIONS', startTime: startTime + 1, ...o.preflight }
    : undefined;
  const outcome = o.outcome ?? 'allowed';
  // Panel tests also feed hostile or unknown reason ids: the panel must render them inert.
  const reason = (o.reason ?? 'ok') as Verdict['reason'];
  const engine = (browser: 'chrome' | 'firefox' | 'safari') => ({
    browser,
    outcome,
    reason,
    corsError: browser === 'chrome' ? (o.corsError ?? null) : null,
    message: null,
    phase: 'actual' as const,
    hop: 0,
  });
  const verdict: Verdict = {
    outcome,
    reason,
    chromiumCorsError: o.corsError ?? null,
    failedParameter: null,
    phase: 'actual',
    hop: 0,
    messages: { chrome: o.chrome ?? null, firefox: o.firefox ?? null, safari: null },
    summary: o.summary ?? `summary of ${o.id}`,
    explanation: o.explanation ?? '',
    evidence: [],
    inferences: [],
    warnings: o.warnings ?? [],
    credentials: { mode: 'same-origin', basis: 'assumed' },
    requestMode: 'cors',
    engines: { chrome: engine('chrome'), firefox: engine('firefox'), safari: engine('safari') },
  };
  return {
    exchange: {
      id: `ex:${o.id}`,
      url,
      method,
      initiatorOrigin,
      hops: [{ request, ...(preflight ? { preflight } : {}) }],
      startTime,
      ...(o.actualNeverSent ? { actualNeverSent: true } : {}),
    },
    verdict,
  };
}
