// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LabAutomation } from '../../../src/lab/page/automation';
import { FEATURED_IDS, scenarios } from '../../../src/lab/scenarios/index';

const ORIGINS = {
  pageOrigin: 'http://127.0.0.1:41040',
  apiOrigin: 'http://localhost:41041',
  apiSameSiteOrigin: 'http://127.0.0.1:41041',
  thirdOrigin: 'http://127.0.0.1:41042',
  closedOrigin: 'http://127.0.0.1:41043',
};

interface FetchCall {
  url: string;
  init: RequestInit;
}
const fetchCalls: FetchCall[] = [];
const xhrCalls: Array<{ method: string; url: string; withCredentials: boolean; headers: Array<[string, string]>; body: unknown }> = [];

class FakeXhr {
  method = '';
  url = '';
  withCredentials = false;
  timeout = 0;
  status = 0;
  responseText = '';
  responseURL = '';
  headers: Array<[string, string]> = [];
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(n: string, v: string) {
    this.headers.push([n, v]);
  }
  send(body: unknown) {
    xhrCalls.push({ method: this.method, url: this.url, withCredentials: this.withCredentials, headers: this.headers, body });
    if (this.url.includes('/s/acao-missing-')) {
      setTimeout(() => this.onerror?.(), 0);
    } else {
      this.status = 200;
      this.responseText = 'ok';
      setTimeout(() => this.onload?.(), 0);
    }
  }
}

let lab: LabAutomation;

beforeAll(async () => {
  document.head.innerHTML = `<script id="lab-config" type="application/json">${JSON.stringify(ORIGINS)}</script>`;
  document.body.innerHTML = '<main id="app"></main>';
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetchCalls.push({ url, init });
    if (url.includes('/s/acao-missing-')) throw new TypeError('Failed to fetch');
    return new Response('hello', { status: 200 });
  });
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  await import('../../../src/lab/page/client');
  lab = window as unknown as LabAutomation;
});

describe('lab page', () => {
  it('renders the featured scenarios first, in order, and every scenario in the grouped list', () => {
    const featuredRows = [...document.querySelectorAll('#app > section li.scenario')].map((li) => (li as HTMLElement).dataset.id);
    expect(featuredRows).toEqual([...FEATURED_IDS]);
    const allRows = document.querySelectorAll('#all-scenarios li.scenario');
    expect(allRows.length).toBe(scenarios.length);
    expect(document.querySelectorAll('#all-scenarios details[data-group]').length).toBeGreaterThanOrEqual(7);
    expect(document.querySelector('#run-featured')?.textContent).toBe('Run all featured');
    // Placeholders are shown with the lab's real origins.
    const slash = document.querySelector('[data-id="acao-trailing-slash-get"] .meta')?.textContent ?? '';
    expect(slash).toContain(`${ORIGINS.pageOrigin}/`);
    expect(slash).not.toContain('{page}');
  });

  it('exposes the scenario ids for automation', () => {
    expect(lab.labScenarios).toEqual(scenarios.map((s) => s.id));
    expect(lab.labFeatured).toEqual([...FEATURED_IDS]);
  });

  it('performs a fetch exactly as the RequestSpec says', async () => {
    fetchCalls.length = 0;
    const r = await lab.runScenario('healthy-put-cred', 'n1');
    expect(r).toMatchObject({ id: 'healthy-put-cred', nonce: 'n1', ok: true, status: 200 });
    expect(fetchCalls).toHaveLength(1);
    const call = fetchCalls[0];
    expect(call?.url).toBe(`${ORIGINS.apiOrigin}/s/healthy-put-cred/main?n=n1`);
    expect(call?.init).toMatchObject({ method: 'PUT', credentials: 'include', body: 'x', headers: { 'Content-Type': 'text/plain' } });
    expect(call?.init.mode).toBeUndefined();

    fetchCalls.length = 0;
    await lab.runScenario('no-cors-opaque', 'n2');
    expect(fetchCalls[0]?.init).toMatchObject({ method: 'GET', mode: 'no-cors' });
    await lab.runScenario('redirect-manual-opaque', 'n3');
    expect(fetchCalls[1]?.init).toMatchObject({ redirect: 'manual' });
    await lab.runScenario('same-origin-get', 'n4');
    expect(fetchCalls[2]?.url).toBe(`${ORIGINS.pageOrigin}/s/same-origin-get/main?n=n4`);
    await lab.runScenario('connection-refused', 'n5');
    expect(fetchCalls[3]?.url).toBe(`${ORIGINS.closedOrigin}/s/connection-refused/main?n=n5`);
  });

  it('repeats the request on the same URL and reports every run', async () => {
    fetchCalls.length = 0;
    const r = await lab.runScenario('healthy-preflight-cached', 'rep');
    expect(fetchCalls.map((c) => c.url)).toEqual([
      `${ORIGINS.apiOrigin}/s/healthy-preflight-cached/main?n=rep`,
      `${ORIGINS.apiOrigin}/s/healthy-preflight-cached/main?n=rep`,
    ]);
    expect(r.runs).toHaveLength(2);
  });

  it('reports the thrown error and shows it in the badge as text', async () => {
    const r = await lab.runScenario('acao-missing-get', 'e1');
    expect(r).toMatchObject({ ok: false, error: 'TypeError: Failed to fetch' });
    const badges = [...document.querySelectorAll('[data-id="acao-missing-get"] .badge')];
    expect(badges.length).toBe(2); // featured + grouped list
    for (const b of badges) expect(b.textContent).toBe('TypeError: Failed to fetch');
  });

  it('uses XMLHttpRequest with withCredentials for xhr scenarios', async () => {
    xhrCalls.length = 0;
    const ok = await lab.runScenario('healthy-xhr-cred', 'x1');
    expect(ok).toMatchObject({ ok: true, status: 200, type: 'xhr' });
    expect(xhrCalls[0]).toMatchObject({ method: 'GET', url: `${ORIGINS.apiOrigin}/s/healthy-xhr-cred/main?n=x1`, withCredentials: true, body: null });
    const failed = await lab.runScenario('acao-missing-xhr-get', 'x2');
    expect(failed).toMatchObject({ ok: false, error: 'XMLHttpRequest error (status 0)' });
    await lab.runScenario('healthy-xhr-put', 'x3');
    expect(xhrCalls[2]).toMatchObject({ method: 'PUT', withCredentials: false, headers: [['X-Custom', '1']], body: 'x' });
  });

  it('runs a list of scenarios in order', async () => {
    const results = await lab.runAll(['healthy-get', 'acao-missing-get']);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['healthy-get', true],
      ['acao-missing-get', false],
    ]);
    const unknown = await lab.runScenario('does-not-exist');
    expect(unknown).toMatchObject({ ok: false, error: 'unknown scenario does-not-exist' });
  });
});
