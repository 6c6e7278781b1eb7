/**
 * "Fixed ✓" and regressions across a session: when the page repeats a request to an endpoint
 * (same page origin, method, URL without its query) that failed earlier and it now passes, the
 * earlier exchange is marked fixed, with when and by which exchange; the passing one links back.
 * An endpoint that passed and now fails is a regression. Pure: the panel recomputes it from the
 * list (which Preserve log keeps across navigations).
 */
import type { AnalyzedExchange } from './model';

export type FixMark =
  /** Failed here; a later exchange to the same endpoint passed. */
  | { kind: 'fixed'; by: string; at: number }
  /** Passes, after an earlier exchange to the same endpoint failed. */
  | { kind: 'now-passes'; was: string }
  /** Fails, after an earlier exchange to the same endpoint passed. */
  | { kind: 'regression'; was: string };

/** Page origin, method and URL without query or fragment: cache-busting parameters do not count. */
export function endpointKey({ exchange: e }: AnalyzedExchange): string {
  let where = e.url;
  try {
    const u = new URL(e.url);
    where = u.origin + u.pathname;
  } catch {
    /* keep the raw URL */
  }
  return `${e.initiatorOrigin ?? 'null'} ${e.method} ${where}`;
}

const state = (a: AnalyzedExchange): 'pass' | 'fail' | undefined =>
  a.exchange.inFlight ? undefined : a.verdict.outcome === 'allowed' ? 'pass' : a.verdict.outcome === 'blocked' ? 'fail' : undefined;

/** Marks by exchange id; exchanges without a mark are absent. Linear in the list's length (plus a sort). */
export function fixHistory(list: readonly AnalyzedExchange[]): Map<string, FixMark> {
  const marks = new Map<string, FixMark>();
  const ordered = list.filter((a) => state(a) !== undefined).sort((a, b) => a.exchange.startTime - b.exchange.startTime);
  /** Per endpoint: the failures not yet followed by a pass, and the last passing exchange. */
  const open = new Map<string, { failures: AnalyzedExchange[]; lastPass?: AnalyzedExchange }>();
  for (const a of ordered) {
    const key = endpointKey(a);
    let entry = open.get(key);
    if (!entry) open.set(key, (entry = { failures: [] }));
    if (state(a) === 'fail') {
      if (entry.lastPass && entry.failures.length === 0) marks.set(a.exchange.id, { kind: 'regression', was: entry.lastPass.exchange.id });
      entry.failures.push(a);
      continue;
    }
    if (entry.failures.length) {
      for (const f of entry.failures) marks.set(f.exchange.id, { kind: 'fixed', by: a.exchange.id, at: a.exchange.startTime });
      marks.set(a.exchange.id, { kind: 'now-passes', was: entry.failures[entry.failures.length - 1]!.exchange.id });
      entry.failures = [];
    }
    entry.lastPass = a;
  }
  return marks;
}
