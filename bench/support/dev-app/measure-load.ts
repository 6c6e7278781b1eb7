/**
 * Times the bench app in a page: navigation start (the page's time origin) to the moment the
 * load event has fired AND all 20 API calls have settled, as the app itself reports it
 * (window.__benchDone, generate.ts). Nothing here sleeps.
 */
import { median } from './stats';

/** What the timing needs of a page: Playwright's (Chromium) and Puppeteer's (Firefox) both fit. */
export interface AppPage {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

interface AppReport {
  ready: number;
  blocked: number;
  resources: number;
}

export interface AppTimes {
  coldMs: number;
  /** Median of the reloads. */
  reloadMs: number;
  /** Resource timing entries of the cold load (modules + API calls). */
  resources: number;
  /** CPU seconds the browser used over the cold load and the reloads (when the side can tell). */
  cpuSeconds?: number;
  /** The same per kind of process (rounds.ts). */
  cpuByRole?: Record<string, number>;
}

/** CORS refuses exactly two of the app's calls; anything else means the set-up is broken. */
const EXPECTED_BLOCKED = 2;

async function report(page: AppPage): Promise<AppReport> {
  const r = (await page.evaluate('window.__benchDone')) as AppReport | undefined;
  if (!r) throw new Error(`the page at ${await page.evaluate('location.href')} is not the bench app (no window.__benchDone)`);
  if (r.blocked !== EXPECTED_BLOCKED) throw new Error(`the bench app saw ${r.blocked} refused calls, expected ${EXPECTED_BLOCKED}`);
  return r;
}

/** A cold load of `url` (this origin never visited by the profile), then `reloads` full reloads. */
export async function timeApp(page: AppPage, url: string, reloads: number): Promise<AppTimes> {
  await page.goto(url);
  const cold = await report(page);
  const reloadTimes: number[] = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload();
    reloadTimes.push((await report(page)).ready);
  }
  return { coldMs: cold.ready, reloadMs: median(reloadTimes), resources: cold.resources };
}
