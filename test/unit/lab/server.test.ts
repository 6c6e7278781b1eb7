import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/lab/scenario-types';
import type { Lab } from '../../../src/lab/server';
import { startLab } from '../../../src/lab/server';
import { fixedPortBlock } from '../../e2e/support/fixed-ports';
import { fields, request } from './lab-client';

// Fixed ports (the tests name them), outside the ephemeral range: test/e2e/support/fixed-ports.ts.
const P = fixedPortBlock('lab-unit');
const PORTS = { pagePort: P, apiPort: P + 1, thirdPort: P + 2, closedPort: P + 3 };

const REFLECT: Array<[string, string]> = [['Access-Control-Allow-Origin', '{origin}'], ['Vary', 'Origin']];
const TEST_SCENARIOS: Scenario[] = [
  {
    id: 'two-fields',
    title: 't',
    group: 'A1',
    description: 'd',
    request: { target: 'api', method: 'GET' },
    server: { main: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', '{origin}'], ['access-control-allow-origin', '*'], ['X-Case-Kept', 'v']] } } },
    expect: { outcome: 'blocked', corsError: 'MultipleAllowOriginValues' },
  },
  {
    id: 'preflighted',
    title: 't',
    group: 'A2',
    description: 'd',
    request: { target: 'api', method: 'PUT' },
    server: {
      main: {
        preflight: { status: 204, headers: [...REFLECT, ['Access-Control-Allow-Methods', 'PUT']] },
        actual: { status: 201, headers: [...REFLECT, ['X-Page', '{page}'], ['X-Upper', '{origin-upper}']], body: 'created' },
      },
    },
    expect: { outcome: 'allowed', corsError: null },
  },
  {
    id: 'no-preflight-answer',
    title: 't',
    group: 'A2',
    description: 'd',
    request: { target: 'api', method: 'PUT' },
    server: { main: { actual: { status: 200, headers: REFLECT } } },
    expect: { outcome: 'blocked', corsError: 'PreflightMissingAllowOriginHeader' },
  },
  {
    id: 'hop',
    title: 't',
    group: 'A3',
    description: 'd',
    request: { target: 'api', method: 'GET' },
    server: {
      main: { actual: { status: 307, headers: REFLECT, redirect: { target: 'third', step: 'next' } } },
      next: { actual: { status: 200, headers: REFLECT } },
      creds: { actual: { status: 302, headers: [], redirect: { target: 'api', step: 'next', userinfo: 'user:pass' } } },
      data: { actual: { status: 302, headers: [], redirect: { target: 'api', step: 'next', scheme: 'data' } } },
    },
    expect: { outcome: 'allowed', corsError: null },
  },
  {
    id: 'lower-patch',
    title: 't',
    group: 'A7',
    description: 'd',
    request: { target: 'api', method: 'patch' },
    server: { main: { actual: { status: 200, headers: REFLECT, body: 'patched' } } },
    expect: { outcome: 'allowed', corsError: null },
  },
];

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ ...PORTS, scenarios: TEST_SCENARIOS });
});
afterAll(async () => {
  await lab.close();
});
beforeEach(() => lab.clearRequests());

function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => socket.destroy(), 2000);
  });
}

describe('lab origins', () => {
  it('exposes the four origins and scenario URLs', () => {
    expect(lab.pageOrigin).toBe(`http://127.0.0.1:${P}`);
    expect(lab.apiOrigin).toBe(`http://localhost:${P + 1}`);
    expect(lab.apiSameSiteOrigin).toBe(`http://127.0.0.1:${P + 1}`);
    expect(lab.thirdOrigin).toBe(`http://127.0.0.1:${P + 2}`);
    expect(lab.closedOrigin).toBe(`http://127.0.0.1:${P + 3}`);
    expect(lab.urlFor('hop', 'main', 'abc')).toBe(`http://localhost:${P + 1}/s/hop/main?n=abc`);
    expect(lab.urlFor('hop', 'next', 'abc')).toBe(`http://127.0.0.1:${P + 2}/s/hop/next?n=abc`);
    expect(() => lab.urlFor('nope')).toThrow();
  });
});

describe('scenario answers', () => {
  it('sends two Allow-Origin fields as two fields, with the case and order given', async () => {
    const r = await request(`${lab.apiSameSiteOrigin}/s/two-fields/main`, { headers: { Origin: 'http://o.test' } });
    expect(r.status).toBe(200);
    const names = r.rawHeaders.map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(['Access-Control-Allow-Origin', 'access-control-allow-origin', 'X-Case-Kept']);
    expect(fields(r, 'access-control-allow-origin')).toEqual(['http://o.test', '*']);
  });

  it('expands {origin} to the Origin header, or null without one', async () => {
    const without = await request(`${lab.apiSameSiteOrigin}/s/two-fields/main`);
    expect(fields(without, 'access-control-allow-origin')[0]).toBe('null');
    const r = await request(`${lab.apiSameSiteOrigin}/s/preflighted/main`, { method: 'PUT', headers: { Origin: 'http://o.test' } });
    expect(r.status).toBe(201);
    expect(r.body).toBe('created');
    expect(fields(r, 'x-page')).toEqual([lab.pageOrigin]);
    expect(fields(r, 'x-upper')).toEqual(['HTTP://O.TEST']);
  });

  it('answers OPTIONS with Access-Control-Request-Method as a preflight, other OPTIONS as the actual request', async () => {
    const pre = await request(`${lab.apiSameSiteOrigin}/s/preflighted/main`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://o.test', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(pre.status).toBe(204);
    expect(fields(pre, 'access-control-allow-methods')).toEqual(['PUT']);
    const plain = await request(`${lab.apiSameSiteOrigin}/s/preflighted/main`, { method: 'OPTIONS', headers: { Origin: 'http://o.test' } });
    expect(plain.status).toBe(201);
  });

  it('answers a preflight the scenario does not define with a 404 without CORS headers', async () => {
    const r = await request(`${lab.apiSameSiteOrigin}/s/no-preflight-answer/main`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://o.test', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(r.status).toBe(404);
    expect(r.rawHeaders.filter(([n]) => n.toLowerCase().startsWith('access-control-'))).toEqual([]);
  });

  it('redirects to the right origin and step, keeping the nonce', async () => {
    const r = await request(`${lab.apiSameSiteOrigin}/s/hop/main?n=n1`, { headers: { Origin: 'http://o.test' } });
    expect(r.status).toBe(307);
    expect(fields(r, 'location')).toEqual([`${lab.thirdOrigin}/s/hop/next?n=n1`]);
    const creds = await request(`${lab.apiSameSiteOrigin}/s/hop/creds?n=n2`);
    expect(fields(creds, 'location')).toEqual([`http://user:pass@localhost:${P + 1}/s/hop/next?n=n2`]);
    const data = await request(`${lab.apiSameSiteOrigin}/s/hop/data`);
    expect(fields(data, 'location')[0]).toMatch(/^data:text\/plain,/);
    const next = await request(`${lab.thirdOrigin}/s/hop/next?n=n1`, { headers: { Origin: 'null' } });
    expect(next.status).toBe(200);
    expect(fields(next, 'access-control-allow-origin')).toEqual(['null']);
  });

  it('answers unknown scenarios and steps with 404', async () => {
    expect((await request(`${lab.apiSameSiteOrigin}/s/nope/main`)).status).toBe(404);
    expect((await request(`${lab.apiSameSiteOrigin}/s/hop/nope`)).status).toBe(404);
    expect((await request(`${lab.apiSameSiteOrigin}/elsewhere`)).status).toBe(404);
    expect((await request(`${lab.apiSameSiteOrigin}/s/%E0%A4%A/main`)).status).toBe(404);
    expect((await request(`${lab.pageOrigin}/s/%/main?n=%zz`)).status).toBe(404);
  });

  it('serves the API on ::1 too (localhost resolves to ::1 in Chromium)', async () => {
    const hasV6 = await new Promise<boolean>((resolve) => {
      const s = net.connect(P + 1, '::1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (!hasV6) return; // no IPv6 loopback on this machine: the lab skips ::1 quietly
    const r = await request(`http://[::1]:${P + 1}/s/two-fields/main`, { family: 6, headers: { Origin: 'http://o.test' } });
    expect(r.status).toBe(200);
    expect(lab.requests().some((e) => e.localAddress === '::1')).toBe(true);
  });
});

describe('lowercase methods (raw-socket path)', () => {
  it("answers a lowercase 'patch' with the scenario's answer instead of Node's bare 400", async () => {
    const text = await rawExchange(P + 1, 'patch /s/lower-patch/main?n=z HTTP/1.1\r\nHost: localhost\r\nOrigin: http://o.test\r\nContent-Length: 1\r\n\r\nx');
    expect(text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(text).toContain('\r\nAccess-Control-Allow-Origin: http://o.test\r\n');
    expect(text.endsWith('patched')).toBe(true);
    const logged = lab.requests({ scenario: 'lower-patch' });
    expect(logged.map((e) => [e.method, e.raw])).toEqual([['patch', true]]);
  });

  it('keeps a bare 400 for garbage and stays up', async () => {
    const text = await rawExchange(P + 1, 'GARBAGE\r\n\r\n');
    expect(text.startsWith('HTTP/1.1 400')).toBe(true);
    const weird = await rawExchange(P + 1, 'p@tch / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(weird.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await request(`${lab.apiSameSiteOrigin}/s/two-fields/main`)).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, url and raw headers; filters by scenario; DELETE clears it', async () => {
    await request(`${lab.apiSameSiteOrigin}/s/preflighted/main?n=q`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://o.test', 'Access-Control-Request-Method': 'PUT', 'X-Odd': '<b>' },
    });
    await request(`${lab.thirdOrigin}/s/hop/next`);
    const all = JSON.parse((await request(`${lab.pageOrigin}/__lab/log`)).body) as Array<{ server: string; method: string; url: string; headers: Array<[string, string]> }>;
    expect(all.map((e) => [e.server, e.method, e.url])).toEqual([
      ['api', 'OPTIONS', '/s/preflighted/main?n=q'],
      ['third', 'GET', '/s/hop/next'],
    ]);
    expect(all[0]?.headers).toContainEqual(['Access-Control-Request-Method', 'PUT']);
    expect(all[0]?.headers).toContainEqual(['X-Odd', '<b>']);
    const filtered = JSON.parse((await request(`${lab.apiOrigin.replace('localhost', '127.0.0.1')}/__lab/log?scenario=hop`)).body) as unknown[];
    expect(filtered).toHaveLength(1);
    const del = await request(`${lab.pageOrigin}/__lab/log`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(lab.requests()).toEqual([]);
  });

  it('stays bounded', async () => {
    const small = await startLab({ pagePort: P + 4, apiPort: P + 5, thirdPort: P + 6, closedPort: P + 7, scenarios: TEST_SCENARIOS, logCapacity: 3 });
    try {
      for (let i = 0; i < 6; i++) await request(`${small.apiSameSiteOrigin}/s/two-fields/main?n=${i}`);
      expect(small.requests().map((e) => e.url)).toEqual(['/s/two-fields/main?n=3', '/s/two-fields/main?n=4', '/s/two-fields/main?n=5']);
    } finally {
      await small.close();
    }
  });
});

describe('lab page', () => {
  it('serves the page with a strict script CSP, the origins as inert JSON and the lab cookie', async () => {
    const r = await request(lab.pageUrl);
    expect(r.status).toBe(200);
    const csp = fields(r, 'content-security-policy')[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(fields(r, 'set-cookie')[0]).toMatch(/^lab_session=1; Path=\/; SameSite=Lax/);
    expect(r.body).toContain('<title>CORS Lab</title>');
    expect(r.body).toContain('<script id="lab-config" type="application/json">');
    expect(r.body).toContain(JSON.stringify(lab.apiOrigin));
    expect(r.body).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('serves the compiled client script and the stylesheet', async () => {
    const js = await request(`${lab.pageOrigin}/client.js`);
    expect(js.status).toBe(200);
    expect(fields(js, 'content-type')[0]).toContain('javascript');
    expect(js.body).toContain('runScenario');
    expect(js.body).not.toMatch(/^import /m);
    const css = await request(`${lab.pageOrigin}/lab.css`);
    expect(css.status).toBe(200);
  });
});

describe('close', () => {
  it('closes every listener', async () => {
    const other = await startLab({ pagePort: P + 8, apiPort: P + 9, thirdPort: P + 10, closedPort: P + 11, scenarios: TEST_SCENARIOS });
    await request(`${other.apiSameSiteOrigin}/s/two-fields/main`);
    await other.close();
    await expect(request(`${other.apiSameSiteOrigin}/s/two-fields/main`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(request(other.pageUrl)).rejects.toThrow(/ECONNREFUSED/);
  });
});
