/**
 * Background: the service worker (Chrome) / event page (Firefox). It records every tab's
 * cross-origin traffic from browser start, so a panel opened later still shows earlier failures.
 *
 * Order matters: all listeners are registered synchronously, before the first await, so that a
 * restarted worker / woken event page receives the events of the request that woke it. Events
 * that arrive while the saved state is loading are queued and applied after it.
 */
import type { Observation, PageHint } from '../core/model';
import { analyze } from '../core/analyze';
import { isPageHintsMessage } from '../content/channel';
import { browserName } from '../platform/features';
import { hasHostAccess } from '../platform/hosts';
import { onContentScriptMessage } from '../platform/messages';
import { onPortConnect } from '../platform/ports';
import { onTabRemoved } from '../platform/tabs';
import { listenWebRequest } from '../platform/webrequest';
import type { WebRequestDetails, WebRequestEventName } from '../sources/webrequest';
import { BadgeUpdater } from './badge';
import { watchHostAccess } from './host-access';
import { EventLog, type LoggedEvent } from './event-log';
import { HintBudget } from './hint-budget';
import { HintDropReporter } from './hint-drops';
import { Persister, loadRecorderState } from './persistence';
import { PortRouter } from './port-router';
import { loadPrefs, savePrefs } from './prefs';
import type { FromPanel, ToPanel } from '../shared/protocol';
import { Recorder } from './recorder';
import { installTestHooks } from './test-hooks';

const browser = browserName();
const analyzeForThisBrowser = (observations: Observation[], hints: readonly PageHint[]) => analyze(observations, { hints, browser });

let router: PortRouter | undefined;
let persister: Persister | undefined;
let badge: BadgeUpdater | undefined;
/** What each tab and frame may make us do with page hints (they come from the page: hint-budget.ts). */
const hintBudget = new HintBudget();
/** Every event and page hint, written when delivered: a stop between two snapshots loses nothing. */
const eventLog = new EventLog(undefined, () => hintBudget.logTrimmed());
const hintDrops = new HintDropReporter(hintBudget, (tabId) => router?.status(tabId));

const recorder = new Recorder(analyzeForThisBrowser, {
  changed: (tabId, changes) => {
    router?.changed(tabId, changes);
    badge?.update(tabId);
  },
  cleared: (tabId, reason) => {
    router?.cleared(tabId, reason);
    badge?.update(tabId);
  },
  status: (tabId) => router?.status(tabId),
});

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
watchHostAccess();
const listenerErrors = listenWebRequest((event: WebRequestEventName, details: WebRequestDetails) => {
  // Logged at once, even while the saved state loads: a worker stopped again before it finished
  // loading must not lose the request that woke it.
  if (recorder.wants(details)) eventLog.append([event, details]);
  whenRestored(() =>
    guarded(() => {
      recorder.handle(event, details);
      persister?.schedule();
    }),
  );
});
if (listenerErrors.length > 0) console.error('[CORS Lens] webRequest listeners not registered:', listenerErrors);

// What pages saw of their own fetch/XHR calls (credentials mode, mode, rejection), from the
// relay content script: supplies what webRequest cannot report.
onContentScriptMessage((message, sender) => {
  if (!isPageHintsMessage(message) || !Number.isInteger(sender.tabId) || sender.tabId < 0) return;
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

onTabRemoved((tabId) =>
  whenRestored(() => {
    recorder.forgetTab(tabId);
    hintDrops.forgetTab(tabId);
    badge?.forget(tabId);
    persister?.schedule();
  }),
);

function onPanelMessage(tabId: number, message: FromPanel): void {
  if (message?.type === 'clear') recorder.clearTab(tabId, Date.now());
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
  if (router) router.connect(port, ready);
  else pendingPorts.push(port);
});

function replay(entry: LoggedEvent): void {
  if (entry[0] === 'page-hints') recorder.handlePageHints(entry[1].sender, entry[1].records);
  else recorder.handle(entry[0], entry[1]);
}

// ---- restore, then start ----
const ready: Promise<void> = (async () => {
  try {
    recorder.restore(await loadRecorderState());
    await hintDrops.load();
    // Events the previous instance handled after its last snapshot.
    for (const entry of await eventLog.load()) guarded(() => replay(entry));
    // Chrome drops the events it dispatches to a worker being stopped; Firefox buffers them for
    // a suspended event page, so there a request in flight across a suspension is complete.
    if (browser === 'chrome') recorder.markRestartGaps();
  } catch (error) {
    console.error('[CORS Lens] could not restore saved state', error);
  }
  badge = new BadgeUpdater(recorder);
  router = new PortRouter(recorder, onPanelMessage, undefined, (tabId) => hintBudget.dropped(tabId));
  restored = true;
  for (const fn of queue.splice(0)) guarded(fn);
  // Only now, with every logged event applied, may a snapshot claim the log. Saved at once: a
  // Firefox event page may be suspended sooner than a debounced save, and the log would only grow.
  persister = new Persister(recorder, undefined, eventLog);
  persister.schedule();
  void persister.flush().catch((error: unknown) => console.warn('[CORS Lens] saving state failed', error));
  for (const tabId of recorder.tabIds()) badge.update(tabId);
  for (const port of pendingPorts.splice(0)) router.connect(port, Promise.resolve());
  // Without host access webRequest reports nothing; say so where a developer will look.
  if (!(await hasHostAccess())) console.warn('[CORS Lens] no host access at all: requests cannot be observed until a site is granted');
})();

installTestHooks({ ready, browser, listenerErrors, recorder, persister: () => persister, hintsRefused: (tabId) => hintBudget.dropped(tabId), setHintBudget: (o) => hintBudget.configure(o) });
