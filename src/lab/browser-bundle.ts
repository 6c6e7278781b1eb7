/**
 * Compiles a lab script for the browser with esbuild when the lab starts (no separate build
 * step): one IIFE, cached for the process, forgotten when it fails so a retry compiles again.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const cached = new Map<string, Promise<string>>();

/** `entry` is the script's URL (`new URL('./x.ts', import.meta.url)`); `what` names it in errors. */
export function browserBundle(entry: URL, what: string): Promise<string> {
  const key = entry.href;
  const known = cached.get(key);
  if (known) return known;
  const made = build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error(`esbuild produced no output for ${what}`);
    return out.text;
  });
  cached.set(key, made);
  made.catch(() => cached.delete(key));
  return made;
}
