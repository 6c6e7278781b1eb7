/**
 * Drops, from this process's stderr, the build warnings we know to be harmless, so a clean build
 * (and `npm run dev`) prints only what a user needs. Each entry says why it is harmless; anything
 * else passes. vite.config.ts installs it, so every Vite command that loads the config gets it.
 */
const KNOWN: Array<{ pattern: RegExp; why: string }> = [
  {
    // @crxjs/vite-plugin 3.0.0 builds each standalone content script (src/content/) as an IIFE
    // library with `output.inlineDynamicImports: true`; Vite 8's IIFE library build already sets
    // `codeSplitting: false`, which inlines them anyway, so Rolldown ignores the option and says so.
    pattern: /`?inlineDynamicImports`? option is ignored because `?codeSplitting: false`? is set/,
    why: 'crxjs 3.0.0 passes inlineDynamicImports to an IIFE build that already inlines',
  },
];

const ESC = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const INSTALLED = Symbol.for('cors-lens.known-build-noise');

export function isKnownBuildNoise(text: string): boolean {
  const plain = text.replace(ESC, '');
  return KNOWN.some((k) => k.pattern.test(plain));
}

/** Filters known-harmless warnings out of process.stderr, once per process. */
export function quietKnownBuildNoise(): void {
  const holder = process.stderr as unknown as Record<symbol, boolean>;
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const original = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!isKnownBuildNoise(text)) return original(chunk, ...rest);
    const done = rest.find((r): r is () => void => typeof r === 'function');
    done?.();
    return true;
  }) as typeof process.stderr.write;
}
