import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and real-browser tests that need `npm run build` first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A guard against hangs, not a speed check: a loaded laptop (load average 20 measured
          // here while browsers run beside the suite) makes 5-second defaults fail honest tests.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
        // Vite 8 transforms with Oxc (an `esbuild` key here is ignored, with a warning).
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        // The real polyfill throws outside an extension; unit tests use fakes of `chrome`.
        resolve: { alias: { 'webextension-polyfill': fileURLToPath(new URL('./test/unit/support/webextension-polyfill.ts', import.meta.url)) } },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file launches its own browser; two cores cannot run many at once.
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
