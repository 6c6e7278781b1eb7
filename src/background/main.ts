/**
 * Background: the service worker (Chrome) / event page (Firefox). It records the cross-origin
 * traffic of the tabs DevTools is open on (or of every tab, with "Record in the background":
 * capture-scope.ts), and counts the cross-origin failures of the others from one cheap
 * errors-only listener (failure-hints.ts), for the badge and the panel's "Reload and capture".
 *
 * Order matters: all listeners are registered synchronously, before the first await, so that a
 * restarted worker / woken event page receives the events of the request that woke it. Events
 * that arrive while the saved state is loading are queued and applied after it.
 */
import type { Observation, PageHint } from '../core/model';
import { analyze } from '../core/analyze';
import { isPageHintsMessage } from '../content/channel';
import { isSwControlledMessage } from '../content/sw-watch-message';
import { browserName } from '../platform/features';
import { hasHostAccess } from '../platform/hosts';
import { registeredPageSideScripts } from '../platform/content-scripts';
import { onContentScriptMessage } from '../platform/messages';
import { onPortConnect } from '../platform/ports';
import { onLocalChange } from '../platform/local-storage';
import { onTabRemoved, reloadTab, tabUrl } from '../platform/tabs';
import { firstEventOf, listenErrorsOnly, listenWebRequest } from '../platform/webrequest';
import { initiatorOriginOf, originOfUrl, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';
import { BadgeUpdater } from './badge';
import { CaptureScope } from './capture-scope';
import { browserRoundTrip, loadCaptureState, readScopeMirror, saveFailures, saveScope } from './capture-store';
import { FailureHints } from './failure-hints';
import { watchHostAccess } from './host-access';
import { EventLog, type LoggedEvent } from './event-log';
import { HintBudget } from './hint-budget';
import { HintDropReporter } from './hint-drops';
import { Persister, loadRecorderState } from './persistence';
import { PANEL_BATCH_MS, PortRouter } from './port-router';
import { loadPrefs, PREFS_KEY, sanitizePrefs, savePrefs } from './prefs';
import { DEVTOOLS_PORT_PREFIX, tabIdOfPortName, type FromPanel, type ToPanel } from '../shared/protocol';
import { PageSideScripts } from './page-side';
import { Recorder } from './recorder';
import { SameOriginGate } from './same-origin-gate';
import { Throttle } from './throttle';
import { ServiceWorkerOrigins } from './service-worker-origins';
import { installTestHooks } from './test-hooks';

const browser = browserName();
/** How long tabs restored as inspected wait for their DevTools page to reconnect. */
const UNCLAIMED_TABS_MS = 30_000;
const analyzeForThisBrowser = (observations: Observation[], hints: readonly PageHint[]) => analyze(observations, { hints, browser });

let router: PortRouter | undefined;
let persister: Persister | undefined;
let badge: BadgeUpdater | undefined;
/** Which tabs the full listeners cover (DevTools open, or every tab in background recording). */
const scope = new CaptureScope((target) => listenWebRequest(onWebRequest, target === undefined ? {} : { tabId: target }), {
  workerFilter: browser === 'firefox',
  save: saveScope,
});
/** Origins whose workers make requests outside tabs: their inspected tabs are served (Chrome). */
const workerOrigins = new ServiceWorkerOrigins();
/** Inspected tabs showing an origin with a worker outside tabs get its requests (capture-scope.ts). */
function serveWorkersOfInspectedTabs(): void {
  for (const tabId of workerOrigins.servedAmong(scope.describe().inspected, (t) => recorder.documentOrigins(t))) scope.serve(tabId);
}
function noteOutsideTab(details: WebRequestDetails): void {
  if (workerOrigins.note(initiatorOriginOf(details))) serveWorkersOfInspectedTabs();
}
/** Inspected tabs whose page or frame said a service worker controls it, while inspected (test hooks). */
const controlledTabs = new Set<number>();
/** Cross-origin failures of tabs nobody inspects: badge and "Reload and capture". */
const hints = new FailureHints();
/** The page-side scripts, registered on the inspected tabs' sites only (page-side.ts). */
const pageSide = new PageSideScripts(() => scope.coveredTabs(), browser === 'chrome');
/** Origins that sent page hints, and how many messages, per tab (test hooks: a tab nobody inspects must send none). */
const pageHintsFrom = new Map<number, Set<string>>();
const pageHintMessages = new Map<number, number>();
/** Full-listener events delivered per tab, and the newest URLs (test hooks: another tab's traffic must cause none). */
const delivered = new Map<number, number>();
const deliveredUrls: string[] = [];
/** Same-origin requests of the captured tabs, dropped at their first event (same-origin-gate.ts). */
const sameOrigin = new SameOriginGate();
/** What each tab and frame may make us do with page hints (they come from the page: hint-budget.ts). */
const hintBudget = new HintBudget();
/** Every event and page hint, written when delivered: a stop between two snapshots loses nothing. */
const eventLog = new EventLog(undefined, () => hintBudget.logTrimmed());
const hintDrops = new HintDropReporter(hintBudget, (tabId) => router?.status(tabId));

/**
 * A tab's exchanges are analysed again once per panel batch, not on each event (a request's
 * events arrive one by one), and the panel messages that analysis makes go out in the same turn;
 * reads of the stores (snapshots, badge, saves) are always current.
 */
const panelBatches = new Throttle(PANEL_BATCH_MS);
const recorder = new Recorder(
  analyzeForThisBrowser,
  {
    changed: (tabId, changes) => {
      router?.changed(tabId, changes);
      badge?.update(tabId);
    },
    cleared: (tabId, reason) => {
      router?.cleared(tabId, reason);
      badge?.update(tabId);
    },
    status: (tabId) => router?.status(tabId),
  },
  { defer: (run) => panelBatches.schedule('analysis', run), firstEventOf },
);

let restored = false;
const queue: Array<() => void> = [];
/** Runs now if the state is loaded, else right after it is. */
function whenRestored(fn: () => void): void {
  if (restored) fn();
  else queue.push(fn);
}
function guarded(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    // One bad event must not stop the recording.
    console.error('[CORS Lens]', error);
  }
}

// ---- listeners: synchronous, top level ----
watchHostAccess(() => void pageSide.sync());
function onWebRequest(event: WebRequestEventName, details: WebRequestDetails): void {
  if (!scope.accept(event, details)) return; // the second copy, while two listener sets overlap
  const tabId = typeof details?.tabId === 'number' ? details.tabId : -1;
  delivered.set(tabId, (delivered.get(tabId) ?? 0) + 1);
  deliveredUrls.push(String(details?.url));
  if (deliveredUrls.length > 500) deliveredUrls.shift();
  if (!scope.covers(tabId)) return;
  pageSide.noteRequest(tabId, details.type, details.url);
  if (recorder.wants(details)) {
    // A tab's same-origin requests go at their first event: nothing logged, collected or saved.
    const verdict = sameOrigin.admit(event, details);
    if (!verdict.pass) {
      whenRestored(() =>
        guarded(() => {
          recorder.noteSkipped(event, details);
          learnDocuments(event, details, tabId);
        }),
      );
      return;
    }
    for (const [held, heldDetails] of verdict.release) record(held, heldDetails, tabId);
  }
  record(event, details, tabId);
}
/** A tab's documents are learnt from its requests (at their first event): one may show a worker's origin. */
function learnDocuments(event: WebRequestEventName, details: WebRequestDetails, tabId: number): void {
  if (tabId >= 0 && event === firstEventOf(details.type) && workerOrigins.size > 0) serveWorkersOfInspectedTabs();
}
function record(event: WebRequestEventName, details: WebRequestDetails, tabId: number): void {
  // Logged at once, even while the saved state loads: a worker stopped again before it finished
  // loading must not lose the request that woke it. So are requests outside tabs (a service
  // worker's) while a tab they are shown in is inspected: a snapshot is half a second away.
  if (recorder.wants(details) || tabId === -1) eventLog.append([event, details]);
  whenRestored(() =>
    guarded(() => {
      if (!scope.covers(tabId)) return; // the start-up bridge heard a tab nobody inspects
      if (tabId === -1) noteOutsideTab(details);
      // A worker's request is shown in the inspected tabs of its origin only.
      recorder.handle(event, details, (t) => scope.covers(t));
      learnDocuments(event, details, tabId);
      persister?.schedule();
    }),
  );
}
scope.start(readScopeMirror());
const hintErrors = listenErrorsOnly((details) =>
  whenRestored(() =>
    guarded(() => {
      // A worker's failure outside tabs: an inspected tab of its origin is served by a worker.
      if (details?.tabId === -1) noteOutsideTab(details);
      if (typeof details?.tabId !== 'number' || scope.covers(details.tabId)) return; // recorded in full
      const tabId = hints.note(details);
      if (tabId === undefined) return;
      saveFailures(hints);
      badge?.update(tabId);
    }),
  ),
).errors;
const listenerErrors = [...scope.errors, ...hintErrors];
if (listenerErrors.length > 0) console.error('[CORS Lens] webRequest listeners not registered:', listenerErrors);
onLocalChange(PREFS_KEY, (value) => whenRestored(() => scope.setBackground(sanitizePrefs(value).backgroundRecording === true)));

// What pages saw of their own fetch/XHR calls (credentials mode, mode, rejection), from the
// relay content script: supplies what webRequest cannot report.
onContentScriptMessage((message, sender) => {
  if (!isPageHintsMessage(message) || !Number.isInteger(sender.tabId) || sender.tabId < 0) return;
  pageHintMessages.set(sender.tabId, (pageHintMessages.get(sender.tabId) ?? 0) + 1);
  const origins = pageHintsFrom.get(sender.tabId) ?? new Set<string>();
  if (pageHintsFrom.size < 64 && origins.size < 16) pageHintsFrom.set(sender.tabId, origins.add(sender.origin ?? '?'));
  // Over its tab's or frame's allowance, a batch is cut before anything else is spent on it.
  const admitted = hintBudget.admit(sender.tabId, sender.frameId, message.records.length);
  if (admitted < message.records.length) hintDrops.changed(sender.tabId);
  if (admitted === 0) return;
  const records = admitted < message.records.length ? message.records.slice(0, admitted) : message.records;
  eventLog.append(['page-hints', { sender, records }], (chars) => hintBudget.mayLog(sender.tabId, chars));
  whenRestored(() =>
    guarded(() => {
      recorder.handlePageHints(sender, records);
      persister?.schedule();
    }),
  );
});

// A document of an inspected tab is controlled by a service worker (sw-watch.ts, Chrome): the
// worker's requests come outside tabs, heard only by the unfiltered set (capture-scope.ts).
onContentScriptMessage((message, sender) => {
  if (!isSwControlledMessage(message) || !scope.isInspected(sender.tabId)) return;
  whenRestored(() => {
    controlledTabs.add(sender.tabId);
    recorder.noteServedTab(sender.tabId);
    scope.serve(sender.tabId);
  });
});

onTabRemoved((tabId) =>
  whenRestored(() => {
    recorder.forgetTab(tabId);
    controlledTabs.delete(tabId);
    hintDrops.forgetTab(tabId);
    pageSide.forgetTab(tabId);
    badge?.forget(tabId);
    if (hints.forget(tabId)) saveFailures(hints);
    persister?.schedule();
  }),
);

/** What the panel lists as "failed before DevTools opened". */
function missedMessage(tabId: number): ToPanel {
  const tab = hints.of(tabId);
  return { type: 'missed', count: tab?.count ?? 0, listed: tab?.listed ?? [] };
}

function onPanelMessage(tabId: number, message: FromPanel): void {
  if (message?.type === 'clear') recorder.clearTab(tabId, Date.now());
  else if (message?.type === 'reload-and-capture') {
    // The panel's port keeps the tab captured: the reload is recorded in full.
    if (hints.forget(tabId)) saveFailures(hints);
    router?.send(tabId, missedMessage(tabId));
    badge?.update(tabId);
    // The reloaded page gets the page-side scripts (if on) only if they are registered first.
    void pageSide.sync().then(() => reloadTab(tabId)).catch((e: unknown) => console.warn('[CORS Lens] reload failed', e));
    return;
  }
  else if (message?.type === 'set-preserve-log') recorder.setPreserveLog(tabId, message.value === true);
  else if (message?.type === 'get-prefs' || message?.type === 'set-prefs') {
    // The panel's remembered choices live in storage.local; answer with the (merged) prefs.
    const prefs = message.type === 'set-prefs' ? savePrefs(message.prefs) : loadPrefs();
    void prefs.then((p) => router?.send(tabId, { type: 'prefs', prefs: p }), (e: unknown) => console.error('[CORS Lens] prefs', e));
    return;
  }
  persister?.schedule();
}

const pendingPorts: Array<Parameters<PortRouter['connect']>[0]> = [];
onPortConnect<FromPanel, ToPanel>((port) => {
  // DevTools open on a tab (its DevTools page, and the CORS panel once shown): capture that tab
  // until the port goes. The DevTools page reconnects at once when a stopped background drops it.
  const inspected = tabIdOfPortName(port.name, DEVTOOLS_PORT_PREFIX) ?? tabIdOfPortName(port.name);
  if (inspected === undefined) return;
  scope.inspect(inspected);
  void pageSide.sync();
  whenRestored(serveWorkersOfInspectedTabs);
  badge?.update(inspected);
  port.onDisconnect(() => {
    scope.release(inspected);
    if (!scope.isInspected(inspected)) controlledTabs.delete(inspected);
    void pageSide.sync();
    badge?.update(inspected);
  });
  if (tabIdOfPortName(port.name) === undefined) {
    // The DevTools page (it only pings): its documents are watched for a service worker from now.
    pageSide.watchTab(inspected);
    return;
  }
  if (router) router.connect(port, ready);
  else pendingPorts.push(port);
  void ready.then(() => router?.send(inspected, missedMessage(inspected)));
});

function replay(entry: LoggedEvent): void {
  if (entry[0] === 'page-hints') recorder.handlePageHints(entry[1].sender, entry[1].records);
  else recorder.handle(entry[0], entry[1], (t) => scope.covers(t));
}

/**
 * The documents the captured tabs show now, for routing their workers' requests after a restart
 * (the stored exchanges say which origins they came from only once a snapshot held some).
 */
async function seedTabDocuments(tabIds: readonly number[]): Promise<void> {
  for (const tabId of new Set(tabIds)) {
    const url = await tabUrl(tabId);
    const origin = url === undefined ? undefined : originOfUrl(url);
    if (typeof origin === 'string' && origin !== 'null') recorder.noteDocument(tabId, origin);
  }
}

// ---- restore, then start ----
const ready: Promise<void> = (async () => {
  try {
    recorder.restore(await loadRecorderState());
    await hintDrops.load();
    const [captured, prefs] = await Promise.all([loadCaptureState(hints), loadPrefs()]);
    scope.settle({ background: prefs.backgroundRecording === true, tabs: captured.tabs, served: captured.served });
    await seedTabDocuments([...captured.tabs, ...captured.served]);
    // Events the previous instance handled after its last snapshot.
    for (const entry of await eventLog.load()) if (entry[0] === 'page-hints' || scope.covers(entry[1].tabId ?? -1)) guarded(() => replay(entry));
    // Chrome drops the events it dispatches to a worker being stopped; Firefox buffers them for
    // a suspended event page, so there a request in flight across a suspension is complete.
    if (browser === 'chrome') recorder.markRestartGaps();
  } catch (error) {
    console.error('[CORS Lens] could not restore saved state', error);
  }
  badge = new BadgeUpdater(recorder, hints, (tabId) => scope.covers(tabId));
  router = new PortRouter(recorder, onPanelMessage, panelBatches, (tabId) => hintBudget.dropped(tabId));
  restored = true;
  for (const fn of queue.splice(0)) guarded(fn);
  void pageSide.start();
  // Only now, with every logged event applied, may a snapshot claim the log. Saved at once: a
  // Firefox event page may be suspended sooner than a debounced save, and the log would only grow.
  persister = new Persister(recorder, undefined, eventLog);
  persister.schedule();
  void persister.flush().catch((error: unknown) => console.warn('[CORS Lens] saving state failed', error));
  for (const tabId of new Set([...recorder.tabIds(), ...hints.tabIds()])) badge.update(tabId);
  for (const port of pendingPorts.splice(0)) router.connect(port, Promise.resolve());
  // The start-up bridge goes once the events it was sent before the tabs' sets existed are in.
  await browserRoundTrip();
  scope.dropBridge();
  // Tabs whose DevTools closed while the background was stopped: their DevTools pages would
  // have reconnected by now.
  setTimeout(() => {
    scope.forgetUnclaimed();
    void pageSide.sync();
  }, UNCLAIMED_TABS_MS);
  // Without host access webRequest reports nothing; say so where a developer will look.
  if (!(await hasHostAccess())) console.warn('[CORS Lens] no host access at all: requests cannot be observed until a site is granted');
})();

installTestHooks({
  ready,
  browser,
  listenerErrors,
  recorder,
  capture: () => ({
    ...scope.describe(),
    delivered: Object.fromEntries(delivered),
    controlledTabs: [...controlledTabs],
    sameOriginDropped: sameOrigin.dropped,
  }),
  failures: (tabId) => ({ ...missedMessage(tabId), badge: badge?.view(tabId) }),
  failureTabs: () => hints.tabIds(),
  heard: (text) => deliveredUrls.filter((u) => u.includes(text)).length,
  pageSide: async () => {
    await pageSide.sync();
    return { registered: await registeredPageSideScripts(), hintsFrom: Object.fromEntries([...pageHintsFrom].map(([tabId, origins]) => [tabId, [...origins].sort()])), hintMessages: Object.fromEntries(pageHintMessages) };
  },
  persister: () => persister,
  hintsRefused: (tabId) => hintBudget.dropped(tabId),
  setHintBudget: (o) => hintBudget.configure(o),
});
