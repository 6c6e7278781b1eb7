/**
 * The app benchmark of bench/dev-app.ts in Firefox ESR (WebDriver BiDi): the same Vite 8 + React
 * app, dev server and production build, the same timing, rounds and alternation.
 *   DevTools closed: the extension vs no extension (target ≤ 1.05×)
 *   DevTools open:   the toolbox on the extension's CORS panel vs the toolbox alone (on the console)
 * Options: --rounds N, --reloads N, --devtools closed|open|both (as dev-app.ts), --firefox-extension DIR (default
 * CORS_LENS_FIREFOX_DIR, else dist/firefox), --firefox-extension-b DIR (a second build, same rounds).
 * Standalone: node --import tsx bench/dev-app-firefox.ts [options]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIREFOX_EXTENSION_DIR } from '../test/e2e/support/paths';
import { flagValue, parseOptions, type DevAppOptions } from './dev-app';
import type { BenchResult } from './run';
import { startApiServer } from './support/dev-app/api-server';
import { launchFirefoxSide, type FirefoxSideSpec } from './support/dev-app/firefox-sides';
import { pairResults, runRounds, type Pair, type RoundsPlan } from './support/dev-app/rounds';
import { startBenchApps, type BenchApps } from './support/dev-app/servers';

export const defaultRepeat = 1;

function plan(extension: string, extensionB: string | undefined, devtools: DevAppOptions['devtools']): { sides: FirefoxSideSpec[]; pairs: Pair[] } {
  const sides: FirefoxSideSpec[] = [];
  const pairs: Pair[] = [];
  if (devtools !== 'open') {
    sides.push({ id: 'none', devtools: false }, { id: 'ext', extensionDir: extension, devtools: false });
    pairs.push({ side: 'ext', baseline: 'none', label: 'DevTools closed: extension vs none' });
    if (extensionB) {
      sides.push({ id: 'ext-b', extensionDir: extensionB, devtools: false });
      pairs.push({ side: 'ext-b', baseline: 'none', label: 'DevTools closed: extension B vs none' });
    }
  }
  if (devtools === 'closed') return { sides, pairs };
  sides.push({ id: 'devtools', devtools: true }, { id: 'devtools+ext', extensionDir: extension, devtools: true });
  pairs.push({ side: 'devtools+ext', baseline: 'devtools', label: 'DevTools open: toolbox + extension (CORS panel) vs toolbox alone' });
  if (extensionB) {
    sides.push({ id: 'devtools+ext-b', extensionDir: extensionB, devtools: true });
    pairs.push({ side: 'devtools+ext-b', baseline: 'devtools', label: 'DevTools open: toolbox + extension B (CORS panel) vs toolbox alone' });
  }
  return { sides, pairs };
}

export async function bench(argv: readonly string[] = process.argv.slice(2)): Promise<BenchResult[]> {
  const { rounds, reloads, devtools } = parseOptions(argv);
  const extension = path.resolve(flagValue(argv, '--firefox-extension') ?? FIREFOX_EXTENSION_DIR);
  const b = flagValue(argv, '--firefox-extension-b');
  const extensionB = b ? path.resolve(b) : undefined;
  for (const dir of [extension, extensionB]) {
    if (dir && !fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir}/manifest.json is missing: run \`npm run build\` first`);
  }
  const { sides, pairs } = plan(extension, extensionB, devtools);
  const api = await startApiServer();
  let apps: BenchApps | undefined;
  try {
    apps = await startBenchApps(api.origin);
    const roundsPlan: RoundsPlan<FirefoxSideSpec> = { browser: 'Firefox', sides, launch: (spec) => launchFirefoxSide(spec, api.warmup), rounds, reloads };
    return pairResults(roundsPlan, await runRounds(roundsPlan, apps), pairs);
  } finally {
    await apps?.close();
    await api.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await bench()) {
    const range = r.range ? ` (${r.range.min.toFixed(2)}–${r.range.max.toFixed(2)}, ${r.range.runs} rounds)` : '';
    console.log(`${r.name}: ${r.ratio === undefined ? '' : `ratio ${r.ratio.toFixed(3)}${range} — `}${r.details}`);
  }
}
