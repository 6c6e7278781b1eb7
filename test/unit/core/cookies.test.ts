/** Cookies across origins: what the browser stores, what it refuses, and why. */
import { describe, expect, it } from 'vitest';
import { cookieReport } from '../../../src/core/cookies/report';
import { parseSetCookie } from '../../../src/core/cookies/set-cookie';
import { evaluate } from '../../../src/core/evaluate';
import type { CredentialsMode } from '../../../src/core/model';
import { exchange } from './fixes/build';

const PAGE = 'http://localhost:5173';
const OK: Array<[string, string]> = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']];

function report(url: string, setCookies: string[], credentials: CredentialsMode = 'include', cookie?: string, browser: 'chrome' | 'firefox' = 'chrome') {
  const e = exchange({
    url,
    origin: PAGE,
    requestHeaders: cookie ? [['Cookie', cookie]] : [],
    actual: { status: 200, headers: [...OK.map(([n, v]): [string, string] => [n, n === 'Access-Control-Allow-Origin' ? PAGE : v]), ...setCookies.map((c): [string, string] => ['Set-Cookie', c])] },
  });
  return cookieReport({ exchange: e, verdict: evaluate(e, { credentials }) }, browser);
}
const fates = (r: ReturnType<typeof report>) => r!.setCookies.map((c) => `${c.name}:${c.fate}`);

describe('parseSetCookie', () => {
  it('reads the name and the attributes that decide, never the value', () => {
    expect(parseSetCookie('sid=s3cr3t; Path=/; SameSite=None; Secure; HttpOnly; Partitioned; Domain=.Example.com')).toEqual({
      name: 'sid', sameSite: 'none', secure: true, partitioned: true, domain: 'example.com',
    });
    expect(parseSetCookie('a=b; SameSite=bogus')!.sameSite).toBe('unset');
    expect(JSON.stringify(parseSetCookie('sid=s3cr3t'))).not.toContain('s3cr3t');
  });
});

describe('cookieReport', () => {
  it('same site, other port (localhost:5173 → localhost:8081): SameSite does not stop anything', () => {
    const r = report('http://localhost:8081/api/login', ['sid=1; SameSite=Lax', 'b=2']);
    expect(r!.sameSite).toBe(true);
    expect(fates(r)).toEqual(['sid:stored', 'b:stored']);
  });

  it('cross site: Lax/Strict and no SameSite are refused, None without Secure rejected, None; Secure is third-party', () => {
    const r = report('https://api.example.com/login', ['l=1; SameSite=Lax', 's=1; SameSite=Strict', 'u=1', 'n=1; SameSite=None', 'ok=1; SameSite=None; Secure', 'p=1; SameSite=None; Secure; Partitioned']);
    expect(r!.sameSite).toBe(false);
    expect(fates(r)).toEqual(['l:rejected', 's:rejected', 'u:rejected', 'n:rejected', 'ok:third-party', 'p:partitioned']);
    expect(r!.setCookies[3]!.why).toMatch(/SameSite=None without Secure/);
  });

  it('Firefox (measured in ESR 153): no SameSite and None; Secure are partitioned, and its console lines come along', () => {
    const r = report('https://api.example.com/login', ['l=1; SameSite=Lax', 'u=1', 'n=1; SameSite=None', 'ok=1; SameSite=None; Secure'], 'include', undefined, 'firefox');
    expect(fates(r)).toEqual(['l:rejected', 'u:partitioned', 'n:rejected', 'ok:partitioned']);
    expect(r!.setCookies[0]!.firefoxLine).toBe('Cookie “l” has been rejected because it is in a cross-site context and its “SameSite” is “Lax” or “Strict”.');
    expect(r!.setCookies[2]!.firefoxLine).toBe('Cookie “n” rejected because it has the “SameSite=None” attribute but is missing the “secure” attribute.');
  });

  it('localhost and 127.0.0.1 are different sites: says so', () => {
    const r = report('http://127.0.0.1:8081/api/me', [], 'include');
    expect(r!.sameSite).toBe(false);
    expect(r!.notes.join(' ')).toMatch(/localhost and 127\.0\.0\.1 are different sites/);
    expect(r!.notes.join(' ')).toMatch(/No Cookie header went out/);
  });

  it('Secure over plain http is rejected except on localhost', () => {
    expect(fates(report('http://localhost:8081/x', ['a=1; Secure']))).toEqual(['a:stored']);
    expect(fates(report('http://api.test/x', ['a=1; Secure; SameSite=None']))).toEqual(['a:rejected']);
  });

  it('a request that is not credentialed: every Set-Cookie ignored; the Cookie names sent are listed, values never', () => {
    expect(fates(report('http://localhost:8081/x', ['a=1'], 'same-origin'))).toEqual(['a:ignored']);
    const sent = report('http://localhost:8081/x', [], 'include', 'sid=s3cr3t; theme=dark');
    expect(sent!.sent).toEqual([{ hop: 0, names: ['sid', 'theme'] }]);
    expect(JSON.stringify(sent)).not.toContain('s3cr3t');
  });

  it('no cookies and no credentials: nothing to say', () => {
    expect(report('http://localhost:8081/x', [], 'same-origin')).toBeNull();
  });
});
