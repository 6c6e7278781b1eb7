// Drops, from this process's stderr, the build warnings we know to be harmless, so a clean
// build prints only what a user needs. Each entry says why it is harmless; anything else passes.
const KNOWN = [
  {
    // @crxjs/vite-plugin 3.0.0 builds each standalone content script (src/content/) as an IIFE
    // library with `output.inlineDynamicImports: true`; Vite 8's IIFE library build already sets
    // `codeSplitting: false`, which inlines them anyway, so Rolldown ignores the option and says so.
    pattern: /`?inlineDynamicImports`? option is ignored because `?codeSplitting: false`? is set/,
    why: 'crxjs 3.0.0 passes inlineDynamicImports to an IIFE build that already inlines',
  },
];

const ESC = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Filters known-harmless warnings out of process.stderr; returns how many were dropped. */
export function quietKnownBuildNoise() {
  const original = process.stderr.write.bind(process.stderr);
  let dropped = 0;
  process.stderr.write = (chunk, ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (KNOWN.some((k) => k.pattern.test(text.replace(ESC, '')))) {
      dropped++;
      const done = rest.find((r) => typeof r === 'function');
      if (done) done();
      return true;
    }
    return original(chunk, ...rest);
  };
  return () => dropped;
}
