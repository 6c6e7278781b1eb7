/**
 * Compiles the lab page scripts (client.ts + the scenario registry; runner.ts) with esbuild when the lab
 * starts: no separate build step. The result is cached for the process.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const cached = new Map<string, Promise<string>>();

/** The lab page's script. */
export function clientBundle(): Promise<string> {
  return bundle('client.ts');
}

/** The runner page's script (runs scenarios in a row between console markers). */
export function runnerBundle(): Promise<string> {
  return bundle('runner.ts');
}

function bundle(entry: string): Promise<string> {
  const known = cached.get(entry);
  if (known) return known;
  const made = build({
    entryPoints: [fileURLToPath(new URL(`./${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error(`esbuild produced no output for the lab's ${entry}`);
    return out.text;
  });
  cached.set(entry, made);
  made.catch(() => cached.delete(entry));
  return made;
}
