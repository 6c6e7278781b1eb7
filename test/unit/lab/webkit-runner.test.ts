/**
 * The WebKit harness's parsing: MiniBrowser's console lines and the runner page's markers, and
 * the assignment of lines to scenarios (the part that must never guess).
 */
import { describe, expect, it } from 'vitest';
import { parseRunnerMarker, runnerBegin, runnerDone, runnerEnd } from '../../../src/lab/page/runner-markers';
import { MarkerAssigner, parseConsoleLine } from '../../e2e/support/webkit';
import { request } from 'node:http';
import { startLab } from '../../../src/lab/server';

const result = { id: 'a', nonce: 'n', ok: false, error: 'TypeError: Load failed', ms: 3 };

describe('MiniBrowser console lines', () => {
  it('reads source, level and text, with and without the script location', () => {
    expect(parseConsoleLine('CONSOLE SECURITY ERROR Origin x is not allowed')).toEqual({ source: 'security', level: 'error', text: 'Origin x is not allowed' });
    expect(parseConsoleLine('http://127.0.0.1:1/runner.js:26:18: CONSOLE LOG [cors-lens-runner] begin a')).toEqual({ source: 'console', level: 'log', text: '[cors-lens-runner] begin a' });
    expect(parseConsoleLine('CONSOLE JS ERROR Fetch API cannot load http://x/ due to access control checks.')?.source).toBe('js');
    expect(parseConsoleLine('(MiniBrowser:12): Gtk-WARNING **: cannot open display')).toBeNull();
  });

  it('round-trips the runner markers', () => {
    expect(parseRunnerMarker(runnerBegin('a'))).toEqual({ kind: 'begin', id: 'a' });
    expect(parseRunnerMarker(runnerEnd('a', result))).toEqual({ kind: 'end', id: 'a', result });
    expect(parseRunnerMarker(runnerDone(2))).toEqual({ kind: 'done', count: 2 });
    expect(parseRunnerMarker('an ordinary line')).toBeNull();
  });
});

describe('MarkerAssigner', () => {
  const log = (text: string) => `http://p/runner.js:1:1: CONSOLE LOG ${text}`;

  it('gives each scenario the lines between its markers, and nothing outside them', () => {
    const a = new MarkerAssigner();
    for (const line of [
      'CONSOLE JS ERROR before any scenario',
      log(runnerBegin('a')),
      'CONSOLE SECURITY ERROR reason of a',
      'CONSOLE JS ERROR generic of a',
      log(runnerEnd('a', result)),
      log(runnerBegin('b')),
      log(runnerEnd('b', { ...result, id: 'b', ok: true })),
      log(runnerDone(2)),
    ]) {
      a.feed(line);
    }
    expect(a.done).toBe(true);
    expect(a.runs.get('a')?.console.map((l) => l.text)).toEqual(['reason of a', 'generic of a']);
    expect(a.runs.get('b')?.console).toEqual([]);
    expect(a.outside.map((l) => l.text)).toEqual(['before any scenario']);
  });

  it('refuses a broken marker sequence instead of guessing', () => {
    const a = new MarkerAssigner();
    a.feed(log(runnerBegin('a')));
    expect(() => a.feed(log(runnerBegin('b')))).toThrow(/began before a ended/);
    expect(() => new MarkerAssigner().feed(log(runnerEnd('a', result)))).toThrow(/without its begin/);
  });
});

describe('lab runner page', () => {
  it('serves /runner with the lab client and the runner script', async () => {
    const lab = await startLab();
    try {
      const html = await (await fetch(`${lab.pageOrigin}/runner?ids=healthy-get&nonce=x`)).text();
      expect(html).toContain('<script src="/client.js" defer></script>');
      expect(html).toContain('<script src="/runner.js" defer></script>');
      const js = await fetch(`${lab.pageOrigin}/runner.js`);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(await js.text()).toContain('[cors-lens-runner]');
    } finally {
      await lab.close();
    }
  });

  it('records its own answer beside each request it logs', async () => {
    const lab = await startLab();
    try {
      await fetch(lab.urlFor('acao-missing-get', 'main', 'r1'), { headers: { Origin: lab.pageOrigin } });
      const [entry] = lab.requests({ scenario: 'acao-missing-get' });
      expect(entry?.response?.status).toBe(200);
      expect(entry?.response?.headers.some(([n]) => n === 'Content-Type')).toBe(true);
    } finally {
      await lab.close();
    }
  });

  it('hangs up on a turn that says so, and answers the next turn (connection-lost-after-preflight)', async () => {
    const lab = await startLab();
    const put = (url: string) =>
      new Promise<number | string>((resolve) => {
        const r = request(url, { method: 'PUT', headers: { Origin: lab.pageOrigin, Connection: 'close' }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        r.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        r.end('x');
      });
    try {
      const url = lab.urlFor('connection-lost-after-preflight', 'main', 'h1');
      expect(await put(url)).toBe('ECONNRESET');
      expect(await put(url)).toBe(200);
      const logged = lab.requests({ scenario: 'connection-lost-after-preflight' });
      expect(logged.map((e) => e.response?.status)).toEqual([undefined, 200]);
    } finally {
      await lab.close();
    }
  });
});
