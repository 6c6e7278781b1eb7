/**
 * README screenshots: `npm run screenshots` (after `npm run build`). Drives real headless
 * Chromium with the built extension against the lab, through the e2e support modules, and saves
 *   docs/screenshots/panel-blocked.png   a blocked request: verdict, timeline, Chrome's message
 *   docs/screenshots/panel-fix.png       the fix: header diff and the Express snippet
 *   docs/screenshots/panel-what-if.png   the what-if editor after "Apply the suggested fix"
 * Options: --out DIR (default docs/screenshots).
 *
 * A run that shows the same thing leaves the tracked PNGs untouched: the lab listens on fixed
 * ports (--base-port, default 7820) and answers with a fixed Date header, the scenarios run one at a time with fixed nonces (same rows,
 * same order), and a PNG is written only when its pixels differ from the file already there
 * (beyond a few anti-aliased ones).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEATURED_IDS } from '../src/lab/scenarios/index';
import { launchChromium, warmUp } from '../test/e2e/support/chromium';
import { openCorsPanel, type CorsPanel } from '../test/e2e/support/chromium-devtools';
import { backgroundReady, backgroundSeen } from '../test/e2e/support/extension-hooks';
import { runScenarios, scenarios, waitForLabPage, waitForRunsInPanel, type LabRun } from '../test/e2e/support/lab';
import { startLab } from '../src/lab/server';
import { differingPixels } from './png-pixels';
import { REPO_ROOT } from '../test/e2e/support/paths';
import { sleep, waitFor } from '../test/e2e/support/wait';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const OUT = path.resolve(option('--out') ?? path.join(REPO_ROOT, 'docs/screenshots'));
/** The request the screenshots explain: a custom header the preflight answer does not allow. */
const SUBJECT = 'acah-missing-header-post-json';
const BASE_PORT = Number(option('--base-port') ?? 7820);
/** DevTools undocked into its own window of this size. */
const WINDOW = { width: 1360, height: 760 };

async function settle(panel: CorsPanel): Promise<void> {
  // Two frames: the click's re-render is painted.
  await panel.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  await sleep(150);
}

/**
 * Repeated runs of the same picture differ only on anti-aliased edges (rounded chips, icons): by
 * 1–7 levels per channel in up to a few dozen pixels (measured). A pixel counts as changed when a
 * channel moves by more than TOLERANCE levels; a few such pixels are still treated as noise.
 */
const TOLERANCE = 24;
const NOISE_PIXELS = 8;

/** Screenshot to a scratch file; replace `name` only when the image really differs. */
async function save(panel: CorsPanel, name: string): Promise<void> {
  const target = path.join(OUT, name);
  const scratch = path.join(OUT, `.${name}.new`);
  await panel.screenshot(scratch);
  const changed = fs.existsSync(target) ? differingPixels(fs.readFileSync(scratch), fs.readFileSync(target), TOLERANCE) : Infinity;
  if (changed <= NOISE_PIXELS) {
    fs.rmSync(scratch);
    console.log(`unchanged ${target}`);
    return;
  }
  fs.renameSync(scratch, target);
  console.log(`saved ${target}${Number.isFinite(changed) ? ` (${changed} pixels changed)` : ''}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const lab = await startLab({ pagePort: BASE_PORT, apiPort: BASE_PORT + 1, thirdPort: BASE_PORT + 2, closedPort: BASE_PORT + 3, fixedDate: 'Thu, 01 Oct 2026 12:00:00 GMT' });
  const browser = await launchChromium({ backgroundRecording: false });
  try {
    const { page, sw } = browser;
    await backgroundReady(sw);
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    const panel = await openCorsPanel(browser, page, { window: WINDOW });
    await warmUp(page, sw, { url: `${lab.apiOrigin}/__lab/log?screenshots-warmup`, recorded: async (w) => (await backgroundSeen(w, 'screenshots-warmup')) > 0 });
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);

    const featured = FEATURED_IDS.map((id) => scenarios.find((s) => s.id === id)).filter((s) => s !== undefined);
    const runs: LabRun[] = await runScenarios(page, lab, featured, { batchSize: 1, nonce: (_s, i) => `shot-${i + 1}` });
    const subject = runs.find((r) => r.scenario.id === SUBJECT);
    if (!subject) throw new Error(`the lab has no featured scenario ${SUBJECT}`);
    // Some featured scenarios never reach the network (the browser refuses them): wait for ours,
    // then for the list to stop growing.
    await waitForRunsInPanel(panel, [subject]);
    let count = -1;
    await waitFor(async () => {
      const now = (await panel.rows()).length;
      const stable = now === count;
      count = now;
      return stable;
    }, { message: 'the list to settle', interval: 500 });

    const row = `[data-exchange-url="${subject.url}"]`;
    await panel.click(row);
    await waitFor(() => panel.evaluate<boolean>(`!!document.querySelector('[data-testid="summary"]')`), { message: 'the detail' });
    await settle(panel);
    await save(panel, 'panel-blocked.png');

    await panel.click('.detail-tabs [data-tab="fix"]');
    await waitFor(() => panel.evaluate<boolean>(`!!document.querySelector('[data-testid="fix-snippet"]')`), { message: 'the fix' });
    await panel.evaluate(`(() => {
      const s = document.querySelector('[data-action="stack"]');
      s.value = 'express';
      s.dispatchEvent(new Event('change', { bubbles: true }));
    })()`);
    await waitFor(() => panel.evaluate<boolean>(`document.querySelector('[data-testid="fix-snippet"]')?.dataset.stack === 'express'`), { message: 'the Express snippet' });
    // Scroll so the diff and the snippet are both in view.
    await panel.evaluate(`document.querySelector('[data-testid="fix-diff"]')?.scrollIntoView({ block: 'start' })`);
    await settle(panel);
    await save(panel, 'panel-fix.png');

    await panel.click('.detail-tabs [data-tab="what-if"]');
    await panel.click('[data-action="apply-fix"]');
    await waitFor(() => panel.evaluate<boolean>(`document.querySelector('[data-testid="whatif-verdict"]')?.dataset.outcome === 'allowed'`), { message: 'the what-if verdict to flip' });
    await settle(panel);
    await save(panel, 'panel-what-if.png');
    await panel.close();
  } finally {
    await browser.close();
    await lab.close();
  }
}

await main();
