/**
 * Compiles the lab page script (client.ts + the scenario registry) with esbuild when the lab
 * starts: no separate build step. The result is cached for the process.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

let cached: Promise<string> | undefined;

export function clientBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [fileURLToPath(new URL('./client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error('esbuild produced no output for the lab client');
    return out.text;
  });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
