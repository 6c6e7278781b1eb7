/**
 * `npm start`: build the extension, start the CORS lab, and open Chromium with CORS Lens loaded
 * and DevTools open on the lab page with the CORS tab selected.
 *
 *   npm start                      headed when $DISPLAY is set: stays open until the browser
 *                                  closes or Ctrl-C
 *   npm start -- --headless        (or no $DISPLAY) runs the featured scenarios, saves a
 *                                  screenshot of the panel, prints a summary and exits
 *   --no-build                     skip `npm run build` (use the existing dist/chrome)
 *   --screenshot <file>            where the headless screenshot goes (artifacts/cors-panel.png)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startLab, type Lab } from '../src/lab/server';
import { launchChromium, warmUp, type ChromiumSession } from '../test/e2e/support/chromium';
import { openCorsPanel, type CorsPanel, type PanelRow } from '../test/e2e/support/chromium-devtools';
import { backgroundReady, backgroundSeen } from '../test/e2e/support/extension-hooks';
import { reachedNetwork, runScenarios, scenarios, staysSameOrigin, waitForLabPage, waitForRunsInPanel } from '../test/e2e/support/lab';
import { ARTIFACTS_DIR, REPO_ROOT } from '../test/e2e/support/paths';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const headless = flag('--headless') || !process.env['DISPLAY'];
const screenshotPath = path.resolve(option('--screenshot') ?? path.join(ARTIFACTS_DIR, 'cors-panel.png'));

let lab: Lab | undefined;
let browser: ChromiumSession | undefined;
let panel: CorsPanel | undefined;
let shuttingDown: Promise<void> | undefined;

function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    await panel?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await lab?.close().catch(() => undefined);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: closing the browser and the lab…`);
    void shutdown().then(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  if (!flag('--no-build')) {
    console.log('▶ npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
  }

  lab = await startLab();
  console.log(`▶ CORS lab on ${lab.pageUrl} (API ${lab.apiOrigin}, third origin ${lab.thirdOrigin})`);
  // The product's default: CORS Lens records the tab while its DevTools is open (issue 13).
  browser = await launchChromium({ headless, viewport: headless ? { width: 1280, height: 800 } : null, handleSignals: false, backgroundRecording: false });
  const { page, sw } = browser;
  const { listenerErrors } = await backgroundReady(sw);
  if (listenerErrors.length > 0) console.warn(`  webRequest listeners not registered: ${listenerErrors.join(', ')}`);
  console.log(`▶ Chromium ${headless ? 'headless' : 'headed'} with CORS Lens ${browser.extensionId}`);

  await page.goto(lab.pageUrl);
  await waitForLabPage(page);
  panel = await openCorsPanel(browser, page, headless ? { window: { width: 1400, height: 900 } } : {});
  await warmUp(page, sw, {
    url: `${lab.apiOrigin}/__lab/log?start-warmup`,
    recorded: async (w) => (await backgroundSeen(w, 'start-warmup')) > 0,
  });
  await page.goto(lab.pageUrl); // a fresh list: the navigation clears the warm-up request
  await waitForLabPage(page);
  console.log('▶ DevTools open on the lab page, CORS tab selected');

  if (!headless) {
    console.log('\nClick the scenario buttons in the lab page and watch the CORS tab.');
    console.log('Close the browser window or press Ctrl-C to stop.');
    await new Promise<void>((resolve) => browser!.context.once('close', () => resolve()));
    return;
  }

  const featured = scenarios.filter((s) => s.featured);
  const runs = await runScenarios(page, lab, featured, { tag: 'start' });
  const listed = runs.filter((r) => !staysSameOrigin(r.scenario) && reachedNetwork(lab!, r));
  // A row is listed from the request's first event, with no verdict yet ('unknown') until its
  // response arrives: wait for every repeat of a run, then (briefly) for the in-flight ones.
  await waitForRunsInPanel(panel, listed, (r) => r.scenario.request.repeat ?? 1);
  const settled = (rows: PanelRow[]) => !rows.some((row) => row.outcome === 'unknown' && listed.some((r) => r.url === row.url));
  const rows = await panel.waitForRows(settled, 'no in-flight row left', 10_000).catch(() => panel!.rows());
  // The screenshot shows an answer, not just a list: a blocked exchange, selected, with its detail.
  const firstBlocked = rows.find((r) => r.outcome === 'blocked');
  let shown: string | undefined;
  if (firstBlocked) {
    await panel.click(`[data-exchange-url="${firstBlocked.url}"]`);
    shown = await panel.textOf('[data-testid="detail"] [data-testid="summary"]');
  }
  await panel.screenshot(screenshotPath);
  printSummary(featured.length, rows, screenshotPath, shown);
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function printSummary(scenarioCount: number, rows: PanelRow[], shot: string, shown: string | undefined): void {
  const count = (pred: (r: PanelRow) => boolean): number => rows.filter(pred).length;
  const reasons = new Map<string, number>();
  for (const r of rows) if (r.outcome === 'blocked') reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const outcomes = ['allowed', 'blocked', 'opaque', 'network-error', 'unknown']
    .map((o) => [o, count((r) => r.outcome === o)] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${o}`);
  console.log(`\nCORS Lens: ${scenarioCount} featured scenarios run`);
  console.log(`  ${rows.length} exchanges in the CORS panel: ${outcomes.join(', ')}`);
  console.log(`  ${count((r) => r.outcome === 'blocked')} blocked, by reason:`);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    console.log(`    ${String(n).padStart(3)}  ${reason}`);
  }
  console.log(`\nScreenshot of the CORS panel${shown ? `, on a blocked request ("${clip(shown.trim(), 140)}")` : ''}:`);
  console.log(`  ${shot}`);
  console.log('To use it in a real browser window:');
  console.log('  npm start                  on a machine with a display (the window stays open until you close it)');
  console.log('  or load dist/chrome        chrome://extensions → Developer mode → Load unpacked, then DevTools → CORS');
}

try {
  await main();
  await shutdown();
  process.exit(0);
} catch (err) {
  console.error(`npm start failed: ${(err as Error).stack ?? String(err)}`);
  await shutdown();
  process.exit(1);
}
