/**
 * For the profiling scripts (bench/profile-open.ts, bench/trace-open.ts): the bench API and apps
 * served, one Chromium with the build on its CORS panel (the product's defaults), and the loads
 * to time with it. Everything is closed when `use` settles.
 */
import type { ChromiumSession } from '../../../test/e2e/support/chromium';
import { launchChromium } from '../../../test/e2e/support/chromium';
import { openCorsPanel } from '../../../test/e2e/support/chromium-devtools';
import { backgroundReady } from '../../../test/e2e/support/extension-hooks';
import { startApiServer } from './api-server';
import { timeApp } from './measure-load';
import { startBenchApps } from './servers';

export interface PanelSession {
  session: ChromiumSession;
  /** Cold load + `reloads` of the dev or production app, timed as the A/B bench times them. */
  loadApp(app: 'dev' | 'prod', reloads: number): ReturnType<typeof timeApp>;
}

export async function withCorsPanelSession(extensionDir: string, use: (s: PanelSession) => Promise<void>): Promise<void> {
  const api = await startApiServer();
  const apps = await startBenchApps(api.origin);
  const session = await launchChromium({ extensionDir, pageHooks: false, backgroundRecording: false });
  try {
    await backgroundReady(session.sw);
    session.page.setDefaultNavigationTimeout(180_000);
    await session.page.goto(api.warmup.page);
    await openCorsPanel(session, session.page);
    await use({ session, loadApp: (app, reloads) => timeApp(session.page, app === 'dev' ? apps.dev.url : apps.prod.url, reloads) });
  } finally {
    await session.close();
    await apps.close();
    await api.close();
  }
}
