/**
 * Ratios of an A/B measured in rounds: side A and its baseline B ran once per round, adjacent and
 * in alternating order, so round i's A/B is one paired sample. The figure is the ratio of the
 * medians; the per-round ratios give its range (how much the shared machine moved it).
 */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Comparison {
  /** median(A) / median(B). */
  ratio: number;
  /** Lowest and highest per-round A/B. */
  min: number;
  max: number;
  medianA: number;
  medianB: number;
  perRound: number[];
}

export function compareRounds(a: readonly number[], b: readonly number[]): Comparison {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired rounds needed: ${a.length} A vs ${b.length} B`);
  const perRound = a.map((x, i) => x / b[i]!);
  const medianA = median(a);
  const medianB = median(b);
  return { ratio: medianA / medianB, min: Math.min(...perRound), max: Math.max(...perRound), medianA, medianB, perRound };
}

/** Round i's launch order: the list as given on even rounds, reversed on odd ones. */
export function alternatingOrder<T>(sides: readonly T[], round: number): T[] {
  return round % 2 === 0 ? sides.slice() : sides.slice().reverse();
}
