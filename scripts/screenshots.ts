/**
 * README screenshots: `npm run screenshots` (after `npm run build`). Drives real headless
 * Chromium with the built extension against the lab, through the e2e support modules, and saves
 *   docs/screenshots/panel-blocked.png   a blocked request: verdict, timeline, Chrome's message
 *   docs/screenshots/panel-fix.png       the fix: header diff and the Express snippet
 *   docs/screenshots/panel-what-if.png   the what-if editor after "Apply the suggested fix"
 * Options: --out DIR (default docs/screenshots).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEATURED_IDS } from '../src/lab/scenarios/index';
import { launchChromium, warmUp } from '../test/e2e/support/chromium';
import { openCorsPanel, type CorsPanel } from '../test/e2e/support/chromium-devtools';
import { backgroundReady, backgroundSeen } from '../test/e2e/support/extension-hooks';
import { runScenarios, scenarios, startTestLab, waitForLabPage, waitForRunsInPanel, type LabRun } from '../test/e2e/support/lab';
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
/** DevTools undocked into its own window of this size. */
const WINDOW = { width: 1360, height: 760 };

async function settle(panel: CorsPanel): Promise<void> {
  // Two frames: the click's re-render is painted.
  await panel.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  await sleep(150);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const lab = await startTestLab();
  const browser = await launchChromium();
  try {
    const { page, sw } = browser;
    await backgroundReady(sw);
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    await warmUp(page, sw, { url: `${lab.apiOrigin}/__lab/log?screenshots-warmup`, recorded: async (w) => (await backgroundSeen(w, 'screenshots-warmup')) > 0 });
    const panel = await openCorsPanel(browser, page, { window: WINDOW });
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);

    const featured = FEATURED_IDS.map((id) => scenarios.find((s) => s.id === id)).filter((s) => s !== undefined);
    const runs: LabRun[] = await runScenarios(page, lab, featured, { tag: 'shot', batchSize: 8 });
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
    console.log(`saved ${await panel.screenshot(path.join(OUT, 'panel-blocked.png'))}`);

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
    console.log(`saved ${await panel.screenshot(path.join(OUT, 'panel-fix.png'))}`);

    await panel.click('.detail-tabs [data-tab="what-if"]');
    await panel.click('[data-action="apply-fix"]');
    await waitFor(() => panel.evaluate<boolean>(`document.querySelector('[data-testid="whatif-verdict"]')?.dataset.outcome === 'allowed'`), { message: 'the what-if verdict to flip' });
    await settle(panel);
    console.log(`saved ${await panel.screenshot(path.join(OUT, 'panel-what-if.png'))}`);
    await panel.close();
  } finally {
    await browser.close();
    await lab.close();
  }
}

await main();
