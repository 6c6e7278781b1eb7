/**
 * PanelAccess inside DevTools: the inspected page and its requests come from DevTools' own network
 * log (it sees them without host permissions) — asked directly when the panel opens and each time
 * it is shown again, and relayed by the DevTools page while it is shown — and the grants from
 * src/platform/hosts.ts.
 */
import { grantedOrigins, onAccessChanged, requestAccess } from '../platform/hosts';
import { inspectedTabId } from '../platform/devtools';
import { inspectedPageUrl, inspectedRequestUrls, reloadInspectedPage } from '../platform/inspected-network';
import { onInspectedTraffic } from '../platform/inspected-traffic';
import { AccessTracker, sameView, type AccessOutcome, type AccessView, type PanelAccess } from './access';

/** When the panel asks DevTools' network log again, besides right after its first answer. */
const RESYNC_AFTER_MS = [1000, 3000, 8000];

export class ExtensionAccess implements PanelAccess {
  private readonly tracker = new AccessTracker();
  private readonly listeners = new Set<(view: AccessView) => void>();
  private last: AccessView = { missing: [] };
  private started = false;

  private emit(): void {
    const view = this.tracker.view();
    if (sameView(view, this.last)) return;
    this.last = view;
    for (const l of this.listeners) l(view);
  }

  private start(): void {
    this.started = true;
    // Navigations and new origins come from the DevTools page, which has the window's one
    // onRequestFinished listener while the panel is shown (src/devtools/traffic-relay.ts), in the
    // order DevTools saw them.
    const tabId = inspectedTabId();
    if (tabId !== undefined) {
      onInspectedTraffic(tabId, (message) => {
        if (message.type === 'shown') void this.catchUp();
        else if (message.type === 'navigated') {
          this.tracker.navigated(message.url);
          this.emit();
        } else if (this.tracker.request(message.url)) this.emit();
      });
    }
    onAccessChanged((origins) => {
      this.tracker.setGranted(origins);
      this.emit();
    });
    void Promise.all([inspectedPageUrl(), inspectedRequestUrls(), grantedOrigins().catch(() => [] as string[])]).then(([page, urls, granted]) => {
      // Not navigated(): requests reported while these answers were on their way must stay.
      this.tracker.setPage(page);
      for (const url of urls) this.tracker.request(url);
      this.tracker.setGranted(granted);
      this.emit();
      // Firefox starts its network log for extensions lazily, on the first query: a request that
      // finishes meanwhile reaches neither that answer nor onRequestFinished (seen in ESR 153 when
      // the page fetched right as the panel opened). Once that first answer is in, the log is
      // running and holds such a request: asking again closes the gap, however slow the machine.
      void this.resyncRequests();
    });
    // And again a little later: on a loaded machine a request can still finish between that second
    // answer and the log's first onRequestFinished (seen once in a full run). Extra queries only add
    // what the log holds; they never decide anything by time.
    for (const ms of RESYNC_AFTER_MS) setTimeout(() => void this.resyncRequests(), ms);
    // Firefox panels hear about grants only through the background; a grant made elsewhere while
    // the message was missed is picked up when the panel is shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        void this.refreshGranted();
        void this.resyncRequests();
      }
    });
  }

  /**
   * Shown again: nothing was relayed while hidden, and the tab may have navigated. The origins are
   * read again from DevTools' log; forgotten at once, so that what the relay sends from now on
   * (it told `shown` first) is kept, whenever the answer comes.
   */
  private async catchUp(): Promise<void> {
    this.tracker.forgetRequests();
    const [page, urls] = await Promise.all([inspectedPageUrl(), inspectedRequestUrls()]);
    this.tracker.setPage(page);
    for (const url of urls) this.tracker.request(url);
    this.emit();
  }

  private async resyncRequests(): Promise<void> {
    let added = false;
    for (const url of await inspectedRequestUrls()) added = this.tracker.request(url) || added;
    if (added) this.emit();
  }

  private async refreshGranted(): Promise<void> {
    this.tracker.setGranted(await grantedOrigins().catch(() => [] as string[]));
    this.emit();
  }

  subscribe(listener: (view: AccessView) => void): () => void {
    this.listeners.add(listener);
    listener(this.last);
    if (!this.started) this.start();
    return () => this.listeners.delete(listener);
  }

  allow(patterns: string[]): Promise<AccessOutcome> {
    // Straight into permissions.request: an await before it would lose the click's gesture.
    return requestAccess(patterns).then(async (outcome) => {
      if (outcome === 'granted') await this.refreshGranted();
      return outcome;
    });
  }

  reloadPage(): void {
    reloadInspectedPage();
  }
}
