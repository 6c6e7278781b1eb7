/**
 * Escaping for every language a fix snippet is written in. Each function returns a complete
 * literal (quotes included) that the target language reads back as exactly the input string.
 * Code points outside printable ASCII are written as escapes, so a snippet stays plain ASCII
 * and nothing invisible (bidi controls, U+2028) can hide in it.
 */

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/** Code points, with lone surrogates kept as their own unit. */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

function isLoneSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

const PRINTABLE = (cp: number) => cp >= 0x20 && cp < 0x7f;

/** How one language writes a backslash-escaped string literal. */
interface StringSyntax {
  quote: '"' | "'";
  /**
   * `utf16`: escape per UTF-16 unit (lone surrogates round-trip); `codepoint`: per code point,
   * and a lone surrogate the language cannot express becomes U+FFFD when `replaceLoneSurrogates`.
   */
  units: 'utf16' | 'codepoint';
  replaceLoneSurrogates?: boolean;
  /** Characters besides `\` and the quote that get a backslash (`#` in Ruby: no interpolation). */
  backslashed?: string;
  /** The escape for a code point (or unit) outside printable ASCII other than \n, \r, \t. */
  escape: (cp: number) => string;
}

function quoted(s: string, syntax: StringSyntax): string {
  let out = syntax.quote;
  const emit = (cp: number) => {
    const ch = String.fromCodePoint(cp);
    if (ch === '\\' || ch === syntax.quote || (syntax.backslashed?.includes(ch) ?? false)) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (PRINTABLE(cp)) out += ch;
    else out += syntax.escape(cp);
  };
  if (syntax.units === 'utf16') {
    for (let i = 0; i < s.length; i++) emit(s.charCodeAt(i));
  } else {
    for (const cp of codePoints(s)) emit(syntax.replaceLoneSurrogates && isLoneSurrogate(cp) ? 0xfffd : cp);
  }
  return out + syntax.quote;
}

const unicode4 = (cp: number) => `\\u${hex(cp, 4)}`;

/** JavaScript / TypeScript single-quoted string (per UTF-16 unit: lone surrogates round-trip too). */
export function jsString(s: string): string {
  return quoted(s, { quote: "'", units: 'utf16', escape: unicode4 });
}

/** JSON string (also valid JavaScript). */
export function jsonString(s: string): string {
  return quoted(s, { quote: '"', units: 'utf16', escape: unicode4 });
}

/** Python str literal (double-quoted). Lone surrogates are legal in Python str. */
export function pyString(s: string): string {
  return quoted(s, {
    quote: '"',
    units: 'codepoint',
    escape: (cp) => (cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? unicode4(cp) : `\\U${hex(cp, 8)}`),
  });
}

/** Go interpreted string literal. Go cannot express a lone surrogate: it becomes U+FFFD. */
export function goString(s: string): string {
  return quoted(s, {
    quote: '"',
    units: 'codepoint',
    replaceLoneSurrogates: true,
    escape: (cp) => (cp < 0x80 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? unicode4(cp) : `\\U${hex(cp, 8)}`),
  });
}

/**
 * Ruby double-quoted string. `#` is escaped so `#{…}`, `#$x`, `#@x` never interpolate. Ruby
 * cannot express a lone surrogate: it becomes U+FFFD.
 */
export function rubyString(s: string): string {
  return quoted(s, { quote: '"', units: 'codepoint', replaceLoneSurrogates: true, backslashed: '#', escape: (cp) => `\\u{${hex(cp, 4)}}` });
}

/**
 * Java string literal. Java translates `\uXXXX` before it lexes, so `\u000A` or `\u0022` would
 * end the literal: control characters use octal escapes, only code units ≥ 0x80 use `\u`.
 */
export function javaString(s: string): string {
  return quoted(s, { quote: '"', units: 'utf16', escape: (c) => (c < 0x80 ? `\\${c.toString(8).padStart(3, '0')}` : unicode4(c)) });
}

/** C# regular string literal. */
export function csString(s: string): string {
  return quoted(s, { quote: '"', units: 'utf16', escape: unicode4 });
}

/** One POSIX shell word in single quotes; `'` becomes `'\''`. Nothing inside is expanded. */
export function shellWord(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * nginx quoted token. nginx unescapes only `\"`, `\'`, `\\`, `\t`, `\r`, `\n` inside quotes.
 * Callers must not pass `$` where nginx expands variables: there is no escape for it.
 */
export function nginxString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + '"';
}

/**
 * Apache httpd double-quoted argument: httpd unescapes `\"` and `\\`. Apache config lines cannot
 * hold a newline, so callers must pass single-line values.
 */
export function apacheString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const next = s[i + 1];
    if (ch === '"') out += '\\"';
    // httpd keeps a backslash unless it precedes `\`, `"` or the closing quote.
    else if (ch === '\\' && (next === undefined || next === '\\' || next === '"')) out += '\\\\';
    else out += ch;
  }
  return out + '"';
}

/**
 * Caddyfile token. A backtick-quoted token is taken verbatim (no escapes), so it is used whenever
 * the value has no backtick and no newline; otherwise a double-quoted token with `\"`.
 */
export function caddyToken(s: string): string {
  if (!s.includes('`') && !/[\r\n]/.test(s)) return `\`${s}\``;
  // Inside "…" the lexer pairs a backslash with the next character: a backslash right before a
  // quote, or at the end, has no spelling at all.
  if (/\\("|$)/.test(s)) throw new Error('This value cannot be written as a Caddyfile token.');
  return `"${s.replace(/"/g, '\\"')}"`;
}

/**
 * A regular expression that matches exactly `s`, for PCRE (Apache), RE2 (Caddy, Go) and Python
 * `re`. Letters, digits and `:/-_` stay readable, `.` becomes `\.`, every other code point a hex
 * escape: the pattern is plain ASCII with no quote, `$`, `%` or brace below U+0100.
 */
export function regexLiteral(s: string, flavor: 'pcre' | 'python'): string {
  let out = '';
  for (const cp of codePoints(s)) {
    const ch = String.fromCodePoint(cp);
    if (/[A-Za-z0-9:/_-]/.test(ch)) out += ch;
    else if (ch === '.') out += '\\.';
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (flavor === 'python') out += cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    else out += `\\x{${hex(cp, 4)}}`;
  }
  return out;
}

/** A pattern that never matches (word boundary and non-boundary at once), valid in PCRE, RE2 and Python. */
export const NEVER_MATCHES = '\\b\\B';

/** Text for a single-line comment in any language: no line breaks, no comment terminator, printable ASCII only. */
export function commentText(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').replace(/\*\//g, '*?/');
}

/** An HTTP header value as it may appear on the wire: no control characters (no header injection). */
export function httpFieldValue(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
}
