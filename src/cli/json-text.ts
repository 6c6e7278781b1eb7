/**
 * The one-line message for a file that is not JSON. It quotes what it shows with JSON string
 * syntax (so a quote or an escape in the file cannot unbalance it) and says
 * where, instead of passing V8's wording on (its excerpt ends in `"…"...` and carries no position).
 */
const EXCERPT = 40;

/** `quoted("it's \"x\"")` → `"it's \"x\""`, cut to a short excerpt. */
function quoted(s: string): string {
  return JSON.stringify(s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s);
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** "NAME is not valid JSON (what is wrong, where, and what the file starts with)". */
export function notJsonMessage(name: string, text: string, error: unknown): string {
  const v8 = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const start = text.trim();
  const looksHtml = /^<(!doctype|html|head|body|\?xml)/i.test(start) ? ': an HTML/XML page, not a HAR export' : '';
  if (/Unexpected end of JSON input/.test(v8)) {
    return `${name} is not valid JSON (it ends in the middle of a value after ${text.length} characters: the file is cut short)`;
  }
  const at = /at position (\d+)/.exec(v8);
  if (at) {
    const offset = Number(at[1]);
    const what = v8.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return `${name} is not valid JSON (${what.charAt(0).toLowerCase()}${what.slice(1)} at ${lineAndColumn(text, offset)}, near ${quoted(text.slice(offset, offset + EXCERPT))})`;
  }
  const token = /^Unexpected token '(.+?)'/.exec(v8)?.[1];
  const what = token !== undefined ? `unexpected ${JSON.stringify(token)}` : 'not JSON';
  return `${name} is not valid JSON (${what}; it starts with ${quoted(start)}${looksHtml})`;
}
