/**
 * The Safari engine where WebKit differs from Chromium and Firefox (each verified in WebKitGTK 2.50
 * through the lab; the full set is checked against test/fixtures/lab-observed/webkit.json).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../src/core/evaluate';
import type { Exchange, PageHint } from '../../../../src/core/model';
import { toMarkdownReport, toTextReport } from '../../../../src/core/report';
import { API, chain, ex, obs, PAGE } from '../helpers';

const OK = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' };
const hint = (p: Partial<PageHint>): PageHint => ({ id: 'h', kind: 'fetch', url: `${API}/x`, method: 'GET', credentials: 'same-origin', headerNames: [], startTime: 0, outcome: 'rejected', error: 'TypeError', ...p });
const withHint = (e: Exchange, p: Partial<PageHint>): Exchange => ({ ...e, pageHint: hint(p) });
const safari = (e: Exchange) => evaluate(e, { browser: 'safari' });
const redirectHop = (url: string, status: number, location: string) => ({
  request: obs({ url, status, responseHeaders: { 'Access-Control-Allow-Origin': PAGE, Location: location }, requestHeaders: { Origin: PAGE } }),
});

describe('Safari engine follows WebKit', () => {
  it('a redirected preflight is a failed status, with the 3xx', () => {
    const v = safari(ex({ method: 'PUT', preflight: { status: 301, res: { Location: `${API}/elsewhere` } }, actualNeverSent: true }));
    expect(v.reason).toBe('preflight-redirect');
    expect(v.messages.safari?.split('\n')[0]).toBe('Preflight response is not successful. Status code: 301');
  });

  it('names a userinfo redirect target without its userinfo, then prints the Location as is', () => {
    const v = safari(chain(PAGE, [redirectHop(`${API}/a`, 302, 'http://u:p@localhost:44001/b')]));
    expect(v.messages.safari?.split('\n')[0]).toBe(
      'Cross-origin redirection to http://localhost:44001/b denied by Cross-Origin Resource Sharing policy: redirection URL http://u:p@localhost:44001/b has credentials',
    );
  });

  it('refuses an ftp: Location as "FTP URLs are disabled", naming the 3xx URL', () => {
    const v = safari(chain(PAGE, [redirectHop(`${API}/a`, 302, 'ftp://localhost:44001/b')]));
    expect(v.messages.safari?.split('\n').slice(0, 2)).toEqual(['FTP URLs are disabled', `Fetch API cannot load ${API}/a due to access control checks.`]);
  });

  it("stops at the 21st redirect, and at the first for redirect: 'error'", () => {
    const loop = chain(PAGE, Array.from({ length: 21 }, () => redirectHop(`${API}/loop`, 302, `${API}/loop`)));
    expect(safari(loop).messages.safari?.split('\n')[0]).toBe('Load cannot follow more than 20 redirections');
    const once = withHint(chain(PAGE, [redirectHop(`${API}/a`, 302, `${API}/b`)]), { redirect: 'error' });
    expect(safari(once).messages.safari?.split('\n')[0]).toBe(`Not allowed to follow a redirection while loading ${API}/a`);
    expect(safari(once).outcome).toBe('network-error');
  });

  it('refuses no-cors with a non-follow redirect mode before sending', () => {
    const v = safari(withHint(ex({ req: { 'Sec-Fetch-Mode': 'no-cors' } }), { mode: 'no-cors', redirect: 'manual' }));
    expect(v.reason).toBe('no-cors-redirect-mode-not-follow');
    expect(v.messages.safari?.split('\n').slice(0, 2)).toEqual(['No-Cors mode requires follow redirect mode', 'Not allowed to request resource']);
  });

  it('prints only "Fetch API cannot load URL." for a same-origin-mode violation', () => {
    const v = safari(withHint(ex(), { mode: 'same-origin' }));
    expect(v.messages.safari).toBe(`Fetch API cannot load ${API}/x.`);
  });

  it('fails a request whose connection broke after a passing preflight; Chromium and Firefox re-send it', () => {
    const e = withHint(ex({ method: 'PUT', preflight: { status: 204, res: OK } }), { method: 'PUT' });
    e.hops[0]!.request.status = undefined;
    e.hops[0]!.request.responseHeaders = undefined;
    const v = safari(e);
    expect(v.engines.safari.outcome).toBe('network-error');
    expect(v.engines.chrome.outcome).not.toBe('network-error');
  });

  it("says where the Safari text's last line comes from, in Markdown and in the text report", () => {
    const v = safari(ex({ res: {} }));
    const list = [{ exchange: ex({ res: {} }), verdict: v }];
    expect(toMarkdownReport(list)).toContain("appears only in Safari's Web Inspector console");
    expect(toTextReport(list, { browser: 'safari' })).toContain("appears only in Safari's Web Inspector console");
    expect(toTextReport(list, { browser: 'chrome' })).not.toContain('Web Inspector');
  });
});
