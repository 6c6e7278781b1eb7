import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { harToObservations } from '../../../src/sources/har';
import { toHar, toHarText } from '../../../src/sources/har-export';
import { analyzedFixture } from './fixtures';

const summary = (list: ReturnType<typeof analyzedFixture>) =>
  list.map((a) => `${a.exchange.method} ${a.exchange.url} ${a.exchange.initiatorOrigin} ${a.verdict.outcome} ${a.verdict.reason} ${a.verdict.chromiumCorsError} ${a.exchange.hops.length}`);

describe('HAR export', () => {
  for (const [name, browser] of [['chrome-basic.har', 'chrome'], ['firefox-basic.har', 'firefox']] as const) {
    it(`${name}: exported and imported again, every exchange gets the same verdict`, () => {
      const list = analyzedFixture(name);
      const back = analyze(harToObservations(JSON.parse(toHarText(list, { includeSecrets: true }))).observations, { browser });
      expect(summary(back)).toEqual(summary(list));
      // Redacted, the verdicts stay the same too; only the secret values change.
      const redacted = analyze(harToObservations(toHar(list)).observations, { browser });
      expect(redacted.map((a) => `${a.verdict.outcome} ${a.verdict.reason}`)).toEqual(list.map((a) => `${a.verdict.outcome} ${a.verdict.reason}`));
    });
  }

  it('redacts Authorization, Cookie, Set-Cookie and token query values unless asked not to', () => {
    const list = analyzedFixture('chrome-basic.har');
    const text = toHarText(list);
    expect(text).not.toContain('s3cr3t-token');
    expect(text).toContain('token=[redacted]');
    const withSecrets = toHarText(list, { includeSecrets: true });
    expect(withSecrets).toContain('s3cr3t-token');
    const secretHeaders = (t: string) =>
      JSON.parse(t).log.entries.flatMap((e: { request: { headers: Array<{ name: string; value: string }> }; response: { headers: Array<{ name: string; value: string }> } }) =>
        [...e.request.headers, ...e.response.headers].filter((h) => /^(authorization|cookie|set-cookie)$/i.test(h.name)),
      );
    const redactedSecrets = secretHeaders(text);
    expect(redactedSecrets.length).toBeGreaterThan(0);
    expect(redactedSecrets.every((h: { value: string }) => h.value === '[redacted]')).toBe(true);
    expect(secretHeaders(withSecrets).some((h: { value: string }) => h.value !== '[redacted]')).toBe(true);
  });

  it('marks preflights, keeps browser errors and writes a never-sent request as Chrome does', () => {
    const list = analyzedFixture('chrome-basic.har');
    const har = toHar(list, { includeSecrets: true });
    const pre = har.log.entries.filter((e) => e._resourceType === 'preflight');
    expect(pre.length).toBe(list.reduce((n, a) => n + a.exchange.hops.filter((h) => h.preflight).length, 0));
    expect(pre.every((e) => e.request.method === 'OPTIONS')).toBe(true);
    const neverSent = har.log.entries.find((e) => e.request.url.endsWith('/preflight-404') && e.request.method === 'PUT')!;
    expect(neverSent.response.status).toBe(0);
    expect(neverSent.response.headers).toEqual([]);
    expect(neverSent.response._error).toBe('net::ERR_FAILED');
    expect(har.log.creator.name).toBe('CORS Lens');
  });

  it('hostile values stay data: the export is valid JSON holding them verbatim', () => {
    const [a] = analyzedFixture('chrome-basic.har');
    const evil = '<script>alert(1)</script>\u202Egpj.exe"\\';
    const hostile = structuredClone(a!);
    hostile.exchange.hops[0]!.request.responseHeaders = [{ name: 'X-Evil', value: evil }];
    const har = JSON.parse(toHarText([hostile]));
    expect(har.log.entries.at(-1).response.headers).toEqual([{ name: 'X-Evil', value: evil }]);
  });
});
