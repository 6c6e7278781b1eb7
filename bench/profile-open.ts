/**
 * Where the extension's own CPU goes with DevTools open (issue 13): one Chromium with the build on
 * its CORS panel loads the bench app (cold + N reloads) while V8's sampling profiler runs in every
 * extension target (background service worker, devtools page, panel). Prints, per target, the
 * total sampled time and the functions with the most self time (bundle file:line), so a cost can
 * be found by name. A profile, not a benchmark: it finds where time goes, bench/dev-app.ts says
 * what it costs a page. Function names need an unminified build:
 * `CORS_LENS_UNMINIFIED=1 CORS_LENS_OUT_DIR=/tmp/unmin npm run build`, then `--extension /tmp/unmin/chrome`.
 *   node --import tsx bench/profile-open.ts [--app prod|dev] [--reloads N] [--extension DIR] [--top N] [--callers NAME]
 * The CPU per kind of process, A/B, is in bench/dev-app.ts's own figures (its cold-load rows).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CdpClient } from '../test/e2e/support/cdp-client';
import { CHROME_EXTENSION_DIR } from '../test/e2e/support/paths';
import { flagValue } from './dev-app';
import { withCorsPanelSession } from './support/dev-app/panel-session';
import { callersOf, selfTimes, totalTimes, type Profile } from './support/cpu-profile';

async function attach(cdp: CdpClient, targetId: string): Promise<string> {
  return (await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
}

const IDLE = '(idle) ';
const GC = '(garbage collector) ';
const PROGRAM = '(program) ';

function printProfile(name: string, profile: Profile, top: number, callers: readonly string[]): void {
  const self = selfTimes(profile);
  self.delete(IDLE);
  const busy = [...self].filter(([k]) => k !== GC && k !== PROGRAM).reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\n${name}: ${busy.toFixed(0)} ms in functions, GC ${(self.get(GC) ?? 0).toFixed(0)} ms, outside JS (program) ${(self.get(PROGRAM) ?? 0).toFixed(0)} ms`);
  const rows = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  console.log(`  self time:\n${rows(self, top)}`);
  const byFile = new Map<string, number>();
  for (const [k, ms] of self) {
    const file = k.split(' ')[1]?.replace(/:\d+:\d+$/, '') || '(native)';
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  console.log(`  by file: ${[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([f, ms]) => `${f} ${ms.toFixed(0)}`).join(', ')}`);
  console.log(`  total (with callees):\n${rows(totalTimes(profile), top)}`);
  for (const fn of callers) console.log(`  callers of ${fn}:\n${rows(callersOf(profile, fn), 8)}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const app = flagValue(argv, '--app') === 'dev' ? 'dev' : 'prod';
  const reloads = Number(flagValue(argv, '--reloads') ?? 10);
  const top = Number(flagValue(argv, '--top') ?? 25);
  const callers = argv.flatMap((a, i) => (argv[i - 1] === '--callers' ? [a] : []));
  const extensionDir = path.resolve(flagValue(argv, '--extension') ?? CHROME_EXTENSION_DIR);
  await withCorsPanelSession(extensionDir, async ({ session, loadApp }) => {
    const extOrigin = `chrome-extension://${session.extensionId}/`;
    const { targetInfos } = await session.cdp.send<{ targetInfos: Array<{ targetId: string; type: string; url: string }> }>('Target.getTargets');
    const targets = targetInfos.filter((t) => t.url.startsWith(extOrigin));
    const sessions: Array<{ name: string; id: string }> = [];
    for (const t of targets) {
      const id = await attach(session.cdp, t.targetId);
      await session.cdp.send('Profiler.enable', {}, id);
      await session.cdp.send('Profiler.setSamplingInterval', { interval: 200 }, id);
      await session.cdp.send('Profiler.start', {}, id);
      sessions.push({ name: `${t.type} ${new URL(t.url).pathname}`, id });
    }
    const times = await loadApp(app, reloads);
    console.log(`${app} app: ${times.resources} resources per load, cold ${times.coldMs.toFixed(0)} ms, reload median ${times.reloadMs.toFixed(0)} ms (${reloads} reloads)`);
    // Extension frames share one renderer and one V8 isolate: the DevTools page's and the panel's
    // profiles each cover both (the service worker has its own).
    for (const s of sessions) {
      const { profile } = await session.cdp.send<{ profile: Profile }>('Profiler.stop', {}, s.id);
      printProfile(s.name, profile, top, callers);
    }
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main(process.argv.slice(2));
