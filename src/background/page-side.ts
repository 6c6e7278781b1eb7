/**
 * Keeps the page-side scripts' registrations (platform/content-scripts.ts) where CORS Lens records
 * (issue 13: "the script is injected only into tabs under inspection"):
 * - "Read calls inside the page" off: none;
 * - "Record in the background" on: every granted site (every tab is recorded);
 * - otherwise: the sites of the inspected tabs' pages and frames (page-side-sites.ts), none once
 *   the last DevTools has closed.
 * And where `watchServiceWorkers` (Chrome) and "Record in the background" is off: the
 * service-worker watch on the inspected tabs' sites, whatever the page-side setting, and run at
 * once in a tab whose DevTools just opened (`watchTab`).
 * A registration applies to documents that start loading after it, so a caller that reloads a
 * tab for its hooks (Reload and capture) awaits `sync()` first. Updates run one at a time, in
 * order, each from the current state: a burst of changes ends in the last one's registrations.
 */
import { injectServiceWorkerWatch, syncPageSideScripts } from '../platform/content-scripts';
import { grantedOrigins } from '../platform/hosts';
import { tabUrl } from '../platform/tabs';
import { PageSideSites } from './page-side-sites';
import { loadPrefs } from './prefs';

export class PageSideScripts {
  readonly sites = new PageSideSites();
  private latest: Promise<void> = Promise.resolve();
  private active = false;

  /**
   * `inspectedTabs`: the tabs CORS Lens records because DevTools is open on them.
   * `watchServiceWorkers`: the browser cannot filter requests outside tabs (Chrome: capture-scope.ts).
   */
  constructor(
    private readonly inspectedTabs: () => readonly number[],
    private readonly watchServiceWorkers = false,
  ) {}

  /** Starts following the state (call once the capture scope is loaded); syncs now. */
  start(): Promise<void> {
    this.active = true;
    return this.sync();
  }

  /** Brings the registrations up to date; resolves once they are (errors are logged). */
  sync(): Promise<void> {
    if (!this.active) return this.latest;
    this.latest = this.latest.then(() => this.apply()).catch((error: unknown) => console.warn('[CORS Lens] registering page-side scripts failed', error));
    return this.latest;
  }

  /** A request of an inspected tab: a page or frame on a new site widens the registrations. */
  noteRequest(tabId: number, type: string | undefined, url: string | undefined): void {
    if ((type === 'main_frame' || type === 'sub_frame') && this.sites.noteRequest(tabId, type, url)) void this.sync();
  }

  /**
   * DevTools just opened on the tab: watch the documents it has loaded for a service worker. After
   * the registrations are up to date, so that no document starts between the two unwatched.
   */
  watchTab(tabId: number): void {
    if (!this.watchServiceWorkers) return;
    void this.sync()
      .then(() => loadPrefs())
      .then((prefs) => (prefs.backgroundRecording === true ? undefined : injectServiceWorkerWatch(tabId)));
  }

  forgetTab(tabId: number): void {
    if (this.sites.forget(tabId)) void this.sync();
  }

  private async apply(): Promise<void> {
    const [granted, prefs] = await Promise.all([grantedOrigins(), loadPrefs()]);
    const background = prefs.backgroundRecording === true;
    const pageHooks = prefs.pageHooks === true;
    // Every tab recorded (background) needs no sites; neither does nothing registered per tab.
    const perTab = !background && (pageHooks || this.watchServiceWorkers);
    const sites = perTab ? await this.inspectedSites() : [];
    const watchSites = this.watchServiceWorkers && !background ? sites : [];
    if (!pageHooks) return syncPageSideScripts(granted, false, 'all-granted', watchSites);
    if (background) return syncPageSideScripts(granted, true, 'all-granted');
    return syncPageSideScripts(granted, true, sites, watchSites);
  }

  /** The site patterns of the inspected tabs' pages and frames. */
  private async inspectedSites(): Promise<string[]> {
    const tabs = this.inspectedTabs();
    this.sites.keepOnly(tabs);
    for (const tabId of tabs) if (!this.sites.knowsTop(tabId)) this.sites.setTop(tabId, await tabUrl(tabId));
    return this.sites.patterns(tabs);
  }
}
