/**
 * Making hostile values inert: header values and URLs come from servers and pages we do not
 * trust. Markdown must not turn them into HTML, links, tables or code fences; terminals must not
 * receive their escape sequences.
 */

/** Longest value shown in text and Markdown reports (the JSON report keeps everything). */
export const MAX_SHOWN = 400;

/** Shortens very long values for display, saying how much was cut. */
export function clip(value: string, max = MAX_SHOWN): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length - max} more characters)`;
}

/** Control characters (C0, DEL, C1) shown as visible escapes: no ANSI sequences reach the terminal. */
export function visibleControls(value: string, keepNewlines = false): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const control = c < 32 || (c >= 127 && c <= 159) || c === 0x2028 || c === 0x2029;
    if (!control || (keepNewlines && c === 10)) continue;
    out += value.slice(last, i) + (c === 9 ? ' ' : `\\x${c.toString(16).padStart(2, '0')}`);
    last = i + 1;
  }
  return last === 0 ? value : out + value.slice(last);
}

/** Inline Markdown syntax; escaping `[` also defuses `![`, `](` and reference links. */
const MARKDOWN_SPECIAL = new Set(['\\', '`', '*', '_', '{', '}', '[', ']', '|', '~', '$']);
/** Block syntax, only meaningful at the start of a line. */
const LINE_START_SPECIAL = new Set(['#', '-', '+', '=']);

/** Text for a Markdown paragraph or table cell: no HTML, no formatting, no cell breaks, one line. */
export function mdText(value: string, max = MAX_SHOWN): string {
  const s = visibleControls(clip(value, max));
  let out = '';
  for (const ch of s) {
    if (out === '' && LINE_START_SPECIAL.has(ch)) out += `\\${ch}`;
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '&') out += '&amp;';
    else if (ch === '"') out += '&quot;';
    else if (MARKDOWN_SPECIAL.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** A fenced code block that its content cannot close: the fence is longer than any backtick run inside. */
export function mdFence(content: string, info = 'text'): string {
  const body = visibleControls(content, true);
  let longest = 0;
  let run = 0;
  for (const ch of body) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
