/** Helpers the fuzzing property files share. */

/** A deterministic shuffle (LCG), so a failing order can be replayed from its seed. */
export function shuffled<T>(list: T[], seed: number): T[] {
  const out = list.slice();
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function fail(message: string): never {
  throw new Error(message);
}
