import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/core/model';
import { ServiceWorkerTwins } from '../../../src/background/service-worker-twins';
import { WorkerAttribution } from '../../../src/background/worker-attribution';
import type { WebRequestDetails } from '../../../src/sources/webrequest';

const PAGE = 'http://127.0.0.1:8000';
const API = 'http://localhost:9000/data';
const d = (o: Partial<WebRequestDetails>): WebRequestDetails => ({ requestId: '1', url: API, method: 'GET', timeStamp: 1, ...o });
const nav = (tabId: number, url: string, type = 'main_frame', frameId = 0) => d({ tabId, url, type, frameId, requestId: `nav${tabId}${url}` }) as WebRequestDetails & { tabId: number };

describe('WorkerAttribution: requests outside any tab go to the tabs the worker serves', () => {
  it('routes a Chrome service-worker request (initiator = origin) to every tab showing that origin', () => {
    const w = new WorkerAttribution();
    w.noteTabEvent('onResponseStarted', nav(1, `${PAGE}/`));
    w.noteTabEvent('onResponseStarted', nav(2, 'http://other.test/'));
    w.noteTabEvent('onResponseStarted', nav(2, `${PAGE}/frame.html`, 'sub_frame', 5));
    w.noteTabEvent('onSendHeaders', d({ tabId: 1, url: `${PAGE}/sw.js`, requestId: 'sw', requestHeaders: [{ name: 'Service-Worker', value: 'script' }] }) as WebRequestDetails & { tabId: number });
    const routes = w.route('onBeforeRequest', d({ tabId: -1, initiator: PAGE }));
    expect(routes).toEqual([{ tabId: 1, context: 'service-worker' }, { tabId: 2, context: 'service-worker' }]);
    // Later events of the same request go to the same tabs.
    expect(w.route('onCompleted', d({ tabId: -1, initiator: PAGE }))).toEqual(routes);
  });

  it('Firefox: originUrl tells a service worker’s script from a shared worker’s', () => {
    const w = new WorkerAttribution();
    w.noteTabEvent('onResponseStarted', nav(1, `${PAGE}/`));
    w.route('onSendHeaders', d({ tabId: -1, url: `${PAGE}/sw.js`, requestId: 'sw', originUrl: `${PAGE}/`, requestHeaders: [{ name: 'service-worker', value: 'script' }] }));
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'a', originUrl: `${PAGE}/sw.js` }))).toEqual([{ tabId: 1, context: 'service-worker' }]);
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'b', originUrl: `${PAGE}/shared.js` }))).toEqual([{ tabId: 1, context: 'worker' }]);
  });

  it('Chrome, script fetched before anything listened: a tab DevTools saw served vouches for its origins', () => {
    const w = new WorkerAttribution();
    w.noteTabEvent('onResponseStarted', nav(1, `${PAGE}/`));
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'a', initiator: PAGE }))).toEqual([{ tabId: 1, context: 'worker' }]);
    w.noteServedTab(1);
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'b', initiator: PAGE }))).toEqual([{ tabId: 1, context: 'service-worker' }]);
    // A restarted background seeds a tab's origins from its stored exchanges.
    const restarted = new WorkerAttribution();
    restarted.noteDocument(3, PAGE);
    expect([...restarted.originsOf(3)]).toEqual([PAGE]);
    expect(restarted.route('onBeforeRequest', d({ tabId: -1, requestId: 'c', initiator: PAGE }))).toEqual([{ tabId: 3, context: 'worker' }]);
    w.forgetTab(1);
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'e', initiator: PAGE }))).toEqual([]);
  });

  it('drops requests of origins no tab shows, the extension’s own, and opaque initiators; a navigation forgets the old origin', () => {
    const w = new WorkerAttribution();
    w.noteTabEvent('onResponseStarted', nav(1, `${PAGE}/`));
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'x', initiator: 'chrome-extension://abc' }))).toEqual([]);
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'y', initiator: 'null' }))).toEqual([]);
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'z' }))).toEqual([]);
    w.noteTabEvent('onResponseStarted', nav(1, 'http://other.test/'));
    expect(w.route('onBeforeRequest', d({ tabId: -1, requestId: 'w', initiator: PAGE }))).toEqual([]);
  });
});

describe('ServiceWorkerTwins: Firefox’s page-side twin of a fetch the service worker answered', () => {
  const obs = (o: Partial<Observation>): Observation => ({ id: 'wr:1#0', chainId: '1', source: 'webrequest', url: API, method: 'GET', startTime: 1, ...o });

  it('drops the unanswered page request once the worker’s request for it arrives, and its later events', () => {
    const t = new ServiceWorkerTwins();
    const page = obs({ id: 'wr:p#0', chainId: 'p' });
    expect(t.sort(1, [page]).keep).toEqual([page]);
    const sw = obs({ id: 'wr:s@1#0', chainId: 's@1', initiatorContext: 'service-worker', status: 200 });
    expect(t.sort(1, [sw])).toEqual({ keep: [sw], removeIds: ['wr:p#0'] });
    expect(t.sort(1, [obs({ id: 'wr:p#0', chainId: 'p', error: 'NS_BINDING_ABORTED' })]).keep).toEqual([]);
  });

  it('drops a page twin that arrives after the worker’s request; keeps answered page requests and other tabs', () => {
    const t = new ServiceWorkerTwins();
    t.sort(1, [obs({ id: 'wr:s@1#0', chainId: 's@1', initiatorContext: 'service-worker' })]);
    expect(t.sort(1, [obs({ id: 'wr:p#0', chainId: 'p' })]).keep).toEqual([]);
    const answered = obs({ id: 'wr:q#0', chainId: 'q', status: 200 });
    expect(t.sort(1, [answered]).keep).toEqual([answered]);
    const otherTab = obs({ id: 'wr:r#0', chainId: 'r' });
    expect(t.sort(2, [otherTab]).keep).toEqual([otherTab]);
  });
});
