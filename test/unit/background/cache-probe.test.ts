/**
 * Chromium's cache-aware web-font loading asks the HTTP cache alone first: a request that ends in
 * net::ERR_CACHE_MISS without a response, followed by the real request under a new requestId. The
 * probe never went out, so it must not become an exchange (it used to show as a second row,
 * "net::ERR_CACHE_MISS — not a CORS problem", next to every cross-origin font).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../../src/core/model';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import type { TabChanges } from '../../../src/background/tab-store';
import { WebRequestCollector, type WebRequestDetails, type WebRequestEventName } from '../../../src/sources/webrequest';

const TAB = 7;
const PAGE = 'http://127.0.0.1:8701';
const FONT = 'http://localhost:8702/font.woff2';

function details(requestId: string, t: number, extra: Partial<WebRequestDetails> = {}): WebRequestDetails {
  return { requestId, url: FONT, method: 'GET', tabId: TAB, frameId: 0, type: 'font', initiator: PAGE, timeStamp: t, ...extra } as WebRequestDetails;
}

const requestHeaders = [
  { name: 'Origin', value: PAGE },
  { name: 'Sec-Fetch-Mode', value: 'cors' },
  { name: 'Sec-Fetch-Dest', value: 'font' },
];

/** The probe (id 40, ERR_CACHE_MISS) and the real load (id 41) answered without ACAO. */
function fontLoad(): Array<[WebRequestEventName, WebRequestDetails]> {
  return [
    ['onBeforeRequest', details('40', 1)],
    ['onBeforeSendHeaders', details('40', 2, { requestHeaders })],
    ['onSendHeaders', details('40', 3, { requestHeaders })],
    ['onErrorOccurred', details('40', 4, { error: 'net::ERR_CACHE_MISS' })],
    ['onBeforeRequest', details('41', 5)],
    ['onBeforeSendHeaders', details('41', 6, { requestHeaders })],
    ['onSendHeaders', details('41', 7, { requestHeaders })],
    ['onHeadersReceived', details('41', 8, { statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [{ name: 'Content-Type', value: 'font/woff2' }] })],
    ['onErrorOccurred', details('41', 9, { error: 'net::ERR_FAILED' })],
  ];
}

class Mirror implements RecorderListener {
  readonly rows = new Map<string, AnalyzedExchange>();
  changed(_tabId: number, c: TabChanges): void {
    for (const id of c.removedIds) this.rows.delete(id);
    for (const a of c.upserts) this.rows.set(a.exchange.id, a);
  }
  cleared(): void {}
  status(): void {}
}

describe('a cache-only probe is not a request', () => {
  it('the collector withdraws the probe chain and keeps the real load', () => {
    const c = new WebRequestCollector();
    let last = { observations: [] as Observation[], removedIds: [] as string[] };
    for (const [ev, d] of fontLoad().slice(0, 4)) last = c.handle(ev, d);
    expect(last.observations).toEqual([]);
    expect(last.removedIds).toEqual(['wr:40#0']);
    for (const [ev, d] of fontLoad().slice(4)) c.handle(ev, d);
    expect(c.observations().map((o) => o.id)).toEqual(['wr:41#0']);
  });

  it('the panel lists one exchange for the font, blocked with MissingAllowOriginHeader', () => {
    const mirror = new Mirror();
    const recorder = new Recorder((obs) => analyze(obs, { browser: 'chrome' }), mirror);
    for (const [ev, d] of fontLoad()) recorder.handle(ev, d);
    const rows = [...mirror.rows.values()];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.verdict.chromiumCorsError).toBe('MissingAllowOriginHeader');
    expect(rows[0]!.verdict.messages.chrome).toBe(
      `Access to font at '${FONT}' from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    expect(recorder.tab(TAB)!.list()).toHaveLength(1);
  });

  it('a request that got a response and then failed from cache stays', () => {
    const c = new WebRequestCollector();
    c.handle('onBeforeRequest', details('50', 1));
    c.handle('onHeadersReceived', details('50', 2, { statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [] }));
    const u = c.handle('onErrorOccurred', details('50', 3, { error: 'net::ERR_CACHE_MISS' }));
    expect(u.observations).toHaveLength(1);
  });
});
