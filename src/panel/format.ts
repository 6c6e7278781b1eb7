/** Display helpers for the panel (pure; plain strings — rendering escapes them as text). */
import type { AnalyzedExchange, Exchange, InFlightStage, Observation, Outcome, Verdict } from '../core/model';
import { shortReason } from '../core/short-reason';

/** `pending`: the browser has not finished the exchange yet (see `Exchange.inFlight`). */
export type BadgeKind = Outcome | 'warning' | 'pending';

export const BADGE_LABEL: Record<BadgeKind, string> = {
  allowed: 'allowed',
  blocked: 'blocked',
  warning: 'warning',
  opaque: 'opaque',
  'not-cors': 'not CORS',
  'network-error': 'network error',
  unknown: 'unknown',
  pending: 'pending',
};

/**
 * The badge: the outcome, except an allowed exchange with a real warning shows "warning", and an
 * exchange still in flight shows "pending" (its verdict is not decided yet).
 */
export function badgeKind(v: Verdict, inFlight?: InFlightStage): BadgeKind {
  if (inFlight) return 'pending';
  if (v.outcome === 'allowed' && v.warnings.some((w) => w.severity !== 'info')) return 'warning';
  return v.outcome;
}

/** What an exchange in flight is waiting for, in a few words. */
export const PENDING_TEXT: Record<InFlightStage, string> = {
  preflight: 'Preflight sent, waiting for its response',
  response: 'Waiting for the response',
};

/** The reason column: the cause in a few words (core's shortReason), or what an exchange in flight waits for. */
export function reasonText(a: AnalyzedExchange): string {
  const inFlight = a.exchange.inFlight;
  return inFlight ? PENDING_TEXT[inFlight] : shortReason(a);
}

/** The reason column's tooltip: the whole sentence (the warning, for an allowed exchange with one). */
export function reasonTitle({ exchange: e, verdict: v }: AnalyzedExchange): string {
  if (e.inFlight) return PENDING_TEXT[e.inFlight];
  if (badgeKind(v) === 'warning') return v.warnings.find((w) => w.severity !== 'info')?.message ?? v.summary;
  return v.summary;
}

/** "http://localhost:8080" + "/api/users?x=1" (origin dimmed, path emphasised). */
export function splitUrl(url: string): { origin: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
  if (!m) return { origin: '', rest: url };
  return { origin: m[1] ?? '', rest: m[2] || '/' };
}

function statusOf(o: Observation | undefined): string {
  if (!o) return '';
  if (o.status) return String(o.status);
  if (o.error) return shortError(o.error);
  return '…';
}

/** `net::ERR_CONNECTION_REFUSED` → `CONNECTION_REFUSED`; `NS_ERROR_DOM_BAD_URI` → `DOM_BAD_URI`. */
export function shortError(error: string): string {
  return error.replace(/^net::ERR_/, '').replace(/^NS_ERROR_/, '');
}

/** Preflight column: the first preflight's status, "cached" for a preflight-cache hit, "—" if none. */
export function preflightStatus(e: Exchange): string {
  const pre = e.hops.map((h) => h.preflight).filter((p): p is Observation => !!p);
  if (pre.length > 0) return pre.map(statusOf).join(' → ');
  return e.preflightCacheHit ? 'cached' : '—';
}

/** Actual column: each hop's status ("302 → 200"), "not sent" when the preflight stopped it. */
export function actualStatus(e: Exchange): string {
  if (e.actualNeverSent) {
    const sent = e.hops.slice(0, -1).map((h) => statusOf(h.request));
    return [...sent, 'not sent'].join(' → ');
  }
  return e.hops.map((h) => statusOf(h.request)).join(' → ') || '…';
}

/** The filter buttons above the list. */
export type OutcomeFilter = 'all' | 'blocked' | 'warnings' | 'allowed';

export const OUTCOME_FILTERS: ReadonlyArray<{ id: OutcomeFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'blocked', label: 'Blocked' },
  { id: 'warnings', label: 'Warnings' },
  { id: 'allowed', label: 'Allowed' },
];

export function matchesOutcome(a: AnalyzedExchange, filter: OutcomeFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'blocked':
      return a.verdict.outcome === 'blocked';
    case 'warnings':
      // What the rows show: a warning badge (allowed with a real warning), never a blocked row.
      return badgeKind(a.verdict, a.exchange.inFlight) === 'warning';
    case 'allowed':
      return a.verdict.outcome === 'allowed';
  }
}

/** What the search box looks through, lowercased once per exchange object (10,000 rows, every keystroke). */
const haystacks = new WeakMap<AnalyzedExchange, string>();
function haystackOf(a: AnalyzedExchange): string {
  let hay = haystacks.get(a);
  if (hay === undefined) {
    const { exchange: e, verdict: v } = a;
    hay = [e.method, e.url, e.initiatorOrigin ?? '', v.outcome, BADGE_LABEL[badgeKind(v, e.inFlight)], v.reason, v.summary, v.chromiumCorsError ?? '']
      .join('\n')
      .toLowerCase();
    haystacks.set(a, hay);
  }
  return hay;
}

export function matchesFilter(a: AnalyzedExchange, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return haystackOf(a).includes(f);
}

/** "35 ms", "1.2 s", "" when the exchange has not ended. */
export function durationText(e: Exchange): string {
  if (e.endTime === undefined || !Number.isFinite(e.endTime) || e.endTime < e.startTime) return '';
  const ms = e.endTime - e.startTime;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Wall-clock start, "14:03:07.123" (local time). */
export function clockText(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
