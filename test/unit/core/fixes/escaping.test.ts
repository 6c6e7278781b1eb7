import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apacheString,
  caddyToken,
  csString,
  goString,
  javaString,
  jsonString,
  jsString,
  nginxString,
  pyString,
  regexLiteral,
  rubyString,
  shellWord,
} from '../../../../src/core/fixes/escape';
import { decodeApache, decodeCaddy, decodeCSharp, decodeGo, decodeNginx, decodeRuby, decodeShellWord } from './decoders';

/** Strings chosen to break naive escaping in at least one language. */
export const HOSTILE = [
  '"',
  "'",
  '`',
  '\\',
  '\\"',
  "\\'",
  'a\nb',
  'a\r\nb',
  '\t',
  '\0',
  '$HOME',
  '${HOME}',
  '$(id)',
  '`id`',
  '#{`id`}',
  '#$x #@y',
  '%{HTTP_HOST}e %%',
  '*/ alert(1) /*',
  '</script><script>alert(1)</script>',
  '\u2028\u2029',
  '\u202e evil',
  'é日本🙂',
  '\ud800',
  '\udfff\ud800',
  '\u000a\u0022',
  '{http.request.host}',
  '~^.*$',
  'default',
  '',
];

const ITER = { numRuns: 300, seed: 20251122 };
/** Full Unicode, lone surrogates and control characters included. */
const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom(...HOSTILE));
const noLoneSurrogates = (s: string) => s.replace(/[\ud800-\udfff]/gu, '\ufffd');

describe('JavaScript and JSON literals', () => {
  it.each(HOSTILE)('jsString round-trips %j', (s) => {
    expect(new Function(`return ${jsString(s)};`)()).toBe(s);
    expect(JSON.parse(jsonString(s))).toBe(s);
  });
  it('jsString / jsonString round-trip any string (property)', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const lit = jsString(s);
        expect(/^[\x20-\x7e]*$/.test(lit)).toBe(true); // ASCII only: nothing invisible in a snippet
        expect(new Function(`return ${lit};`)()).toBe(s);
        expect(JSON.parse(jsonString(s))).toBe(s);
      }),
      ITER,
    );
  });
});

describe('shell words', () => {
  it('shellWord decodes back (property, POSIX rules)', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(decodeShellWord(shellWord(s))).toBe(s);
    }), ITER);
  });
  it('a real sh prints hostile words back unchanged', () => {
    const printable = HOSTILE.filter((s) => !s.includes('\0'));
    const script = printable.map((s) => `printf '%s\\0' ${shellWord(s)}`).join('\n');
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(printable.map((s) => Buffer.from(s, 'utf8').toString('utf8')));
  });
});

describe('Go, Ruby, C# literals (hand-written spec readers)', () => {
  it('goString round-trips (lone surrogates become U+FFFD, as Go cannot hold them)', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(decodeGo(goString(s))).toBe(noLoneSurrogates(s));
    }), ITER);
  });
  it('rubyString round-trips and never interpolates', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(decodeRuby(rubyString(s))).toBe(noLoneSurrogates(s));
    }), ITER);
    expect(rubyString('#{x}')).toBe('"\\#{x}"');
  });
  it('csString round-trips', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(decodeCSharp(csString(s))).toBe(s);
    }), ITER);
  });
});

describe('server config quoting', () => {
  it('nginxString round-trips', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(decodeNginx(nginxString(s))).toBe(s);
    }), ITER);
  });
  it('apacheString round-trips single-line values', () => {
    fc.assert(fc.property(anyString.filter((s) => !/[\r\n]/.test(s)), (s) => {
      expect(decodeApache(apacheString(s))).toBe(s);
    }), ITER);
  });
  it('caddyToken round-trips, or refuses what Caddy cannot spell', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        let lit: string;
        try {
          lit = caddyToken(s);
        } catch {
          expect(/[`\r\n]/.test(s) && /\\("|$)/.test(s)).toBe(true);
          return;
        }
        expect(decodeCaddy(lit)).toBe(s);
      }),
      ITER,
    );
  });
});

describe('regexLiteral', () => {
  const toJsRegex = (p: string) => new RegExp(`^(?:${p.replace(/\\x\{([0-9A-F]+)\}/g, '\\u{$1}')})$`, 'u');
  it('matches exactly the input and nothing else (PCRE/RE2 flavor, checked with a u-mode JS RegExp)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (s) => {
        const p = regexLiteral(s, 'pcre');
        expect(/^[\x20-\x7e]*$/.test(p)).toBe(true);
        expect(p).not.toMatch(/[$"'%`]/);
        const re = toJsRegex(p);
        expect(re.test(s)).toBe(true);
        expect(re.test(`${s}x`)).toBe(false);
      }),
      ITER,
    );
  });
});

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

describe('Python and Java literals, read back by the real tools', () => {
  const samples = fc.sample(anyString, { numRuns: 200, seed: 7 }).concat(HOSTILE);

  it.skipIf(!has('python3'))('pyString round-trips through python3 ast.literal_eval', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lens-py-'));
    try {
      // Expected values travel as JSON with \u escapes (lone surrogates included).
      writeFileSync(join(dir, 'cases.py'), `CASES = [\n${samples.map((s) => `  (${pyString(s)}, ${JSON.stringify(JSON.stringify(s))}),`).join('\n')}\n]\n`);
      const check = 'import json, sys; sys.path.insert(0, sys.argv[1]); import cases\nbad=[i for i,(lit,exp) in enumerate(cases.CASES) if lit != json.loads(exp)]\nprint(json.dumps(bad))';
      const r = spawnSync('python3', ['-c', check, dir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!has('python3'))('regexLiteral (python flavor) fully matches the input in python3 re', () => {
    const strings = fc.sample(fc.string({ unit: 'grapheme', minLength: 1 }), { numRuns: 150, seed: 3 }).concat(HOSTILE.filter(Boolean));
    const src = `import re, json\nP = [${strings.map((s) => `(${pyString(regexLiteral(s, 'python'))}, ${pyString(s)})`).join(', ')}]\nprint(json.dumps([i for i,(p,s) in enumerate(P) if not re.fullmatch(p, s) or re.fullmatch(p, s + 'x')]))`;
    const r = spawnSync('python3', ['-c', src], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it.skipIf(!has('javac') || !has('java'))('javaString compiles and round-trips through javac/java', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cors-lens-java-'));
    try {
      const src = [
        'public class Lit {',
        '  static final String[] S = {',
        ...samples.map((s) => `    ${javaString(s)},`),
        '  };',
        '  public static void main(String[] a) {',
        '    StringBuilder b = new StringBuilder();',
        '    for (String s : S) { for (int i = 0; i < s.length(); i++) b.append(Integer.toHexString(s.charAt(i))).append(\' \'); b.append(\'\\n\'); }',
        '    System.out.print(b);',
        '  }',
        '}',
      ].join('\n');
      writeFileSync(join(dir, 'Lit.java'), src);
      const c = spawnSync('javac', ['-encoding', 'UTF-8', 'Lit.java'], { cwd: dir, encoding: 'utf8' });
      expect(c.stderr).toBe('');
      const r = spawnSync('java', ['-cp', dir, 'Lit'], { encoding: 'utf8' });
      const expected = samples.map((s) => [...Array(s.length).keys()].map((i) => `${s.charCodeAt(i).toString(16)} `).join('')).join('\n') + '\n';
      expect(r.stdout).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
