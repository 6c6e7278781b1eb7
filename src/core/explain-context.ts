/** What an explanation is, what it may name, and how it quotes observed values. */
import type { Hop, Observation } from './model';
import type { ExchangeFacts } from './facts';
import type { Finding } from './rules/types';

export interface Explanation {
  summary: string;
  explanation: string;
}

/** What every explanation may name, computed once per finding by `explain()`. */
export interface ExplainContext {
  f: Finding;
  facts: ExchangeFacts;
  hop: Hop | undefined;
  /** The page origin, or words for it. */
  origin: string;
  /** The origin the failing check compared (`null` after a tainting redirect). */
  checked: string;
  /** Display form of the failing hop's URL. */
  url: string;
  /** The response the failing check read. */
  res: Observation | undefined;
  headers: Observation['responseHeaders'];
  acao: string | null;
  acac: string | null;
  status: number | undefined;
  method: string;
  /** "preflight (OPTIONS) response", "redirect response" or "response". */
  which: string;
  /** The finding's notes as a sentence suffix (with a leading space), or ''. */
  notes: string;
}

/** Quote an observed value for prose; long or hostile values are cut, never interpreted. */
export function q(value: string | null | undefined): string {
  if (value === null || value === undefined) return '(absent)';
  const v = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return `'${v}'`;
}

export function statusText(status: number | undefined): string {
  return status === undefined || status === 0 ? 'no status' : `HTTP ${status}`;
}
