/**
 * One cache shape for the core's pure string → answer functions (URL facts, error classes, token
 * lists, Content-Type checks): a 50,000-entry HAR asks about the same few strings again and
 * again. Bounded, so hostile or endless input cannot grow it: long keys are not stored, and a full
 * cache is emptied and starts over (cheaper than LRU bookkeeping for a working set this small).
 * Answers are shared between callers and must not be mutated.
 */
export function boundedMemo<V>(compute: (key: string) => V, maxEntries: number, maxKeyLength: number): (key: string) => V {
  const answers = new Map<string, V>();
  return (key: string): V => {
    const known = answers.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (key.length <= maxKeyLength) {
      if (answers.size >= maxEntries) answers.clear();
      answers.set(key, value);
    }
    return value;
  };
}
