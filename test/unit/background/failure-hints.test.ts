/** The errors-only hint: what counts as a cross-origin failure, and how much is kept. */
import { describe, expect, it } from 'vitest';
import { FailureHints, MAX_LISTED, failureTitle } from '../../../src/background/failure-hints';

const base = { requestId: '1', method: 'GET', timeStamp: 1000, type: 'xmlhttprequest', tabId: 3, frameId: 0, error: 'net::ERR_FAILED' };

describe('FailureHints', () => {
  it('counts cross-origin failures only, not same-origin ones, cancellations or documents', () => {
    const h = new FailureHints();
    expect(h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test' })).toBe(3);
    expect(h.note({ ...base, url: 'http://app.test/y', initiator: 'http://app.test' })).toBeUndefined();
    expect(h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test', error: 'net::ERR_ABORTED' })).toBeUndefined();
    expect(h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test', type: 'main_frame' })).toBeUndefined();
    expect(h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test', tabId: -1 })).toBeUndefined();
    expect(h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test', method: 'OPTIONS' })).toBeUndefined();
    // Firefox names the document, not the origin.
    expect(h.note({ ...base, url: 'http://api.test/z', originUrl: 'http://app.test/page', error: 'NS_ERROR_DOM_BAD_URI' })).toBe(3);
    expect(h.count(3)).toBe(2);
    expect(h.of(3)?.listed.map((f) => [f.url, f.error])).toEqual([
      ['http://api.test/x', 'net::ERR_FAILED'],
      ['http://api.test/z', 'NS_ERROR_DOM_BAD_URI'],
    ]);
  });

  it('keeps the newest few per tab and counts them all; a new page starts over', () => {
    const h = new FailureHints();
    for (let i = 0; i < MAX_LISTED + 5; i++) h.note({ ...base, url: `http://api.test/${i}`, initiator: 'http://app.test', documentId: 'doc-1' });
    expect(h.count(3)).toBe(MAX_LISTED + 5);
    expect(h.of(3)?.listed).toHaveLength(MAX_LISTED);
    expect(h.of(3)?.listed.at(-1)?.url).toBe(`http://api.test/${MAX_LISTED + 4}`);
    h.note({ ...base, url: 'http://api.test/new', initiator: 'http://app.test', documentId: 'doc-2' });
    expect(h.count(3)).toBe(1);
  });

  it('survives a stored round trip and rejects junk', () => {
    const h = new FailureHints();
    h.note({ ...base, url: 'http://api.test/x', initiator: 'http://app.test' });
    const copy = new FailureHints();
    copy.restore(JSON.parse(JSON.stringify(h.toStored())));
    expect(copy.of(3)).toEqual(h.of(3));
    copy.restore({ '4': { count: 'x', listed: [] }, nope: 1, '5': { count: 2, listed: [{ url: 1 }] } });
    expect(copy.tabIds()).toEqual([5]);
    expect(copy.of(5)?.listed).toEqual([]);
    expect(failureTitle(2)).toBe('2 cross-origin requests failed — open the CORS tab in DevTools and reload');
  });
});
