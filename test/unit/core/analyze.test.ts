import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { toJsonReport, toMarkdownReport, toTextReport } from '../../../src/core/report';
import { HarFormatError, harToObservations } from '../../../src/sources/har';

describe('analyze', () => {
  const har = JSON.parse(fs.readFileSync(new URL('../../fixtures/har/chrome-basic.har', import.meta.url), 'utf8'));
  const { observations } = harToObservations(har);

  it('drops same-origin traffic unless asked', () => {
    const cors = analyze(observations);
    expect(cors.some((a) => a.exchange.url.startsWith('http://127.0.0.1:45000/'))).toBe(false);
    const all = analyze(observations, { includeSameOrigin: true });
    expect(all.length).toBe(cors.length + 1);
    expect(all.find((a) => a.exchange.url === 'http://127.0.0.1:45000/same')!.verdict.outcome).toBe('not-cors');
  });

  it('passes the browser through to the evaluator', () => {
    const ff = analyze(observations, { browser: 'firefox' });
    const blocked = ff.find((a) => a.exchange.url.endsWith('/preflight-404-acao'))!;
    expect(blocked.verdict.outcome).toBe('blocked');
    expect(blocked.verdict.messages.firefox).toContain('Cross-Origin Request Blocked');
  });

  it('never throws on odd HAR content, and every report renders (property)', () => {
    const header = fc.record({
      name: fc.constantFrom('Origin', 'Access-Control-Allow-Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers',
        'Access-Control-Allow-Headers', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Credentials', 'Location', 'X-A', 'Cookie'),
      value: fc.oneof(fc.string(), fc.constantFrom('*', 'null', 'http://p.test', 'PUT', 'x-a', 'true', 'GET, PUT')),
    });
    const entry = fc.record({
      startedDateTime: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.005Z', 'bad'),
      time: fc.oneof(fc.constant(5), fc.double()),
      _resourceType: fc.constantFrom('fetch', 'preflight', 'document', undefined),
      request: fc.record({
        method: fc.constantFrom('GET', 'PUT', 'OPTIONS', 'patch', ''),
        url: fc.constantFrom('http://api.test/x', 'http://p.test/y', 'data:,x', 'nonsense', 'http://api.test/x?token=1'),
        headers: fc.array(header, { maxLength: 6 }),
      }),
      response: fc.record({
        status: fc.constantFrom(0, 200, 204, 302, 404, -1, 999),
        headers: fc.array(header, { maxLength: 6 }),
        redirectURL: fc.constantFrom('', 'http://api.test/x', '/rel'),
        _error: fc.constantFrom(undefined, 'net::ERR_FAILED', ''),
      }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.constantFrom('chrome', 'firefox', 'safari') as fc.Arbitrary<'chrome'>, (entries, browser) => {
        let list;
        try {
          list = analyze(harToObservations({ log: { entries } }).observations, { browser, includeSameOrigin: true });
        } catch (e) {
          if (e instanceof HarFormatError) return;
          throw e;
        }
        toJsonReport(list);
        toMarkdownReport(list);
        toTextReport(list, { color: true, browser });
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
