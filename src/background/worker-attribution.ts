/**
 * Requests made outside any tab — by a service worker or a shared worker — reach webRequest with
 * `tabId: -1`. They belong to the pages those workers serve, so this module routes them there:
 * a worker can only be of its pages' origin, so its requests go to every tab that has a document
 * (top-level or frame) of the worker's origin. Pure: the recorder feeds it webRequest details.
 *
 * Which worker it was: a service worker's script is fetched with `Service-Worker: script`; a
 * worker request whose Firefox `originUrl` is such a script, or (Chrome, which names only the
 * origin) whose origin has a known service worker, is marked `service-worker`. A worker's script
 * fetched before anything listened (Chrome hears requests outside tabs only once an inspected tab
 * is known to be served: capture-scope.ts) is missed; then a tab DevTools saw answered by its
 * service worker (`noteServedTab`) vouches for its documents' origins. Otherwise the marker says
 * only that it came from a worker outside the tab.
 */
import type { InitiatorContext } from '../core/model';
import { FROM_BEFORE_REQUEST, initiatorOriginOf, originOfUrl, type FirstEventOf, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';

export interface WorkerRoute {
  tabId: number;
  context: InitiatorContext;
}

/** Bounds: a long session must not grow these without limit. */
const MAX_ROUTES = 2_000;
const MAX_SCRIPTS = 200;
const MAX_ORIGINS_PER_TAB = 64;

export class WorkerAttribution {
  /** Origins of the documents each tab has shown (top-level and frames) since its last navigation. */
  private readonly documents = new Map<number, Set<string>>();
  /** Service-worker script URLs seen being fetched (`Service-Worker: script`). */
  private readonly scripts = new Set<string>();
  /** requestId → where its events go (decided at the chain's first event). */
  private readonly routes = new Map<string, WorkerRoute[]>();
  /** Tabs DevTools saw answered by their service worker. */
  private readonly servedTabs = new Set<number>();

  /** `firstEventOf`: what the listeners hear first of a request, per resource type. */
  constructor(private readonly firstEventOf: FirstEventOf = FROM_BEFORE_REQUEST) {}

  /** Whether an event comes from outside any tab (and is worth routing). */
  static isOutsideTab(d: WebRequestDetails): boolean {
    return !!d && d.tabId === -1;
  }

  /** Learns from a tab's own traffic: its documents' origins and any service-worker script. */
  noteTabEvent(event: WebRequestEventName, d: WebRequestDetails & { tabId: number }): void {
    this.noteScript(event, d);
    const type = d.type;
    if ((type === 'main_frame' || type === 'sub_frame') && event === 'onResponseStarted') {
      const origin = originOfUrl(d.url);
      if (type === 'main_frame' && d.frameId === 0) this.documents.delete(d.tabId);
      if (origin) this.addDocument(d.tabId, origin);
      return;
    }
    // A document that makes requests exists, even if its navigation came before recording did.
    if (event === this.firstEventOf(type)) {
      const origin = initiatorOriginOf(d);
      if (origin) this.addDocument(d.tabId, origin);
    }
  }

  /** The tabs (and marker) an outside-tab event belongs to; [] when no known tab fits. */
  route(event: WebRequestEventName, d: WebRequestDetails): WorkerRoute[] {
    this.noteScript(event, d);
    const known = this.routes.get(d.requestId);
    if (known) {
      if (event === 'onCompleted' || event === 'onErrorOccurred') this.routes.delete(d.requestId);
      return known;
    }
    const origin = initiatorOriginOf(d);
    if (!origin) return [];
    const context = this.contextOf(d, origin);
    const routes: WorkerRoute[] = [];
    for (const [tabId, origins] of this.documents) if (origins.has(origin)) routes.push({ tabId, context });
    if (event !== 'onCompleted' && event !== 'onErrorOccurred') {
      this.routes.set(d.requestId, routes);
      if (this.routes.size > MAX_ROUTES) this.routes.delete(this.routes.keys().next().value as string);
    }
    return routes;
  }

  /** A document of `origin` is (or, restored, was) in the tab. */
  noteDocument(tabId: number, origin: string): void {
    this.addDocument(tabId, origin);
  }

  originsOf(tabId: number): Iterable<string> {
    return this.documents.get(tabId) ?? [];
  }

  /** DevTools saw a request of the tab answered by its service worker. */
  noteServedTab(tabId: number): void {
    this.servedTabs.add(tabId);
  }

  forgetTab(tabId: number): void {
    this.documents.delete(tabId);
    this.servedTabs.delete(tabId);
  }

  private contextOf(d: WebRequestDetails, origin: string): InitiatorContext {
    if (typeof d.originUrl === 'string' && d.originUrl) return this.scripts.has(stripQuery(d.originUrl)) ? 'service-worker' : 'worker';
    for (const s of this.scripts) if (originOfUrl(s) === origin) return 'service-worker';
    for (const tabId of this.servedTabs) if (this.documents.get(tabId)?.has(origin)) return 'service-worker';
    return 'worker';
  }

  private noteScript(event: WebRequestEventName, d: WebRequestDetails): void {
    if (event !== 'onBeforeSendHeaders' && event !== 'onSendHeaders') return;
    const sw = d.requestHeaders?.find((h) => h?.name?.toLowerCase() === 'service-worker');
    if (sw?.value?.toLowerCase() !== 'script') return;
    this.scripts.add(stripQuery(d.url));
    if (this.scripts.size > MAX_SCRIPTS) this.scripts.delete(this.scripts.values().next().value as string);
  }

  private addDocument(tabId: number, origin: string): void {
    let set = this.documents.get(tabId);
    if (!set) this.documents.set(tabId, (set = new Set()));
    set.add(origin);
    if (set.size > MAX_ORIGINS_PER_TAB) set.delete(set.values().next().value as string);
  }
}

function stripQuery(url: string): string {
  const i = url.search(/[?#]/);
  return i === -1 ? url : url.slice(0, i);
}
