import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { harToObservations } from '../../../src/sources/har';

const URL_ = 'http://localhost:9000/api/data';
const PAGE = 'http://127.0.0.1:8000';
const h = (pairs: Array<[string, string]>) => pairs.map(([name, value]) => ({ name, value }));

function entry(o: { page: boolean; status: number; error?: string; via?: boolean; req: Array<[string, string]>; res: Array<[string, string]>; at: string; method?: string; type?: string }) {
  return {
    ...(o.page ? { pageref: 'page_1' } : {}),
    _resourceType: o.type ?? 'fetch',
    startedDateTime: o.at,
    time: 5,
    request: { method: o.method ?? 'GET', url: URL_, headers: h(o.req) },
    response: { status: o.status, statusText: o.status ? 'OK' : '', headers: h(o.res), _error: o.error ?? null, _fetchedViaServiceWorker: o.via ?? false },
  };
}

const har = (entries: unknown[]) => ({ log: { version: '1.2', pages: [{ id: 'page_1', title: `${PAGE}/`, startedDateTime: '2026-01-01T00:00:00.000Z' }], entries } });
const sent: Array<[string, string]> = [['Origin', PAGE], ['Sec-Fetch-Mode', 'cors']];

describe('HAR: a page fetch its service worker answered (respondWith(fetch(event.request)))', () => {
  it('is one exchange, judged on the worker’s request: the page entry’s filtered headers do not mean "ACAO missing"', () => {
    const { observations } = harToObservations(
      har([
        entry({ page: true, status: 200, via: true, req: [['Accept', '*/*']], res: [['Content-Type', 'text/plain']], at: '2026-01-01T00:00:01.000Z' }),
        entry({ page: false, status: 200, req: sent, res: [['Access-Control-Allow-Origin', PAGE]], at: '2026-01-01T00:00:01.002Z' }),
      ]),
    );
    const out = analyze(observations, { browser: 'chrome' });
    expect(out).toHaveLength(1);
    expect(out[0]!.verdict.outcome).toBe('allowed');
    expect(out[0]!.exchange.hops[0]!.request.initiatorContext).toBe('service-worker');
  });

  it('a failed worker request gives the verdict; the page entry without a response is dropped', () => {
    const { observations } = harToObservations(
      har([
        entry({ page: true, status: 0, error: 'net::ERR_FAILED', req: [['Accept', '*/*']], res: [], at: '2026-01-01T00:00:01.000Z' }),
        entry({ page: false, status: 200, error: 'net::ERR_FAILED', req: sent, res: [['Content-Type', 'text/plain']], at: '2026-01-01T00:00:00.999Z' }),
      ]),
    );
    const out = analyze(observations, { browser: 'chrome' });
    expect(out).toHaveLength(1);
    expect(out[0]!.verdict.chromiumCorsError).toBe('MissingAllowOriginHeader');
  });

  it('without the worker’s request, the page entry is not blamed on missing CORS headers', () => {
    const { observations } = harToObservations(
      har([entry({ page: true, status: 200, via: true, req: sent, res: [['Content-Type', 'text/plain']], at: '2026-01-01T00:00:01.000Z' })]),
    );
    const out = analyze(observations, { browser: 'chrome' });
    expect(out).toHaveLength(1);
    expect(out[0]!.verdict.outcome).toBe('allowed');
    expect(out[0]!.verdict.explanation + out[0]!.verdict.inferences.join(' ')).toMatch(/service worker/);
  });

  it('a page request that failed on its own is left alone when no worker made the same request', () => {
    const { observations } = harToObservations(
      har([entry({ page: true, status: 200, error: 'net::ERR_FAILED', req: sent, res: [['Content-Type', 'text/plain']], at: '2026-01-01T00:00:01.000Z' })]),
    );
    const out = analyze(observations, { browser: 'chrome' });
    expect(out[0]!.verdict.chromiumCorsError).toBe('MissingAllowOriginHeader');
  });

  it('an entry outside every page is a worker’s: its missing response is not read as Local Network Access', () => {
    // What DevTools records for a dedicated worker's fetch that failed a CORS check (no pageref, no
    // response): the loopback page and the loopback API are in the same address space.
    const { observations } = harToObservations(
      har([
        entry({ page: false, status: 0, error: 'net::ERR_FAILED', req: [['Accept', '*/*'], ['Referer', `${PAGE}/ctx/worker.js`]], res: [], at: '2026-01-01T00:00:01.000Z' }),
        entry({ page: true, status: 200, req: sent, res: [['Access-Control-Allow-Origin', PAGE]], at: '2026-01-01T00:00:02.000Z', method: 'POST' }),
      ]),
    );
    expect(observations.map((o) => o.initiatorContext)).toEqual(['worker', undefined]);
    const out = analyze(observations, { browser: 'chrome' });
    const worker = out.find((a) => a.exchange.method === 'GET')!;
    expect(worker.verdict.outcome).toBe('blocked');
    expect(worker.verdict.reason).toBe('unknown');
  });
});
