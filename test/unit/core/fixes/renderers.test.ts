import { describe, expect, it } from 'vitest';
import { STACKS, renderAll, stackById } from '../../../../src/core/fixes';
import { jsString } from '../../../../src/core/fixes/escape';
import type { FixPolicy } from '../../../../src/core/policy';
import { HOSTILE_NAMES, HOSTILE_ORIGINS, credentialedPut, hostile, oddButValid, simpleGet, unknownOrigin } from './policies';
import { hasTool, jsSyntaxErrors, pythonSyntaxErrors, shellSyntaxError, toolCheck } from './syntax';

const EXPECTED_IDS = [
  'http-headers', 'curl', 'node-http', 'express', 'fastify', 'koa', 'hono', 'nestjs', 'nextjs', 'cloudflare-workers',
  'nginx', 'apache', 'caddy', 'django', 'flask', 'fastapi', 'go-net-http', 'go-rs-cors', 'rails', 'spring', 'aspnet-core',
  'aws-api-gateway', 'vite-proxy',
];

const POLICIES: Record<string, () => FixPolicy> = { credentialedPut, simpleGet, unknownOrigin, oddButValid, hostile };

describe('stack registry', () => {
  it('lists every stack once, in order', () => {
    expect(STACKS.map((s) => s.id)).toEqual(EXPECTED_IDS);
    for (const s of STACKS) expect(stackById(s.id)).toBe(s);
  });

  it('renderAll renders every stack with code, label and language', () => {
    const all = renderAll(credentialedPut());
    expect(Object.keys(all)).toEqual(EXPECTED_IDS);
    for (const s of STACKS) {
      const r = all[s.id]!;
      expect(r.code.length, s.id).toBeGreaterThan(50);
      expect(r.label).toBeTruthy();
      expect(r.language).toBe(s.language);
      expect(r.code.endsWith('\n')).toBe(true);
    }
  });
});

describe('snapshots', () => {
  for (const [name, make] of Object.entries({ credentialedPut, simpleGet, unknownOrigin })) {
    it.each(EXPECTED_IDS)(`${name}: %s`, (id) => {
      const r = stackById(id)!.render(make());
      expect(`${r.code}\n--- notes ---\n${(r.notes ?? []).join('\n')}`).toMatchSnapshot();
    });
  }
});

describe('what every snippet says', () => {
  const p = credentialedPut();
  const all = renderAll(p);
  const server = EXPECTED_IDS.filter((id) => !['curl', 'vite-proxy'].includes(id));

  it.each(server)('%s: allow-list with the exact origin, the method, the headers, credentials, max-age', (id) => {
    const code = all[id]!.code;
    expect(code).toContain('http://localhost:5173');
    expect(code).toContain('PUT'.toLowerCase() === 'put' && id === 'rails' ? ':put' : 'PUT');
    expect(code).toContain('authorization');
    expect(code).toContain('content-type');
    expect(code).toMatch(/600/);
    expect(code).toMatch(/true|True|AllowCredentials/);
    expect(code).toContain('x-total-count');
    // Never a wildcard origin, never blind reflection, never a secret from the request.
    expect(code).not.toMatch(/Allow-Origin['"]?[:,]?\s*['"]?\*/);
    expect(code).not.toMatch(/origin:\s*true/);
    expect(code).not.toContain('s3cr3t');
  });

  it('curl reproduces preflight and request with the secret redacted', () => {
    const code = all.curl!.code;
    expect(code).toContain("-X 'OPTIONS'");
    expect(code).toContain("'Access-Control-Request-Method: PUT'");
    expect(code).toContain("'Access-Control-Request-Headers: authorization,content-type'");
    expect(code).toContain("'Authorization: [redacted]'");
    expect(code).not.toContain('s3cr3t');
  });

  it('vite proxy is labelled development-only and points at the API', () => {
    const r = all['vite-proxy']!;
    expect(r.code).toMatch(/DEVELOPMENT ONLY/);
    expect(r.code).toContain("target: 'http://localhost:8081'");
    expect(r.notes?.join(' ')).toMatch(/production still needs/i);
  });

  it('preflights are answered with 204 where the stack lets us choose', () => {
    for (const id of ['http-headers', 'node-http', 'express', 'fastify', 'nestjs', 'nextjs', 'cloudflare-workers', 'nginx', 'apache', 'caddy', 'go-net-http', 'go-rs-cors']) {
      expect(all[id]!.code, id).toMatch(/204|StatusNoContent/);
    }
  });

  it('caddy listens on the port the caller gives, keeping the API host', () => {
    expect(renderAll(simpleGet(), { port: 9090 }).caddy!.code).toMatch(/^http:\/\/localhost:9090 \{/);
    expect(renderAll(simpleGet()).caddy!.code).toMatch(/^http:\/\/localhost:8081 \{/);
    expect(renderAll(unknownOrigin(), { port: 8443 }).caddy!.code).toMatch(/^api\.example\.com:8443 \{/);
    expect(renderAll(unknownOrigin()).caddy!.code).toMatch(/^api\.example\.com \{/);
  });

  it('flask answers preflights before the app\'s own before_request hooks', () => {
    const code = all.flask!.code;
    expect(code).toMatch(/@app\.before_request\ndef answer_cors_preflight\(\):/);
    expect(code.indexOf('answer_cors_preflight')).toBeGreaterThan(code.indexOf('CORS('));
  });

  it('rs/cors options compile against releases without OptionsSuccessStatus (Debian ships 1.7)', () => {
    expect(all['go-rs-cors']!.code).not.toContain('OptionsSuccessStatus');
  });

  it('without credentials, no snippet turns credentials on', () => {
    const simple = renderAll(simpleGet());
    for (const id of ['express', 'fastify', 'koa', 'hono', 'nestjs', 'django', 'flask', 'fastapi', 'go-rs-cors', 'rails', 'spring', 'aspnet-core']) {
      expect(simple[id]!.code, id).not.toMatch(/credentials: true|ALLOW_CREDENTIALS = True|supports_credentials|allow_credentials|AllowCredentials|setAllowCredentials/);
    }
    expect(simple.nginx!.code).not.toContain('$cors_credentials');
  });

  it('an unknown origin yields an empty allow-list and a note, not a wildcard', () => {
    const r = renderAll(unknownOrigin());
    expect(r.express!.code).toContain('origin: [],');
    expect(r.express!.notes?.join(' ')).toMatch(/exact origin/);
    expect(r.apache!.code).toContain('\\b\\B');
  });
});

const byLanguage = (lang: string) => STACKS.filter((s) => s.language === lang).map((s) => s.id);

describe.each(Object.entries(POLICIES))('syntax of every snippet: %s policy', (_name, make) => {
  const all = renderAll(make());

  it.each([...byLanguage('javascript'), ...byLanguage('typescript')])('%s parses as JS/TS', (id) => {
    expect(jsSyntaxErrors(all[id]!.code)).toEqual([]);
  });

  it.skipIf(!hasTool('python3'))('python snippets parse with python3 ast.parse', () => {
    const ids = byLanguage('python');
    const errors = pythonSyntaxErrors(ids.map((id) => all[id]!.code));
    expect(Object.fromEntries(ids.map((id, i) => [id, errors[i]]))).toEqual(Object.fromEntries(ids.map((id) => [id, null])));
  });

  it('curl parses with sh -n', () => {
    expect(shellSyntaxError(all.curl!.code)).toBeNull();
  });

  it('API Gateway config is valid JSON', () => {
    expect(() => JSON.parse(all['aws-api-gateway']!.code)).not.toThrow();
  });

  it('no renderer failed', () => {
    for (const id of EXPECTED_IDS) expect(all[id]!.code, id).not.toBe('');
  });

  // Tools this machine may lack: each check runs only where the tool exists.
  it.skipIf(!hasTool('gofmt'))('go snippets parse (gofmt -e); skipped: gofmt not installed', () => {
    for (const id of byLanguage('go')) expect(toolCheck('main.go', all[id]!.code, (f) => ['gofmt', ['-e', f]]), id).toBeNull();
  });
  it.skipIf(!hasTool('ruby'))('rails snippet parses (ruby -c); skipped: ruby not installed', () => {
    expect(toolCheck('cors.rb', all.rails!.code, (f) => ['ruby', ['-c', f]])).toBeNull();
  });
  it.skipIf(!hasTool('nginx'))('nginx snippet passes nginx -t; skipped: nginx not installed', () => {
    const conf = `pid nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n${all.nginx!.code}}\n`;
    expect(toolCheck('nginx.conf', conf, (f, dir) => ['nginx', ['-t', '-p', dir, '-c', f]])).toBeNull();
  });
  it.skipIf(!hasTool('caddy'))('Caddyfile adapts (caddy adapt); skipped: caddy not installed', () => {
    expect(toolCheck('Caddyfile', all.caddy!.code, (f) => ['caddy', ['adapt', '--config', f, '--adapter', 'caddyfile']])).toBeNull();
  });
});

describe('hostile values', () => {
  const all = renderAll(hostile());

  it.each(EXPECTED_IDS)('%s does not pass on any invalid origin or name', (id) => {
    const code = all[id]!.code;
    for (const bad of ['child_process', 'evil', 'process.exit', 'Set-Cookie: x=1', '$(id)', '#{`id`}', 'x-a"b', 'DEL"ETE', 'P OST', 'x-${a}', '\r']) {
      expect(code, `${id} contains ${JSON.stringify(bad)}`).not.toContain(bad);
    }
    if (id !== 'vite-proxy') expect(code).toContain('localhost:5173');
  });

  it('tells the user what was left out', () => {
    const notes = all.express!.notes!.join('\n');
    for (const o of HOSTILE_ORIGINS.slice(0, 3)) expect(notes).toContain(JSON.stringify(o));
    expect(notes).toContain(JSON.stringify(HOSTILE_NAMES[0]));
  });

  it('odd but legal token characters survive, escaped for each language', () => {
    const odd = renderAll(oddButValid());
    const names = oddButValid().allowHeaders;
    // JSON: exact.
    expect(JSON.parse(odd['aws-api-gateway']!.code).AllowHeaders).toEqual(names);
    // JavaScript: evaluate the literal array the snippet holds.
    const arr = /allowedHeaders: (\[.*\]),/.exec(odd.express!.code)?.[1];
    expect(new Function(`return ${arr};`)()).toEqual(names);
    expect(odd.express!.code).toContain(jsString("x-it's"));
    // nginx has no escape for `$` in add_header values and mod_headers reads `%`: left out, with a note.
    expect(odd.nginx!.code).not.toContain('x-$dollar');
    expect(odd.nginx!.notes!.join(' ')).toContain('x-$dollar');
    expect(odd.apache!.code).not.toContain('x-%p');
    expect(odd.apache!.notes!.join(' ')).toContain('x-%p');
    // Ruby: `#{` never interpolates.
    expect(odd.rails!.code).toContain('"x-\\#$a"');
    // flask-cors would read the IPv6 origin as a regex: it is passed pre-compiled and anchored.
    expect(odd.flask!.code).toMatch(/re\.compile\(".*\\\\Z"\)/);
    expect(odd.flask!.code.startsWith('import re\n')).toBe(true);
  });

  it.skipIf(!hasTool('python3'))('python lists read back exactly (ast.literal_eval)', async () => {
    const { spawnSync } = await import('node:child_process');
    const odd = renderAll(oddButValid());
    const line = /^CORS_ALLOW_HEADERS = (.*)$/m.exec(odd.django!.code)?.[1] ?? '';
    const r = spawnSync('python3', ['-c', 'import ast,json,sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'], { input: line, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual(oddButValid().allowHeaders);
  });
});
