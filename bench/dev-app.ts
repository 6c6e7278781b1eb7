/**
 * What CORS Lens costs a developer's own app (issue 13), A/B in one run, real headless Chromium:
 * a Vite 8 + React app of ~690 ES modules served unbundled by Vite's dev server, and its
 * production build, each making 20 cross-origin API calls (10 preflighted, 2 blocked by CORS).
 * Per launch (fresh profile): a cold load and N full reloads of each app; timed from navigation
 * start to the load event with every API call settled, as the page reports it.
 *   DevTools closed: the extension vs no extension (target ≤ 1.05×)
 *   DevTools open:   DevTools + the extension on its CORS panel vs DevTools alone (target ≤ 1.05×)
 * Every side is a separate launch; the order of launches alternates round by round.
 * Cold-load rows also give the browser's CPU time over all loads of the app (every process,
 * SystemInfo.getProcessInfo) side vs baseline: on shared cores it stays within about ±0.1 round to
 * round where wall time swings 0.6–2.2×, so it is the figure to find a cost by.
 * Options (also through npm run bench -- dev-app …):
 *   --rounds N            rounds (default 6)          --reloads N   reloads per app (default 10)
 *   --extension DIR       the build measured (default CORS_LENS_BENCH_EXTENSION_DIR, else dist/chrome)
 *   --extension-b DIR     a second build, measured in the same rounds against the same baselines
 *   --devtools closed|open|both   which half of the A/B to run (default both)
 *   --panel shown|hidden|both     DevTools open: on the CORS panel (default), or opened on it once and
 *                         then switched to Elements (how DevTools stays open all day), or both
 *   --background-pref K   panelPrefs key of "Record in the background" (default backgroundRecording);
 *                         measured with DevTools closed when the build knows it, else noted as skipped
 * Firefox: bench/dev-app-firefox.ts (same app, same rounds; --firefox-extension DIR).
 * Standalone: node --import tsx bench/dev-app.ts [options]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../test/e2e/support/chromium';
import { CHROME_EXTENSION_DIR, REPO_ROOT } from '../test/e2e/support/paths';
import type { BenchResult } from './run';
import { startApiServer } from './support/dev-app/api-server';
import { buildHasPref, launchSide, type SideSpec } from './support/dev-app/browsers';
import { pairResults, runRounds, type Pair, type RoundsPlan } from './support/dev-app/rounds';
import { startBenchApps, type BenchApps } from './support/dev-app/servers';

/** This benchmark repeats itself in rounds: run.ts need not repeat it for --write-docs. */
export const defaultRepeat = 1;

export interface DevAppOptions {
  rounds: number;
  reloads: number;
  extension: string;
  extensionB?: string;
  backgroundPref: string;
  /** Which halves of the A/B to run: DevTools closed, open, or both (default). */
  devtools: 'closed' | 'open' | 'both';
  /** DevTools open: the CORS panel shown, hidden behind Elements, or both. */
  panel: 'shown' | 'hidden' | 'both';
}

const DEVTOOLS_CHOICES = ['closed', 'open', 'both'] as const;
const PANEL_CHOICES = ['shown', 'hidden', 'both'] as const;

/** The value after `flag` in `argv`, if the flag is there. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

function choiceOf<T extends string>(flag: string, choices: readonly T[], given: string | undefined, fallback: T): T {
  const choice = choices.find((c) => c === (given ?? fallback));
  if (!choice) throw new Error(`${flag} takes ${choices.join(', ')}`);
  return choice;
}

export function parseOptions(argv: readonly string[]): DevAppOptions {
  const value = (flag: string): string | undefined => flagValue(argv, flag);
  const whole = (flag: string, fallback: number): number => {
    const n = Number(value(flag) ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number ≥ 1`);
    return n;
  };
  const extensionB = value('--extension-b');
  return {
    rounds: whole('--rounds', 6),
    reloads: whole('--reloads', 10),
    extension: path.resolve(value('--extension') ?? process.env.CORS_LENS_BENCH_EXTENSION_DIR ?? CHROME_EXTENSION_DIR),
    ...(extensionB ? { extensionB: path.resolve(extensionB) } : {}),
    backgroundPref: value('--background-pref') ?? 'backgroundRecording',
    devtools: choiceOf('--devtools', DEVTOOLS_CHOICES, value('--devtools'), 'both'),
    panel: choiceOf('--panel', PANEL_CHOICES, value('--panel'), 'shown'),
  };
}

/** `background`: which builds know the opt-in pref (A, B), measured with it on as well. */
function plan(opts: DevAppOptions, background: { a: boolean; b: boolean }): { sides: SideSpec[]; pairs: Pair[] } {
  const sides: SideSpec[] = [];
  const pairs: Pair[] = [];
  if (opts.devtools !== 'open') addClosedSides(opts, background, sides, pairs);
  if (opts.devtools !== 'closed') addOpenSides(opts, sides, pairs);
  return { sides, pairs };
}

function addClosedSides(opts: DevAppOptions, background: { a: boolean; b: boolean }, sides: SideSpec[], pairs: Pair[]): void {
  sides.push({ id: 'none', devtools: false }, { id: 'ext', extensionDir: opts.extension, devtools: false });
  pairs.push({ side: 'ext', baseline: 'none', label: 'DevTools closed: extension vs none' });
  if (opts.extensionB) {
    sides.push({ id: 'ext-b', extensionDir: opts.extensionB, devtools: false });
    pairs.push({ side: 'ext-b', baseline: 'none', label: 'DevTools closed: extension B vs none' });
  }
  if (background.a) {
    sides.push({ id: 'ext-bg', extensionDir: opts.extension, devtools: false, backgroundPref: opts.backgroundPref });
    pairs.push({ side: 'ext-bg', baseline: 'none', label: 'DevTools closed, "Record in the background" on: extension vs none' });
  }
  if (background.b && opts.extensionB) {
    sides.push({ id: 'ext-b-bg', extensionDir: opts.extensionB, devtools: false, backgroundPref: opts.backgroundPref });
    pairs.push({ side: 'ext-b-bg', baseline: 'none', label: 'DevTools closed, "Record in the background" on: extension B vs none' });
  }
}

function addOpenSides(opts: DevAppOptions, sides: SideSpec[], pairs: Pair[]): void {
  sides.push({ id: 'devtools', devtools: true });
  const builds: Array<[string, string, string]> = [['ext', opts.extension, 'extension']];
  if (opts.extensionB) builds.push(['ext-b', opts.extensionB, 'extension B']);
  const panels = opts.panel === 'both' ? (['shown', 'hidden'] as const) : [opts.panel];
  for (const panel of panels) {
    for (const [id, extensionDir, name] of builds) {
      const side = `devtools+${id}${panel === 'hidden' ? '-hidden' : ''}`;
      sides.push({ id: side, extensionDir, devtools: true, ...(panel === 'hidden' ? { panelHidden: true } : {}) });
      const where = panel === 'hidden' ? 'CORS panel opened, then hidden behind Elements' : 'CORS panel';
      pairs.push({ side, baseline: 'devtools', label: `DevTools open: DevTools + ${name} (${where}) vs DevTools alone` });
    }
  }
}

export async function bench(argv: readonly string[] = process.argv.slice(2)): Promise<BenchResult[]> {
  const opts = parseOptions(argv);
  for (const dir of [opts.extension, opts.extensionB]) if (dir) readManifest(dir); // says "run npm run build" when missing
  const background = { a: buildHasPref(opts.extension, opts.backgroundPref), b: !!opts.extensionB && buildHasPref(opts.extensionB, opts.backgroundPref) };
  const { sides, pairs } = plan(opts, background);
  const api = await startApiServer();
  let apps: BenchApps | undefined;
  try {
    apps = await startBenchApps(api.origin);
    const roundsPlan: RoundsPlan<SideSpec> = { browser: 'Chromium', sides, launch: (spec) => launchSide(spec, api.warmup), rounds: opts.rounds, reloads: opts.reloads };
    const out = pairResults(roundsPlan, await runRounds(roundsPlan, apps), pairs);
    if (!background.a && !background.b && opts.devtools !== 'open') {
      out.push({
        name: 'DevTools closed, "Record in the background" on',
        details: `skipped: build ${path.relative(REPO_ROOT, opts.extension)}${opts.extensionB ? ' (nor build B)' : ''} has no panelPrefs.${opts.backgroundPref} (pass --background-pref KEY if it is named otherwise)`,
      });
    }
    return out;
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
