/**
 * The CORS check on a response, per engine. ACAO matrix from WPT `cors/origin.htm` and
 * `credentials-flag.htm`; classifications marked "verified in Chromium 156" were observed with
 * CDP `Network.loadingFailed.corsErrorStatus` against a local server.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import { chromeCheckAccess, firefoxCheckAccess, safariCheckAccess } from '../../../../src/core/rules/access-check';
import { ex, hl, PAGE } from '../helpers';

const acao = (v: string | string[]) => hl({ 'Access-Control-Allow-Origin': v });

describe('WPT cors/origin.htm: which ACAO values pass (no credentials)', () => {
  it.each([' *  ', '\t*', '*', PAGE, ` ${PAGE}\t`])('%j passes', (v) => {
    const verdict = evaluate(ex({ res: { 'Access-Control-Allow-Origin': v } }));
    expect(verdict.outcome).toBe('allowed');
    expect(verdict.engines.firefox.outcome).toBe('allowed');
    expect(verdict.engines.safari.outcome).toBe('allowed');
  });

  it.each([
    ['"*"', 'InvalidAllowOriginValue'], // verified in Chromium 156
    ["'*'", 'InvalidAllowOriginValue'],
    ['**', 'InvalidAllowOriginValue'],
    ['* null', 'MultipleAllowOriginValues'],
    [`*, ${PAGE}`, 'MultipleAllowOriginValues'],
    [`${PAGE}/`, 'AllowOriginMismatch'], // verified in Chromium 156
    [`${PAGE}/path`, 'AllowOriginMismatch'],
    [`${PAGE}?`, 'AllowOriginMismatch'],
    [`${PAGE}#`, 'AllowOriginMismatch'],
    ['HTTP://127.0.0.1:44000', 'AllowOriginMismatch'], // verified in Chromium 156
    ['http://127.0.0.1:44000:80', 'InvalidAllowOriginValue'],
    ['http://127.0.0.1', 'AllowOriginMismatch'],
    ['null', 'AllowOriginMismatch'], // verified in Chromium 156
    ['', 'InvalidAllowOriginValue'], // verified in Chromium 156
    ['127.0.0.1:44000', 'InvalidAllowOriginValue'], // verified in Chromium 156
    // URL parsers (GURL and WHATWG) trim trailing control characters: still not byte-equal.
    [`${PAGE}\u0000`, 'AllowOriginMismatch'],
  ])('%j fails in Chrome with %s, failedParameter = the value', (v, corsError) => {
    const verdict = evaluate(ex({ res: { 'Access-Control-Allow-Origin': v }, error: 'net::ERR_FAILED' }));
    expect(verdict.outcome).toBe('blocked');
    expect(verdict.chromiumCorsError).toBe(corsError);
    expect(verdict.failedParameter).toBe(v.trim());
    expect(verdict.engines.firefox.outcome).toBe('blocked');
    expect(verdict.engines.safari.outcome).toBe('blocked');
  });

  it('two ACAO fields with the same origin: Chrome multiple (combined value), Firefox multiple, Safari multiple', () => {
    // verified in Chromium 156: failedParameter 'http://127.0.0.1:44000, http://127.0.0.1:44000'
    const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': [PAGE, PAGE] }, error: 'net::ERR_FAILED' }));
    expect(v.chromiumCorsError).toBe('MultipleAllowOriginValues');
    expect(v.failedParameter).toBe(`${PAGE}, ${PAGE}`);
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMultipleAllowOriginNotAllowed']);
    expect(v.engines.firefox.reason).toBe('acao-multiple-values');
    expect(v.engines.safari.reason).toBe('acao-multiple-values');
  });

  it('Firefox: "multiple" only for separate fields, and no "invalid" reason (taxonomy F)', () => {
    for (const value of [`${PAGE}, https://b.example`, 'a b', '', 'app.example']) {
      const v = evaluate(ex({ res: { 'Access-Control-Allow-Origin': value } }));
      expect(v.engines.firefox.firefoxKeys).toEqual(['CORSAllowOriginNotMatchingOrigin']);
      expect(v.engines.firefox.reason).toBe('acao-mismatch');
    }
  });

  it('Chrome: space-separated list is "multiple", empty is "invalid" (taxonomy F)', () => {
    expect(chromeCheckAccess({ headers: acao('a b'), credentials: false, origin: PAGE })?.kind).toBe('multiple');
    expect(chromeCheckAccess({ headers: acao(''), credentials: false, origin: PAGE })?.kind).toBe('invalid');
    // GURL accepts a custom scheme, so 'localhost:3000' is a mismatch, not invalid.
    expect(chromeCheckAccess({ headers: acao('localhost:3000'), credentials: false, origin: PAGE })?.kind).toBe('mismatch');
  });

  it('Safari cannot tell missing / invalid / mismatch apart (same line), but comma = multiple', () => {
    for (const headers of [hl({}), acao('app.example'), acao('https://b.example')]) {
      const v = evaluate(ex({ res: headers }));
      expect(v.messages.safari).toMatch(/^Origin http:\/\/127\.0\.0\.1:44000 is not allowed by Access-Control-Allow-Origin\. Status code: 200\n/);
    }
    expect(safariCheckAccess({ headers: acao('a, b'), credentials: false, origin: PAGE })?.kind).toBe('multiple');
    expect(safariCheckAccess({ headers: acao('a b'), credentials: false, origin: PAGE })?.kind).toBe('mismatch');
  });
});

describe('credentials: wildcard and Access-Control-Allow-Credentials', () => {
  it.each(['TRUE', 'True', '"true"', '1', 'yes', 'false', ' true '.trim() + 'x'])('ACAC %j fails (WPT credentials-flag.htm)', (acac) => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': acac } }));
    expect(v.chromiumCorsError).toBe('InvalidAllowCredentials');
    expect(v.failedParameter).toBe(acac); // verified in Chromium 156 for 'TRUE'
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMissingAllowCredentials']);
    expect(v.reason).toBe('acac-invalid');
  });

  it('ACAC absent ⇒ failedParameter "" (verified in Chromium 156)', () => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE } }));
    expect(v.chromiumCorsError).toBe('InvalidAllowCredentials');
    expect(v.failedParameter).toBe('');
  });

  it("' true ' is trimmed and passes; ACAC is ignored without credentials", () => {
    expect(evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': ' true ' } })).outcome).toBe('allowed');
    expect(evaluate(ex({ res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'nope' } })).outcome).toBe('allowed');
  });

  it('* with credentials fails even with ACAC: true, in every engine', () => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' } }));
    expect(v.chromiumCorsError).toBe('WildcardOriginNotAllowed');
    expect(v.failedParameter).toBe('');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSNotSupportingCredentials']);
    expect(v.engines.safari.reason).toBe('acao-wildcard-with-credentials');
    expect(v.credentials).toMatchObject({ mode: 'include', basis: 'observed' });
  });

  it('order: Firefox reports multiple fields before missing/wildcard; Chrome looks at the combined value', () => {
    const headers = acao(['*', '*']);
    expect(chromeCheckAccess({ headers, credentials: false, origin: PAGE })?.kind).toBe('multiple');
    expect(firefoxCheckAccess({ headers, credentials: true, origin: PAGE })?.kind).toBe('multiple');
  });

  it('a null origin matches ACAO null (opaque page, e.g. sandboxed iframe)', () => {
    expect(evaluate(ex({ origin: null, res: { 'Access-Control-Allow-Origin': 'null' } })).outcome).toBe('allowed');
    expect(chromeCheckAccess({ headers: acao(PAGE), credentials: false, origin: 'null' })?.kind).toBe('mismatch');
  });
});
