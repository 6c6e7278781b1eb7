/**
 * Where each process's time goes with DevTools open on the CORS panel (issue 13), by trace event:
 * one Chromium with the build loads the bench app (cold + N reloads) while Chrome's tracing
 * records every process; prints, for the busiest threads, the self time of each kind of event
 * (script, style, layout, paint, IPC, …). A profile, not a benchmark: it names the native work a
 * V8 profile lumps together as "(program)"; bench/dev-app.ts says what it costs a page.
 *   node --import tsx bench/trace-open.ts [--app prod|dev] [--reloads N] [--extension DIR] [--panel cors|elements] [--top N]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_EXTENSION_DIR } from '../test/e2e/support/paths';
import { flagValue } from './dev-app';
import { withCorsPanelSession } from './support/dev-app/panel-session';
import { selfTimeByThread, type TraceEvent } from './support/trace-events';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink', 'ipc', 'mojom', '__metadata'];

async function main(argv: readonly string[]): Promise<void> {
  const app = flagValue(argv, '--app') === 'dev' ? 'dev' : 'prod';
  const reloads = Number(flagValue(argv, '--reloads') ?? 10);
  const top = Number(flagValue(argv, '--top') ?? 15);
  const extensionDir = path.resolve(flagValue(argv, '--extension') ?? CHROME_EXTENSION_DIR);
  await withCorsPanelSession(extensionDir, async ({ session, loadApp }) => {
    const events: TraceEvent[] = [];
    const off = session.cdp.on((e) => {
      if (e.method === 'Tracing.dataCollected') events.push(...((e.params.value as TraceEvent[] | undefined) ?? []));
    });
    const complete = new Promise<void>((resolve) => {
      const stop = session.cdp.on((e) => {
        if (e.method === 'Tracing.tracingComplete') {
          stop();
          resolve();
        }
      });
    });
    await session.cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' } });
    const times = await loadApp(app, reloads);
    await session.cdp.send('Tracing.end');
    await complete;
    off();
    console.log(`${app} app: ${times.resources} resources per load, cold ${times.coldMs.toFixed(0)} ms, reload median ${times.reloadMs.toFixed(0)} ms (${reloads} reloads); ${events.length} trace events`);
    for (const thread of selfTimeByThread(events).slice(0, 8)) {
      console.log(`\n${thread.process} / ${thread.thread}: ${thread.busyMs.toFixed(0)} ms busy`);
      for (const [name, ms] of [...thread.self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main(process.argv.slice(2));
