/**
 * Hand-written readers for the string literal syntaxes the fix snippets use, written from each
 * language's specification (not from our escapers), so round-trip tests check the escapers
 * against the language rather than against themselves. Each throws on a malformed literal.
 */

function fail(msg: string): never {
  throw new Error(msg);
}

/** POSIX sh: a word made of '…' segments and \' (outside quotes). */
export function decodeShellWord(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const ch = word[i];
    if (ch === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) fail('unterminated single quote');
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\' && i + 1 < word.length) {
      out += word[i + 1];
      i += 2;
    } else fail(`unquoted character ${JSON.stringify(ch)} at ${i}`);
  }
  return out;
}

/** Go interpreted string literal (The Go spec, "String literals"). */
export function decodeGo(lit: string): string {
  if (!lit.startsWith('"') || !lit.endsWith('"') || lit.length < 2) fail('not a Go string');
  const body = lit.slice(1, -1);
  let out = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += new TextDecoder().decode(new Uint8Array(bytes.splice(0)));
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\n' || ch === '"') fail('raw newline or quote inside a Go string');
    if (ch !== '\\') {
      flush();
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e !== undefined && simple[e] !== undefined) {
      flush();
      out += simple[e];
    } else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const cp = parseInt(body.slice(i + 1, i + 1 + n), 16);
      if (cp >= 0xd800 && cp <= 0xdfff) fail('surrogate code point in Go \\u escape');
      flush();
      out += String.fromCodePoint(cp);
      i += n;
    } else fail(`unknown Go escape \\${e}`);
  }
  flush();
  return out;
}

/** Ruby double-quoted string; fails on anything that would interpolate (#{, #$, #@). */
export function decodeRuby(lit: string): string {
  if (!lit.startsWith('"') || !lit.endsWith('"') || lit.length < 2) fail('not a Ruby string');
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') fail('raw quote');
    if (ch === '#' && /[{$@]/.test(body[i + 1] ?? '')) fail('interpolation');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', '#': '#', s: ' ', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (e === 'u' && body[i + 1] === '{') {
      const end = body.indexOf('}', i);
      out += String.fromCodePoint(parseInt(body.slice(i + 2, end), 16));
      i = end;
    } else if (e !== undefined && simple[e] !== undefined) out += simple[e];
    else fail(`unknown Ruby escape \\${e}`);
  }
  return out;
}

/** C# regular string literal. */
export function decodeCSharp(lit: string): string {
  if (!lit.startsWith('"') || !lit.endsWith('"') || lit.length < 2) fail('not a C# string');
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"' || ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029' || ch === '\u0085') fail('raw quote or line break');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (e === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e !== undefined && simple[e] !== undefined) out += simple[e];
    else fail(`unknown C# escape \\${e}`);
  }
  return out;
}

/** nginx quoted token (ngx_conf_read_token): \" \' \\ \t \r \n are unescaped, other backslashes kept. */
export function decodeNginx(lit: string): string {
  if (!lit.startsWith('"') || lit.length < 2) fail('not an nginx string');
  let out = '';
  let i = 1;
  for (; i < lit.length; i++) {
    const ch = lit[i]!;
    if (ch === '"') break;
    if (ch === '\\' && i + 1 < lit.length) {
      const e = lit[i + 1]!;
      const map: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };
      if (map[e] !== undefined) {
        out += map[e];
        i++;
        continue;
      }
    }
    out += ch;
  }
  if (i !== lit.length - 1) fail('text after the closing quote');
  return out;
}

/** Apache httpd double-quoted argument (ap_getword_conf + substring_conf). */
export function decodeApache(lit: string): string {
  if (!lit.startsWith('"') || lit.length < 2) fail('not an Apache string');
  let out = '';
  let i = 1;
  for (; i < lit.length; i++) {
    const ch = lit[i]!;
    if (ch === '"') break;
    if (ch === '\\' && (lit[i + 1] === '"' || lit[i + 1] === '\\')) {
      out += lit[i + 1];
      i++;
      continue;
    }
    out += ch;
  }
  if (i !== lit.length - 1) fail('text after the closing quote');
  return out;
}

/** Caddyfile token: `raw` in backticks, or "…" where only \" is an escape. */
export function decodeCaddy(lit: string): string {
  if (lit.startsWith('`')) {
    if (!lit.endsWith('`') || lit.length < 2 || lit.slice(1, -1).includes('`')) fail('bad backtick token');
    return lit.slice(1, -1);
  }
  if (!lit.startsWith('"') || lit.length < 2) fail('not a Caddy token');
  let out = '';
  let i = 1;
  for (; i < lit.length; i++) {
    const ch = lit[i]!;
    if (ch === '"') break;
    if (ch === '\\' && i + 1 < lit.length) {
      // The lexer consumes a backslash and the next character as a pair; only \" drops the backslash.
      out += lit[i + 1] === '"' ? '"' : `\\${lit[i + 1]}`;
      i++;
      continue;
    }
    out += ch;
  }
  if (i !== lit.length - 1) fail('text after the closing quote');
  return out;
}
