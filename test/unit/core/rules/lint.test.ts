/** Warnings on working exchanges (taxonomy A7). */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import { ex, PAGE } from '../helpers';

const ids = (v: ReturnType<typeof evaluate>) => v.warnings.map((w) => w.id);

describe('lint', () => {
  it('origin-specific ACAO without Vary: Origin', () => {
    expect(ids(evaluate(ex({ res: { 'Access-Control-Allow-Origin': PAGE } })))).toContain('warn-reflected-origin-without-vary');
    expect(ids(evaluate(ex({ res: { 'Access-Control-Allow-Origin': PAGE, Vary: 'Accept, Origin' } })))).not.toContain('warn-reflected-origin-without-vary');
    expect(ids(evaluate(ex({ res: { 'Access-Control-Allow-Origin': PAGE, 'Cache-Control': 'no-store' } })))).not.toContain('warn-reflected-origin-without-vary');
    expect(ids(evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*' } })))).not.toContain('warn-reflected-origin-without-vary');
  });

  it('per-request ACAO with credentials is a security note', () => {
    const v = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } }));
    const w = v.warnings.find((x) => x.id === 'warn-reflect-any-origin-with-credentials');
    expect(w?.severity).toBe('security');
  });

  it('ACAO: null is a security warning', () => {
    const v = evaluate(ex({ origin: null, res: { 'Access-Control-Allow-Origin': 'null' } }));
    expect(v.outcome).toBe('allowed');
    expect(v.warnings.find((w) => w.id === 'warn-acao-null')?.severity).toBe('security');
  });

  it('an HTTPS API trusting an HTTP origin', () => {
    const v = evaluate(ex({ origin: 'http://app.example', url: 'https://api.example/x', res: { 'Access-Control-Allow-Origin': 'http://app.example', Vary: 'Origin' } }));
    expect(ids(v)).toContain('warn-http-origin-trusted');
  });

  it.each([
    ['86400', 'warn-max-age-exceeds-cap', /chrome 7200 s, safari 600 s/],
    ['ten', 'warn-max-age-invalid-or-zero', /Firefox does not cache/],
    ['0', 'warn-max-age-invalid-or-zero', /never cached/],
  ])('Max-Age %s', (maxAge, id, text) => {
    const v = evaluate(ex({ method: 'PUT', preflight: { res: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': maxAge } }, res: { 'Access-Control-Allow-Origin': '*' } }));
    const w = v.warnings.find((x) => x.id === id);
    expect(w?.message).toMatch(text);
  });

  it('Max-Age 600 is fine everywhere', () => {
    const v = evaluate(ex({ method: 'PUT', preflight: { res: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '600' } }, res: { 'Access-Control-Allow-Origin': '*' } }));
    expect(ids(v).filter((i) => i.startsWith('warn-max-age'))).toEqual([]);
  });

  it('ACAO * with ACAC true', () => {
    expect(ids(evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' } })))).toContain('warn-acac-with-wildcard');
  });

  it('non-safelisted response headers the app may read need Expose-Headers', () => {
    const hidden = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*', 'X-Total-Count': '5', ETag: '"a"', 'Content-Type': 'application/json', Date: 'x' } }));
    const w = hidden.warnings.find((x) => x.id === 'warn-expose-headers-missing');
    expect(w?.message).toContain('x-total-count, etag');
    const exposed = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*', 'X-Total-Count': '5', ETag: '"a"', 'Access-Control-Expose-Headers': 'X-Total-Count, ETag' } }));
    expect(ids(exposed)).not.toContain('warn-expose-headers-missing');
    const star = evaluate(ex({ res: { 'Access-Control-Allow-Origin': '*', 'X-Total-Count': '5', 'Access-Control-Expose-Headers': '*' } }));
    expect(ids(star)).not.toContain('warn-expose-headers-missing');
    const starCred = evaluate(ex({ req: { Cookie: 'a=1' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin', 'X-Total-Count': '5', 'Access-Control-Expose-Headers': '*' } }));
    expect(starCred.warnings.find((x) => x.id === 'warn-expose-headers-missing')?.message).toMatch(/literal/);
  });

  it('unexpected preflight: application/json', () => {
    const v = evaluate(ex({ method: 'POST', req: { 'Content-Type': 'application/json' }, preflight: { req: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type', Origin: PAGE }, res: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type' } }, res: { 'Access-Control-Allow-Origin': '*' } }));
    expect(v.outcome).toBe('allowed');
    expect(v.warnings.find((w) => w.id === 'warn-unexpected-preflight')?.message).toMatch(/application\/json/);
  });

  it('credentialed cross-site request without cookies hints at third-party cookie blocking', () => {
    const v = evaluate(ex({ origin: 'https://app.example', url: 'https://api.other.example/x', status: 401, res: { 'Access-Control-Allow-Origin': 'https://app.example', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } }), { credentials: 'include' });
    expect(v.warnings.find((w) => w.id === 'warn-third-party-cookies')?.message).toMatch(/401/);
  });

  it('no warnings on same-origin or network errors', () => {
    expect(evaluate(ex({ url: `${PAGE}/x`, method: 'patch' })).warnings).toEqual([]);
    expect(evaluate(ex({ status: 0, res: undefined, error: 'net::ERR_CONNECTION_REFUSED' })).warnings).toEqual([]);
  });
});
