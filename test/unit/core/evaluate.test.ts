/** Verdict-level semantics: credentials inference, incomplete data, server errors, profile. */
import { describe, expect, it } from 'vitest';
import { evaluate, requestCorsProfile } from '../../../src/core/evaluate';
import { REASON_IDS, reasonInfo } from '../../../src/core/reasons';
import { ex, PAGE } from './helpers';

describe('credentials mode', () => {
  it('inferred: ACAO * on a reported failure only fails with credentials', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*' }, error: 'net::ERR_FAILED' }));
    expect(v.outcome).toBe('blocked');
    expect(v.chromiumCorsError).toBe('WildcardOriginNotAllowed');
    expect(v.credentials).toEqual({ mode: 'include', basis: 'inferred' });
    expect(v.inferences[0]).toContain('`*`');
    expect(v.inferences[0]).toContain("credentials: 'include'");
  });

  it('inferred: ACAO = origin without ACAC on a reported failure', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': PAGE }, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('InvalidAllowCredentials');
    expect(v.credentials.basis).toBe('inferred');
  });

  it('assumed non-credentialed when nothing failed', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*' } }));
    expect(v.outcome).toBe('allowed');
    expect(v.credentials).toEqual({ mode: 'same-origin', basis: 'assumed' });
  });

  it('given wins', () => {
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*' } }), { credentials: 'include' });
    expect(v.outcome).toBe('blocked');
    expect(v.credentials).toEqual({ mode: 'include', basis: 'given' });
    expect(evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': '*' } }), { credentials: 'omit' }).outcome).toBe('allowed');
  });

  it('observed: a Cookie header on the cross-origin request', () => {
    const v = evaluate(ex({ req: { Cookie: 'sid=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' } }));
    expect(v.outcome).toBe('allowed');
    expect(v.credentials).toMatchObject({ mode: 'include', basis: 'observed' });
  });
});

describe('incomplete data: honest unknowns', () => {
  it('headers pass but the browser said net::ERR_FAILED: blocked, reason unknown, says what is missing', () => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }, error: 'net::ERR_FAILED' }));
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('unknown');
    expect(v.chromiumCorsError).toBeNull();
    expect(v.explanation).toMatch(/net::ERR_FAILED/);
  });

  it('a Firefox error only overrides the Firefox engine', () => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }, error: 'NS_ERROR_DOM_BAD_URI' }));
    expect(v.engines.firefox.outcome).toBe('blocked');
    expect(v.engines.firefox.reason).toBe('unknown');
    expect(v.engines.chrome.outcome).toBe('allowed');
  });

  it('webRequest without extraHeaders: ERR_FAILED and no response headers', () => {
    const v = evaluate(ex({ status: 0, res: undefined, error: 'net::ERR_FAILED' }));
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('unknown');
  });

  it('no response and no error: unknown', () => {
    expect(evaluate(ex({ status: 0, res: undefined })).outcome).toBe('unknown');
  });
});

describe('server errors without CORS headers name the real problem', () => {
  it.each([401, 403, 404, 413, 500, 502, 504])('%i', (status) => {
    const v = evaluate(ex({ status, res: { 'Content-Type': 'text/html' }, error: 'net::ERR_FAILED' }));
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('server-error-without-cors');
    expect(v.chromiumCorsError).toBe('MissingAllowOriginHeader');
    expect(v.summary).toContain(String(status));
    expect(v.explanation).toMatch(/error path/);
    expect(v.engines.firefox.reason).toBe('server-error-without-cors');
    expect(v.messages.firefox).toContain(`Status code: ${status}.`);
  });
});

describe('requestCorsProfile', () => {
  it('JSON body + custom header need a preflight, with reasons', () => {
    const p = requestCorsProfile(ex({ method: 'POST', req: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' } }));
    expect(p.crossOrigin).toBe(true);
    expect(p.mode).toBe('cors');
    expect(p.needsPreflight).toBe(true);
    expect(p.unsafeHeaders).toEqual(['content-type', 'x-api-key']);
    expect(p.preflightReasons.join(' ')).toMatch(/application\/json/);
  });
  it('simple GET does not; same-origin never does', () => {
    expect(requestCorsProfile(ex({ req: { Accept: 'application/json' } })).needsPreflight).toBe(false);
    const same = requestCorsProfile(ex({ url: `${PAGE}/x`, method: 'PUT' }));
    expect(same.crossOrigin).toBe(false);
    expect(same.needsPreflight).toBe(false);
  });
  it('Range bytes=0-10 is simple, a multi-range is not (taxonomy F)', () => {
    expect(requestCorsProfile(ex({ req: { Range: 'bytes=0-10' } })).needsPreflight).toBe(false);
    expect(requestCorsProfile(ex({ req: { Range: 'bytes=0-10,20-30' } })).unsafeHeaders).toEqual(['range']);
    expect(requestCorsProfile(ex({ req: { Accept: 'a'.repeat(129) } })).unsafeHeaders).toEqual(['accept']);
    expect(requestCorsProfile(ex({ req: { Accept: 'text/"x"' } })).unsafeHeaders).toEqual(['accept']);
  });
});

describe('reasons catalogue', () => {
  it('every produced reason has a title, a spec link and an MDN link', () => {
    for (const id of REASON_IDS) {
      const info = reasonInfo(id);
      expect(info.title.length).toBeGreaterThan(0);
      // Local Network Access is specified by the WICG, not in Fetch.
      expect(info.spec).toMatch(/^https:\/\/(fetch\.spec\.whatwg\.org\/#|wicg\.github\.io\/local-network-access\/$)/);
      expect(info.mdn).toMatch(/^https:\/\/developer\.mozilla\.org\/en-US\/docs\/Web\/HTTP\/Guides\/CORS/);
    }
    expect(reasonInfo('acao-missing').mdn).toMatch(/Errors\/CORSMissingAllowOrigin$/);
    expect(reasonInfo('preflight-header-not-allowed').issueTitle).toBe('Ensure CORS request includes only allowed headers');
    expect(reasonInfo('no-such-id').title).toBe('no-such-id');
  });
});

describe('capture gaps', () => {
  it('a verdict built on a request with missing events says so, whatever its outcome', async () => {
    const { evaluate } = await import('../../../src/core/evaluate');
    const request = {
      id: 'wr:1#0',
      source: 'webrequest' as const,
      url: 'http://api.test/x',
      method: 'GET',
      initiatorOrigin: 'http://page.test',
      requestHeaders: [{ name: 'Origin', value: 'http://page.test' }],
      error: 'net::ERR_FAILED',
      startTime: 1,
      endTime: 2,
    };
    const plain = evaluate({ id: 'x', url: request.url, method: 'GET', initiatorOrigin: 'http://page.test', startTime: 1, hops: [{ request }] });
    expect(plain.warnings.map((w) => w.id)).not.toContain('capture-incomplete');
    const gap = evaluate({ id: 'x', url: request.url, method: 'GET', initiatorOrigin: 'http://page.test', startTime: 1, hops: [{ request: { ...request, captureGap: 'restart' } }] });
    expect(gap.outcome).toBe(plain.outcome);
    expect(gap.warnings[0]).toMatchObject({ id: 'capture-incomplete', severity: 'warning' });
    expect(gap.warnings[0]!.message).toMatch(/restarted while this request was in flight/);
  });
});
