/**
 * Firefox ends a delivered beacon's request with NS_ERROR_FAILURE after its response (it never
 * reads beacon bodies). Observed in Firefox 153 ESR (lab scenario sub-beacon-text): that is no
 * network error, in either event order.
 */
import { describe, expect, it } from 'vitest';
import { WebRequestCollector, type WebRequestDetails } from '../../../src/sources/webrequest';

const base = { requestId: '9', url: 'http://localhost:8702/beacon', method: 'POST', tabId: 1, frameId: 0, type: 'beacon', originUrl: 'http://127.0.0.1:8701/', documentUrl: 'http://127.0.0.1:8701/' };
const ev = (t: number, extra: Partial<WebRequestDetails> = {}) => ({ ...base, timeStamp: t, ...extra }) as unknown as WebRequestDetails;
const headers = ev(2, { statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [] });
const failure = ev(3, { error: 'NS_ERROR_FAILURE' });

describe('Firefox beacon', () => {
  it('a response then NS_ERROR_FAILURE: delivered, no error', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', ev(1));
    c.handle('onHeadersReceived', headers);
    const [o] = c.handle('onErrorOccurred', failure).observations;
    expect(o).toMatchObject({ status: 200 });
    expect(o!.error).toBeUndefined();
  });

  it('the same when Firefox delivers the error first', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', ev(1));
    c.handle('onErrorOccurred', failure);
    const [o] = c.handle('onHeadersReceived', headers).observations;
    expect(o!.error).toBeUndefined();
  });

  it('a beacon that never got a response keeps its error', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', ev(1));
    const [o] = c.handle('onErrorOccurred', failure).observations;
    expect(o!.error).toBe('NS_ERROR_FAILURE');
  });
});

describe('Firefox redirected preflight', () => {
  const PAGE = 'http://127.0.0.1:8701';
  const main = 'http://localhost:8702/s/x/main';
  const next = 'http://localhost:8702/s/x/next';
  const pf = (t: number, url: string, extra: Partial<WebRequestDetails> = {}) =>
    ({ requestId: '15', url, method: 'OPTIONS', tabId: 1, frameId: 0, type: 'xmlhttprequest', originUrl: `${PAGE}/`, documentUrl: `${PAGE}/`, timeStamp: t, ...extra }) as unknown as WebRequestDetails;
  const acrm = [{ name: 'Origin', value: PAGE }, { name: 'Access-Control-Request-Method', value: 'PUT' }];

  it('the hop to the Location, never sent, is withdrawn; the redirected preflight stays', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', pf(1, main));
    c.handle('onSendHeaders', pf(2, main, { requestHeaders: acrm }));
    c.handle('onHeadersReceived', pf(3, main, { statusCode: 302, statusLine: 'HTTP/1.1 302 Found', responseHeaders: [{ name: 'Location', value: next }] }));
    c.handle('onBeforeRedirect', pf(4, main, { redirectUrl: next, statusCode: 302 }));
    c.handle('onBeforeRequest', pf(5, next));
    const u = c.handle('onErrorOccurred', pf(6, next, { error: 'NS_ERROR_NET_ON_RECEIVING_FROM' }));
    expect(u.removedIds).toEqual(['wr:15#1']);
    expect(c.observations().map((o) => [o.id, o.status, o.redirectUrl])).toEqual([['wr:15#0', 302, next]]);
  });
});
