/**
 * Background: the service worker (Chrome) / event page (Firefox). It records every tab's
 * cross-origin traffic from browser start, so a panel opened later still shows earlier failures.
 *
 * Order matters: all listeners are registered synchronously, before the first await, so that a
 * restarted worker / woken event page receives the events of the request that woke it. Events
 * that arrive while the saved state is loading are queued and applied after it.
 */
import { analyze } from '../core/analyze';
import type { Observation } from '../core/model';
import { browserName } from '../platform/features';
import { hasHostAccess } from '../platform/hosts';
import { onPortConnect } from '../platform/ports';
import { onTabRemoved } from '../platform/tabs';
import { listenWebRequest } from '../platform/webrequest';
import type { WebRequestDetails, WebRequestEventName } from '../sources/webrequest';
import { BadgeUpdater } from './badge';
import { Persister, loadRecorderState } from './persistence';
import { PortRouter } from './port-router';
import type { FromPanel, ToPanel } from './protocol';
import { Recorder } from './recorder';
import { installTestHooks } from './test-hooks';

const browser = browserName();
const analyzeForThisBrowser = (observations: Observation[]) => analyze(observations, { browser });

let router: PortRouter | undefined;
let persister: Persister | undefined;
let badge: BadgeUpdater | undefined;

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
const listenerErrors = listenWebRequest((event: WebRequestEventName, details: WebRequestDetails) =>
  whenRestored(() =>
    guarded(() => {
      recorder.handle(event, details);
      persister?.schedule();
    }),
  ),
);
if (listenerErrors.length > 0) console.error('[CORS Lens] webRequest listeners not registered:', listenerErrors);

onTabRemoved((tabId) =>
  whenRestored(() => {
    recorder.forgetTab(tabId);
    badge?.forget(tabId);
    persister?.schedule();
  }),
);

function onPanelMessage(tabId: number, message: FromPanel): void {
  if (message?.type === 'clear') recorder.clearTab(tabId, Date.now());
  else if (message?.type === 'set-preserve-log') recorder.setPreserveLog(tabId, message.value === true);
  persister?.schedule();
}

const pendingPorts: Array<Parameters<PortRouter['connect']>[0]> = [];
onPortConnect<FromPanel, ToPanel>((port) => {
  if (router) router.connect(port, ready);
  else pendingPorts.push(port);
});

// ---- restore, then start ----
const ready: Promise<void> = (async () => {
  try {
    recorder.restore(await loadRecorderState());
  } catch (error) {
    console.error('[CORS Lens] could not restore saved state', error);
  }
  persister = new Persister(recorder);
  badge = new BadgeUpdater(recorder);
  router = new PortRouter(recorder, onPanelMessage);
  restored = true;
  for (const fn of queue.splice(0)) guarded(fn);
  for (const tabId of recorder.tabIds()) badge.update(tabId);
  for (const port of pendingPorts.splice(0)) router.connect(port, Promise.resolve());
  // Without host access webRequest reports nothing; say so where a developer will look.
  if (!(await hasHostAccess())) console.warn('[CORS Lens] no access to <all_urls>: requests cannot be observed until it is granted');
})();

installTestHooks({ ready, browser, listenerErrors, recorder, persister: () => persister });
