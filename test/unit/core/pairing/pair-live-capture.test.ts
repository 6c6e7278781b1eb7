/**
 * Pairing cases found in real Chromium by test/e2e/capture-lifecycle-chromium.test.ts (concurrent identical
 * preflighted requests, and a service worker stopped mid-burst).
 */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../../src/core/model';
import { pairExchanges } from '../../../../src/core/pair';
import { actual, API, headers, PAGE, preflight } from '../../support/observations';

const URL_ = `${API}/same`;
const preflightOf = (xs: Exchange[], requestId: string): string | undefined => xs.find((x) => x.hops[0]!.request.id === requestId)?.hops[0]!.preflight?.id;
const neverSent = (start: number, end: number) => {
  const a = actual('PUT', URL_, start, { 'X-Custom': '1' }, { error: 'net::ERR_FAILED', endTime: end });
  delete a.requestHeaders; // Chrome reports no send-headers for a request its preflight stopped
  return a;
};

describe('pairExchanges: what a busy machine and lost events do to identical requests', () => {
  it('failed preflights go to their requests in start order, even when the failures lag by more than the slack', () => {
    // Two requests stopped by two 500 preflights; the first failure surfaced 19 ms after its
    // preflight, the second 13 ms: closest-end matching crossed them.
    const r0 = neverSent(100, 139);
    const r1 = neverSent(101, 150);
    const p0 = preflight(URL_, 'PUT', 104, 'x-custom', { status: 500, endTime: 120, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
    const p1 = preflight(URL_, 'PUT', 105, 'x-custom', { status: 500, endTime: 137, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
    const xs = pairExchanges([r0, r1, p0, p1]);
    expect(preflightOf(xs, r0.id)).toBe(p0.id);
    expect(preflightOf(xs, r1.id)).toBe(p1.id);
  });

  it('a 204 preflight whose Allow-Headers lacks the header counts as failed: never paired with a request that was sent', () => {
    const sent = actual('PUT', URL_, 100, { 'X-Custom': '1' }, { status: 200, endTime: 200, responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE }) });
    const stopped = neverSent(101, 160);
    // The refusing preflight started first (out of order), the passing one second.
    const refusing = preflight(URL_, 'PUT', 102, 'x-custom', {
      status: 204,
      endTime: 150,
      responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Other' }),
    });
    const passing = preflight(URL_, 'PUT', 103, 'x-custom', {
      status: 204,
      endTime: 140,
      responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Custom' }),
    });
    const xs = pairExchanges([sent, stopped, refusing, passing]);
    expect(preflightOf(xs, sent.id)).toBe(passing.id);
    expect(preflightOf(xs, stopped.id)).toBe(refusing.id);
  });

  it('a preflight whose last events were lost keeps its place in line', () => {
    // Three requests, three preflights in the same order; the middle preflight never ended (its
    // events died with a stopped service worker), the others failed. Its request was stopped too
    // but its error event was lost as well.
    const r0 = neverSent(100, 150);
    const r1 = actual('PUT', URL_, 101, { 'X-Custom': '1' });
    delete r1.requestHeaders;
    const r2 = neverSent(102, 160);
    const fail = (start: number, end: number) => preflight(URL_, 'PUT', start, 'x-custom', { status: 404, endTime: end, responseHeaders: headers({}) });
    const p0 = fail(104, 140);
    const p1 = preflight(URL_, 'PUT', 105, 'x-custom');
    const p2 = fail(106, 155);
    const xs = pairExchanges([r0, r1, r2, p0, p1, p2]);
    expect(preflightOf(xs, r0.id)).toBe(p0.id);
    expect(preflightOf(xs, r1.id)).toBe(p1.id);
    expect(preflightOf(xs, r2.id)).toBe(p2.id);
  });
});
