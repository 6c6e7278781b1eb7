/**
 * When a HAR cannot settle most of its exchanges: how many, why (from the HAR itself), and how to
 * record one that can. A Playwright `recordHar` HAR, for example, keeps a blocked request with
 * status -1, no response headers and no preflight — exactly what the verdict needs.
 */
import type { AnalyzedExchange } from '../core/model';

export interface Coverage {
  total: number;
  unknown: number;
  /** Unknown exchanges whose actual request has no response status (-1, 0 or none). */
  withoutResponse: number;
  /** Exchanges with a recorded preflight. */
  withPreflight: number;
}

export function coverageOf(list: readonly AnalyzedExchange[]): Coverage {
  let unknown = 0;
  let withoutResponse = 0;
  let withPreflight = 0;
  for (const a of list) {
    const hops = a.exchange.hops;
    if (hops.some((h) => h.preflight !== undefined)) withPreflight++;
    if (a.verdict.outcome !== 'unknown') continue;
    unknown++;
    const status = hops[hops.length - 1]?.request.status;
    if (status === undefined || status <= 0) withoutResponse++;
  }
  return { total: list.length, unknown, withoutResponse, withPreflight };
}

/** Most exchanges undecided: more than half of them. */
export function isInconclusive(c: Coverage): boolean {
  return c.total > 0 && c.unknown * 2 > c.total;
}

/** The note printed on stderr, several lines, each starting with "cors-lens: ". */
export function inconclusiveNote(c: Coverage, recorder: string | undefined): string {
  const why: string[] = [];
  if (c.withoutResponse > 0) why.push(`${c.withoutResponse} of them have no response status or headers`);
  if (c.withPreflight === 0) why.push('the HAR holds no preflight (OPTIONS) request at all');
  const by = recorder ? ` It was written by ${recorder}.` : '';
  const playwright = /playwright/i.test(recorder ?? '')
    ? " Playwright's recordHar keeps a request the browser blocked without its response and records no preflights."
    : '';
  return [
    `${c.unknown} of ${c.total} cross-origin exchanges are "unknown": the HAR lacks what the browser decided on${why.length ? ` (${why.join('; ')})` : ''}.${by}${playwright}`,
    'To record a HAR CORS Lens can read: open DevTools → Network (enable "Preserve log"), reload the page, reproduce the failure,',
    'then "Export HAR…" (Chrome: "Export HAR (with sensitive data)" when cookies or Authorization matter; cors-lens redacts them).',
    "Or export the session from the CORS Lens panel. Exit status 4: nothing was shown to be blocked, but most of it is undecided.",
  ]
    .map((line) => `cors-lens: ${line}`)
    .join('\n');
}
