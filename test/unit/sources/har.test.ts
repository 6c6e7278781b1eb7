import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairExchanges } from '../../../src/core/pair';
import { HarFormatError, harToObservations } from '../../../src/sources/har';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8'));

/** A minimal Chrome-shaped entry. */
function entry(over: Record<string, unknown> = {}, request: Record<string, unknown> = {}, response: Record<string, unknown> = {}) {
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 10,
    request: { method: 'GET', url: 'http://api.test/x', headers: [{ name: 'Origin', value: 'http://page.test' }], ...request },
    response: { status: 200, statusText: 'OK', headers: [], redirectURL: '', ...response },
    ...over,
  };
}
const har = (...entries: unknown[]) => ({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } });

describe('harToObservations: real Chrome export (chrome-basic.har)', () => {
  const { observations, warnings } = harToObservations(fixture('chrome-basic.har'));

  it('reads every entry, without warnings', () => {
    expect(observations).toHaveLength(34);
    expect(warnings).toEqual([]);
    expect(observations.every((o) => o.source === 'har' && Number.isFinite(o.startTime))).toBe(true);
  });

  it('recognises preflights and the failure shapes', () => {
    const preflights = observations.filter((o) => o.preflightHint);
    expect(preflights).toHaveLength(12);
    expect(preflights.every((o) => o.method === 'OPTIONS' && typeof o.preflightForHint === 'string')).toBe(true);
    // PUT after a 404 preflight: status 0, no response headers, provisional headers without Origin.
    const blocked = observations.find((o) => o.url.endsWith('/preflight-404') && o.method === 'PUT')!;
    expect(blocked).toMatchObject({ status: 0, error: 'net::ERR_FAILED', requestHeadersProvisional: true, responseHeaders: undefined });
    // No ACAO: the real status and headers, plus the error.
    const noAcao = observations.find((o) => o.url.includes('/no-acao'))!;
    expect(noAcao).toMatchObject({ status: 200, error: 'net::ERR_FAILED', requestHeadersProvisional: undefined });
    expect(noAcao.responseHeaders!.length).toBeGreaterThan(0);
    const redirect = observations.find((o) => o.url.endsWith('/redirect'))!;
    expect(redirect).toMatchObject({ status: 302, redirectUrl: 'http://localhost:45001/ok' });
    const preflightRedirect = observations.find((o) => o.method === 'OPTIONS' && o.url.endsWith('/preflight-redirect'))!;
    expect(preflightRedirect.error).toBe('net::ERR_INVALID_REDIRECT');
  });

  it('finds the page origin for every request, including same-origin ones without an Origin header', () => {
    expect(new Set(observations.map((o) => o.initiatorOrigin))).toEqual(new Set(['http://127.0.0.1:45000']));
  });
});

describe('harToObservations: real Firefox export (firefox-basic.har)', () => {
  const { observations } = harToObservations(fixture('firefox-basic.har'));

  it('reads Firefox entries: no _resourceType, pages with URL titles, start times only', () => {
    expect(observations.length).toBeGreaterThan(30);
    expect(observations.some((o) => o.preflightHint)).toBe(false);
    expect(observations.every((o) => o.endTime === undefined)).toBe(true);
    expect(observations.every((o) => o.documentUrl === 'http://127.0.0.1:45010/page.html')).toBe(true);
    expect(observations.find((o) => o.status === 200 && o.redirectUrl !== undefined)).toBeUndefined();
  });

  it('pairs every preflight with its request; failed preflights with the requests that never went out', () => {
    const exchanges = pairExchanges(observations);
    expect(exchanges.filter((x) => x.id.endsWith(':actual'))).toEqual([]); // no orphans
    const withPreflight = exchanges.filter((x) => x.hops[0]!.preflight);
    expect(withPreflight.length).toBe(12);
    for (const x of withPreflight) {
      const p = x.hops[0]!.preflight!;
      const failed = p.status !== 204;
      expect(x.hops[0]!.request.status === 0, `${x.method} ${x.url}`).toBe(failed || x.url.endsWith('/missing-header'));
      if (failed) expect(x.actualNeverSent).toBe(true);
    }
    const chains = exchanges.map((x) => x.hops.map((h) => h.request.url.replace('http://localhost:45011', '')));
    expect(chains).toContainEqual(['/redirect', '/ok']);
    expect(chains).toContainEqual(['/see-other', '/ok?from=303']);
  });
});

describe('harToObservations: shapes', () => {
  it('accepts the bare log object chrome.devtools.network.getHAR() returns', () => {
    const { observations } = harToObservations({ version: '1.2', entries: [entry()] });
    expect(observations).toHaveLength(1);
  });

  it('maps fields: ids, times, origin from Origin / Referer / page / _initiator.url', () => {
    const { observations } = harToObservations({
      log: {
        pages: [{ id: 'page_1', title: 'http://page.test/app' }],
        entries: [
          entry({ serverIPAddress: '[::1]', _fromCache: 'disk' }),
          entry({}, { headers: [{ name: 'origin', value: 'null' }] }),
          entry({}, { headers: [{ name: 'Referer', value: 'http://frame.test/inner?x=1' }] }),
          entry({ pageref: 'page_1' }, { headers: [] }),
          entry({ _initiator: { type: 'parser', url: 'http://init.test/doc' } }, { headers: [] }),
        ],
      },
    });
    expect(observations.map((o) => o.id)).toEqual(['har:0', 'har:1', 'har:2', 'har:3', 'har:4']);
    expect(observations[0]).toMatchObject({ ip: '::1', fromCache: true, startTime: Date.parse('2026-01-01T00:00:00.000Z'), endTime: Date.parse('2026-01-01T00:00:00.000Z') + 10, seq: 0 });
    expect(observations.map((o) => o.initiatorOrigin)).toEqual(['http://page.test', null, 'http://frame.test', 'http://page.test', 'http://init.test']);
    expect(observations[3]!.documentId).toBe('har-page:page_1');
  });

  it('resolves a relative Location and ignores Location outside 3xx', () => {
    const { observations } = harToObservations(har(
      entry({}, {}, { status: 307, redirectURL: '/next?a=1' }),
      entry({}, {}, { status: 201, redirectURL: 'http://api.test/created' }),
      entry({}, {}, { status: 301, redirectURL: '', headers: [{ name: 'Location', value: 'https://api.test/x' }] }),
    ));
    expect(observations.map((o) => o.redirectUrl)).toEqual(['http://api.test/next?a=1', undefined, 'https://api.test/x']);
  });

  it('is lenient with missing optional fields, and says so once per kind', () => {
    const e1 = entry();
    delete (e1 as Record<string, unknown>)['response'];
    const e2 = entry({ startedDateTime: 'yesterday', time: 'slow' }, { headers: 'none' });
    const e3 = entry({}, { headers: [{ name: 'X-Num', value: 5 }, { value: 'nameless' }, { name: 'X-Obj', value: {} }] });
    const { observations, warnings } = harToObservations(har(e1, e2, e3, entry({ startedDateTime: undefined })));
    expect(observations).toHaveLength(4);
    expect(observations[0]!.status).toBeUndefined();
    expect(observations[1]!.requestHeaders).toBeUndefined();
    expect(observations[1]!.endTime).toBeUndefined();
    expect(observations[2]!.requestHeaders).toEqual([{ name: 'X-Num', value: '5' }]);
    expect(warnings).toEqual([
      '1 entry has no response object',
      '2 entries have no valid startedDateTime (placed after the previous entry)',
      '1 header list is not an array (ignored)',
      '1 header without a name was dropped',
      '1 header with a non-text value was dropped',
    ]);
  });

  // How fast: bench/har-throughput.ts (timed assertions would only measure the machine's load).
  it('keeps giant header values intact', () => {
    const giant = 'x'.repeat(5_000_000);
    const { observations } = harToObservations(har(entry({}, { headers: [{ name: 'X-Big', value: giant }] }, { headers: [{ name: 'Access-Control-Allow-Origin', value: giant }] })));
    expect(observations[0]!.requestHeaders![0]!.value).toHaveLength(5_000_000);
    expect(pairExchanges(observations)).toHaveLength(1);
  });
});

describe('harToObservations: input that is not HAR', () => {
  const cases: [unknown, string][] = [
    [null, 'not a HAR file: expected a JSON object with a "log"'],
    [[1, 2], 'not a HAR file: expected a JSON object with a "log"'],
    ['{"log":{}}', 'not a HAR file: expected a JSON object with a "log"'],
    [{}, 'not a HAR file: missing log'],
    [{ log: [] }, 'not a HAR file: missing log'],
    [{ log: {} }, 'not a HAR file: missing log.entries'],
    [{ log: { entries: {} } }, 'not a HAR file: log.entries is not an array'],
    [har(entry(), 7), 'entry 1: not an object'],
    [har({ response: {} }), 'entry 0: missing request'],
    [har(entry({}, { url: 42 })), 'entry 0: request.url is not a string'],
    [har(entry({}, { method: undefined })), 'entry 0: request.method is not a string'],
  ];
  for (const [input, message] of cases) {
    it(`rejects ${JSON.stringify(input).slice(0, 60)} with "${message}"`, () => {
      expect(() => harToObservations(input)).toThrow(HarFormatError);
      expect(() => harToObservations(input)).toThrow(message);
    });
  }

  it('throws nothing but HarFormatError, whatever the entries hold (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), fc.record({ request: fc.anything(), response: fc.anything(), startedDateTime: fc.anything() }))), (entries) => {
        try {
          const { observations } = harToObservations({ log: { entries } });
          pairExchanges(observations);
        } catch (e) {
          expect(e).toBeInstanceOf(HarFormatError);
          expect(String((e as Error).message)).not.toContain('\n');
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});

describe('pairing a real Chromium lab HAR (chromium-lab-concurrent.har: 4 scenarios of a 221-request run)', () => {
  // Entries from DevTools' getHAR() in test/e2e/chromium-panel.test.ts (Chromium 156), trimmed to
  // the fields the importer reads. In such HARs a preflight's `receive` phase ends 3–14 ms after
  // the request it stopped or let go, and a redirect's next hop starts up to 10 ms after the
  // redirect's `startedDateTime + time`; on a loaded machine both grew past 20 ms and the HAR
  // analysis left preflights unpaired and split redirect chains (208–219/221 agreeing).
  type Entry = { startedDateTime: string; time: number; timings: Record<string, number>; request: { url: string; method: string } };
  const recorded = (fixture('chromium-lab-concurrent.har') as { log: { entries: Entry[] } }).log;
  const of = (exchanges: ReturnType<typeof pairExchanges>, id: string) => exchanges.filter((e) => e.url.includes(`/s/${id}/`));
  const analyse = (log: typeof recorded) => pairExchanges(harToObservations({ log }).observations);
  /** The same entries as a loaded machine writes them. */
  function loaded(): typeof recorded {
    const log = structuredClone(recorded);
    let loopHop = 0;
    for (const e of log.entries) {
      // Preflights finish reading their body 40 ms later.
      if (e.request.method === 'OPTIONS') {
        e.time += 40;
        e.timings.receive = (e.timings.receive ?? 0) + 40;
      }
      // Each hop of the redirect loop starts 30 ms later than the one before ended.
      if (e.request.url.includes('/s/redirect-loop/')) {
        e.startedDateTime = new Date(Date.parse(e.startedDateTime) + 30 * loopHop++).toISOString();
      }
    }
    return log;
  }

  for (const [label, log] of [['as recorded', () => recorded], ['on a loaded machine', loaded]] as const) {
    it(`${label}: each preflight pairs with its request, each redirect chain stays one exchange`, () => {
      const exchanges = analyse(log());
      const failed = of(exchanges, 'preflight-acao-missing-post-json');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.hops[0]!.preflight?.method).toBe('OPTIONS');
      expect(failed[0]!.actualNeverSent).toBe(true);
      const cached = of(exchanges, 'preflight-max-age-above-cap');
      expect(cached.map((e) => e.hops.map((h) => (h.preflight ? 'preflight+' : '') + h.request.method))).toEqual([['preflight+PUT'], ['PUT']]);
      const loop = of(exchanges, 'redirect-loop');
      expect(loop).toHaveLength(1);
      expect(loop[0]!.hops).toHaveLength(21);
      expect(loop[0]!.hops[20]!.request.error).toBe('net::ERR_TOO_MANY_REDIRECTS');
      const target = of(exchanges, 'redirect-target-acao-missing');
      expect(target.map((e) => e.hops.length)).toEqual([2]);
    });
  }
});
