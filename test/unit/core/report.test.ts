import { describe, expect, it } from 'vitest';
import type { AnalyzedExchange, Exchange, Verdict } from '../../../src/core/model';
import { redactUrl } from '../../../src/core/redact';
import { analyze } from '../../../src/core/analyze';
import { renderAll } from '../../../src/core/fixes/index';
import { synthesizePolicy } from '../../../src/core/policy';
import { toJsonReport, toJsonReportObject, toMarkdownReport, toTextReport } from '../../../src/core/report';
import { reportFix } from '../../../src/core/report-fix';
import { actual, API, headers, PAGE, preflight } from '../support/observations';

function verdict(over: Partial<Verdict> = {}): Verdict {
  const engine = { outcome: 'blocked' as const, reason: 'acao-missing' as const, corsError: null, message: null, phase: 'actual' as const, hop: 0 };
  return {
    outcome: 'blocked',
    reason: 'acao-missing',
    chromiumCorsError: 'MissingAllowOriginHeader',
    failedParameter: null,
    phase: 'actual',
    hop: 0,
    messages: { chrome: 'Access to fetch blocked', firefox: 'Cross-Origin Request Blocked', safari: null },
    summary: 'Blocked: no ACAO.',
    explanation: 'The server did not send Access-Control-Allow-Origin.',
    evidence: [{ on: 'response', hop: 0, field: 'access-control-allow-origin', value: null, note: 'missing' }],
    inferences: [],
    warnings: [],
    credentials: { mode: 'same-origin', basis: 'assumed' },
    requestMode: 'cors',
    engines: { chrome: { ...engine, browser: 'chrome' }, firefox: { ...engine, browser: 'firefox' }, safari: { ...engine, browser: 'safari' } },
    ...over,
  };
}

function exchangeOf(...hops: Exchange['hops']): Exchange {
  const first = hops[0]!.request;
  return { id: first.id, url: first.url, method: first.method, initiatorOrigin: PAGE, hops, startTime: first.startTime };
}

const SECRET_URL = `${API}/data?token=s3cr3t-token&page=2&API_KEY=k3y-value`;

function secretExchange(): AnalyzedExchange {
  const p = preflight(SECRET_URL, 'GET', 1, 'authorization', {
    status: 204,
    responseHeaders: headers({ 'Access-Control-Allow-Origin': PAGE, 'Set-Cookie': 'sid=cookie-value-123; Path=/; SameSite=None' }),
  });
  const a = actual('GET', SECRET_URL, 0, { Authorization: 'Bearer bearer-token-xyz', Cookie: 'sid=cookie-value-123' }, {
    status: 302,
    redirectUrl: `${API}/next?sig=signature-abc`,
  });
  const b = actual('GET', `${API}/next?sig=signature-abc`, 5, {}, { status: 200 });
  return {
    exchange: exchangeOf({ request: a, preflight: p }, { request: b }),
    verdict: verdict({
      messages: { chrome: `Access to fetch at '${SECRET_URL}' from origin '${PAGE}' has been blocked`, firefox: null, safari: null },
      explanation: 'The request carried Authorization: Bearer bearer-token-xyz.',
      evidence: [
        { on: 'request', hop: 0, field: 'authorization', value: 'Bearer bearer-token-xyz', note: 'credential sent' },
        { on: 'request', hop: 0, field: ':url', value: SECRET_URL, note: 'the URL' },
      ],
    }),
  };
}

describe('reportFix', () => {
  it('renders the shared stacks once per policy and URL shape, the request-specific ones per request, as renderAll does', () => {
    const blocked = (path: string) => analyze([actual('PUT', `${API}${path}`, 0, { Origin: PAGE, 'Content-Type': 'application/json' }, { status: 200 })], { browser: 'chrome' })[0]!;
    const [a, b, c] = [blocked('/v1/items/1'), blocked('/v1/items/2'), blocked('/other')];
    const fa = reportFix(a)!;
    const fb = reportFix(b)!;
    for (const [x, f] of [[a, fa], [b, fb], [c, reportFix(c)!]] as const) {
      const all = renderAll(synthesizePolicy(x.exchange, x.verdict));
      expect(f.snippets).toEqual(Object.fromEntries(Object.entries(all).map(([id, r]) => [id, { label: r.label, code: r.code }])));
    }
    expect(fb.snippets['express']).toBe(fa.snippets['express']);
    expect(fb.snippets['curl']).not.toBe(fa.snippets['curl']);
    expect(fb.snippets['curl']!.code).toContain('/v1/items/2');
  });
});

describe('JSON report', () => {
  it('streams fix snippets serialised once per policy, byte for byte what JSON.stringify writes, scrubbed per exchange', () => {
    // Two exchanges share one snippet object (as report-fix.ts shares them by policy); its code
    // quotes the first exchange's cookie value, which must be scrubbed there and only there.
    const shared = { express: { label: 'Express', code: 'res.set("X", "cookie-value-123"); // "quoted" \\ \u2028' }, curl: { label: 'curl', code: 'curl -i' } };
    const fix = () => ({ kind: 'server-headers' as const, responseHeaders: { preflight: {}, actual: {} }, preflightStatus: null, steps: ['a step'], diff: [], clientChange: null, snippets: shared });
    const plain: AnalyzedExchange = { exchange: exchangeOf({ request: actual('GET', `${API}/plain`, 9, {}, { status: 200 }) }), verdict: verdict() };
    const list = [secretExchange(), plain, secretExchange(), plain];
    for (const includeSecrets of [false, true]) {
      const options = { fix, includeSecrets };
      const streamed = toJsonReport(list, options);
      expect(streamed).toBe(`${JSON.stringify(toJsonReportObject(list, options), null, 2)}\n`);
      const parsed = JSON.parse(streamed) as { exchanges: Array<{ fix: { snippets: typeof shared } }> };
      expect(parsed.exchanges[0]!.fix.snippets.express.code.includes('cookie-value-123')).toBe(includeSecrets);
      expect(parsed.exchanges[1]!.fix.snippets).toEqual(shared);
    }
  });

  it('has exactly the agreed keys, the initial URL, the first preflight and the later hops', () => {
    const report = toJsonReportObject([secretExchange()]);
    expect(Object.keys(report)).toEqual(['exchanges']);
    const [x] = report.exchanges;
    expect(Object.keys(x!)).toEqual([
      'url', 'method', 'initiatorOrigin', 'outcome', 'reason', 'chromiumCorsError', 'failedParameter',
      'messages', 'explanation', 'evidence', 'warnings', 'preflight', 'redirects', 'fix',
    ]);
    expect(x!.url).toBe(`${API}/data?token=[redacted]&page=2&API_KEY=[redacted]`);
    expect(x!.chromiumCorsError).toBe('MissingAllowOriginHeader');
    expect(x!.preflight!.status).toBe(204);
    expect(x!.redirects).toEqual([{ url: `${API}/next?sig=[redacted]`, status: 200, location: null }]);
    expect(x!.fix).toBeNull();
    expect(JSON.parse(toJsonReport([secretExchange()]))).toEqual(report);
  });

  it('redacts credentials and token query values everywhere, unless includeSecrets', () => {
    const text = toJsonReport([secretExchange()]);
    for (const secret of ['s3cr3t-token', 'k3y-value', 'bearer-token-xyz', 'cookie-value-123', 'signature-abc']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('page=2'); // other parameters stay
    const full = toJsonReport([secretExchange()], { includeSecrets: true });
    for (const secret of ['s3cr3t-token', 'k3y-value', 'bearer-token-xyz', 'cookie-value-123', 'signature-abc']) {
      expect(full, secret).toContain(secret);
    }
    for (const format of [toMarkdownReport, toTextReport]) {
      const out = format([secretExchange()]);
      for (const secret of ['s3cr3t-token', 'bearer-token-xyz', 'cookie-value-123', 'signature-abc']) expect(out).not.toContain(secret);
    }
  });

  it('redactUrl changes only the secret values', () => {
    expect(redactUrl('http://a.test/p?x=1&Token=abc&access%5Ftoken=def#frag')).toBe('http://a.test/p?x=1&Token=[redacted]&access%5Ftoken=[redacted]#frag');
    expect(redactUrl('http://a.test/p?keyboard=1&monkey=2')).toBe('http://a.test/p?keyboard=1&monkey=2');
    expect(redactUrl('http://a.test/no-query')).toBe('http://a.test/no-query');
  });
});

const HOSTILE = '<img src=x onerror=alert(1)> | `code` ``` **bold** [link](javascript:alert(1)) \u001b[31mred\u001b[0m\n# heading';

function hostileExchange(): AnalyzedExchange {
  const a = actual('GET', `${API}/h?q=<script>`, 0, { 'X-Evil': HOSTILE }, {
    status: 200,
    responseHeaders: headers({ 'Access-Control-Allow-Origin': HOSTILE }),
  });
  const p = preflight(`${API}/h?q=<script>`, 'GET', 1, 'x-evil', { status: 204, responseHeaders: headers({ 'Access-Control-Allow-Headers': HOSTILE }) });
  return {
    exchange: exchangeOf({ request: a, preflight: p }),
    verdict: verdict({
      reason: 'acao-mismatch',
      failedParameter: HOSTILE,
      messages: { chrome: `The 'Access-Control-Allow-Origin' header has a value '${HOSTILE}'`, firefox: HOSTILE, safari: null },
      explanation: `Got ${HOSTILE}`,
      evidence: [{ on: 'response', hop: 0, field: 'access-control-allow-origin', value: HOSTILE, note: HOSTILE }],
      warnings: [{ id: 'w', severity: 'warning', message: HOSTILE }],
    }),
  };
}

describe('Markdown report', () => {
  const md = toMarkdownReport([hostileExchange()]);

  it('keeps hostile values inert: no raw HTML, no link syntax, no table breaks', () => {
    // Fenced code blocks show their content literally; everything outside them is escaped.
    const outside = md.split(/^`{3,}.*$/m).filter((_, i) => i % 2 === 0).join('\n');
    expect(outside).not.toMatch(/<img|<script/);
    expect(outside).toContain('&lt;img');
    expect(outside).not.toMatch(/(?<!\\)\]\(javascript/); // only escaped brackets: \](…
    expect(md).not.toContain('\u001b');
    // Every table row keeps its column count: `|` inside values is escaped.
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([2, 5], line).toContain(cells);
    }
    // Outside fenced blocks, no heading was injected by a value.
    expect(outside.split('\n').filter((l) => l.startsWith('#')).every((l) => l.startsWith('# CORS Lens') || l.startsWith('## 1.'))).toBe(true);
  });

  it('puts console messages in fences their content cannot close', () => {
    // The message holds ``` so the fence must be longer.
    expect(md).toMatch(/^````text$/m);
  });

  it('is ready for a ticket: title, summary counts, sections', () => {
    const plain = toMarkdownReport([secretExchange()]);
    expect(plain.startsWith('# CORS Lens report\n')).toBe(true);
    expect(plain).toContain('1 exchange: 1 blocked');
    expect(plain).toContain('**Console messages**');
    expect(plain).toContain('**Preflight**');
    expect(plain).toContain('**Redirects**');
    expect(plain).toContain('| Chromium CorsError | MissingAllowOriginHeader |');
  });
});

describe('text report', () => {
  it('has no ANSI escapes unless asked, and never passes the wire’s escapes through', () => {
    const plain = toTextReport([hostileExchange()]);
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('\\x1b[31mred');
    const colored = toTextReport([hostileExchange()], { color: true });
    expect(colored).toContain('\u001b[31m✖ BLOCKED\u001b[0m');
    // The only escapes are ours: each one starts a known SGR code.
    expect(colored.match(/\u001b\[(\d+)m/g)!.every((s) => /\u001b\[(0|1|31|32|33|35|36|90)m/.test(s))).toBe(true);
  });

  it('shows the chosen browser’s message and clips giant values', () => {
    const big = hostileExchange();
    big.verdict.evidence = [{ on: 'response', hop: 0, field: 'x', value: 'v'.repeat(100_000), note: 'n' }];
    const out = toTextReport([big], { browser: 'firefox' });
    expect(out).toContain('Firefox:');
    expect(out).not.toContain('Chrome:');
    expect(out.length).toBeLessThan(20_000);
    expect(out).toContain('more characters');
  });

  it('summarises counts', () => {
    const allowed: AnalyzedExchange = { ...secretExchange(), verdict: verdict({ outcome: 'allowed', reason: 'ok', chromiumCorsError: null }) };
    expect(toTextReport([secretExchange(), allowed])).toMatch(/2 exchanges: 1 blocked, 1 allowed\n$/);
    expect(toTextReport([])).toBe('0 exchanges\n');
  });
});
