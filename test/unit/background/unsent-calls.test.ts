/**
 * Calls the browser refused inside the page (mixed content) never reach webRequest: the page's own
 * record of the failed call becomes the request (lab scenarios notcors-mixed-content-*).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import type { Observation, PageHint } from '../../../src/core/model';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import { unsentCallObservations } from '../../../src/background/unsent-calls';
import type { NewPageHint } from '../../../src/background/tab-store';

const SECURE_PAGE = 'https://app.example.com';
const chrome = (obs: Observation[], hints: readonly PageHint[]) => analyze(obs, { hints, browser: 'chrome' });
const quiet: RecorderListener = { changed: () => undefined, cleared: () => undefined, status: () => undefined };

function call(url: string, over: Partial<NewPageHint> = {}): Record<string, unknown> {
  return { kind: 'fetch', url, method: 'GET', mode: 'cors', credentials: 'same-origin', headerNames: [], startTime: 5_000, outcome: 'rejected', error: 'TypeError', ...over };
}

describe('calls refused inside the page', () => {
  it('an https page’s failed fetch to an http API is listed as mixed content, with Chrome’s own line', () => {
    const recorder = new Recorder(chrome, quiet);
    recorder.handlePageHints({ tabId: 3, frameId: 0, origin: SECURE_PAGE }, [call('http://api.example.com/data'), call('http://api.example.com/x', { kind: 'xhr', method: 'POST' })]);
    const list = recorder.tab(3)!.list();
    expect(list.map((a) => [a.exchange.url, a.verdict.outcome, a.verdict.reason])).toEqual([
      ['http://api.example.com/data', 'network-error', 'mixed-content'],
      ['http://api.example.com/x', 'network-error', 'mixed-content'],
    ]);
    expect(list[0]!.verdict.messages.chrome).toBe(
      "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/data'. This request has been blocked; the content must be served over HTTPS.",
    );
    expect(list[1]!.verdict.messages.chrome).toContain('requested an insecure XMLHttpRequest endpoint');
    expect(list[0]!.verdict.messages.firefox).toBe('Blocked loading mixed active content “http://api.example.com/data”');
    expect(list[0]!.verdict.summary).toMatch(/mixed content, not CORS/);
  });

  it('nothing for loopback targets, http pages, calls that succeeded or elements', () => {
    const hints = (over: Partial<NewPageHint>) => [call('http://api.example.com/a', over) as unknown as NewPageHint];
    expect(unsentCallObservations([call('http://localhost:8080/a') as unknown as NewPageHint], SECURE_PAGE)).toEqual([]);
    expect(unsentCallObservations(hints({}), 'http://app.example.com')).toEqual([]);
    expect(unsentCallObservations(hints({}), undefined)).toEqual([]);
    expect(unsentCallObservations(hints({ outcome: 'resolved' }), SECURE_PAGE)).toEqual([]);
    expect(unsentCallObservations(hints({ kind: 'element' }), SECURE_PAGE)).toEqual([]);
    expect(unsentCallObservations([call('https://api.example.com/a') as unknown as NewPageHint], SECURE_PAGE)).toEqual([]);
  });

  it('the same batch replayed after a restart makes the same request, not a second one', () => {
    const batch = [call('http://api.example.com/data') as unknown as NewPageHint];
    expect(unsentCallObservations(batch, SECURE_PAGE)[0]!.id).toBe(unsentCallObservations(batch, SECURE_PAGE)[0]!.id);
  });
});
