/**
 * WHATWG MIME Sniffing "parse a MIME type" (the strict parser, not the forgiving "extract" used
 * for responses). CORS safelisting of `Content-Type` depends on it: `text /plain` and
 * `text/plain,` fail to parse (so they need a preflight), `text/plain;garbage` parses fine.
 */
import { isToken } from './tokens';

export interface MimeType {
  type: string;
  subtype: string;
  /** `type/subtype`, lowercase. */
  essence: string;
  parameters: Map<string, string>;
}

const HTTP_WS_CHARS = '\t\n\r ';
const isWs = (c: string | undefined) => c !== undefined && HTTP_WS_CHARS.includes(c);

function trimHttpWs(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isWs(s[start])) start++;
  while (end > start && isWs(s[end - 1])) end--;
  return s.slice(start, end);
}

/** HTTP quoted-string token code points: tab, 0x20–0x7E, 0x80–0xFF. */
function isQuotedStringChars(s: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(s);
}

export function parseMimeType(input: string): MimeType | null {
  const s = trimHttpWs(input);
  let pos = 0;
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const type = s.slice(0, slash);
  if (type === '' || !isToken(type)) return null;
  pos = slash + 1;
  let semi = s.indexOf(';', pos);
  if (semi < 0) semi = s.length;
  let subtype = s.slice(pos, semi);
  subtype = subtype.replace(/[\t\n\r ]+$/, '');
  if (subtype === '' || !isToken(subtype)) return null;
  const result: MimeType = {
    type: type.toLowerCase(),
    subtype: subtype.toLowerCase(),
    essence: `${type.toLowerCase()}/${subtype.toLowerCase()}`,
    parameters: new Map(),
  };
  pos = semi;
  while (pos < s.length) {
    pos++; // skip ';'
    while (isWs(s[pos])) pos++;
    let nameEnd = pos;
    while (nameEnd < s.length && s[nameEnd] !== ';' && s[nameEnd] !== '=') nameEnd++;
    const name = s.slice(pos, nameEnd).toLowerCase();
    pos = nameEnd;
    if (pos < s.length) {
      if (s[pos] === ';') continue;
      pos++; // skip '='
    }
    if (pos >= s.length) break;
    let value: string;
    if (s[pos] === '"') {
      // Collect an HTTP quoted string, then skip to the next ';'.
      pos++;
      value = '';
      while (pos < s.length) {
        const c = s[pos]!;
        if (c === '\\' && pos + 1 < s.length) {
          value += s[pos + 1];
          pos += 2;
          continue;
        }
        if (c === '\\') {
          value += '\\';
          pos++;
          break;
        }
        if (c === '"') {
          pos++;
          break;
        }
        value += c;
        pos++;
      }
      while (pos < s.length && s[pos] !== ';') pos++;
    } else {
      let end = s.indexOf(';', pos);
      if (end < 0) end = s.length;
      value = s.slice(pos, end).replace(/[\t\n\r ]+$/, '');
      pos = end;
      if (value === '') continue;
    }
    if (name !== '' && isToken(name) && isQuotedStringChars(value) && !result.parameters.has(name)) {
      result.parameters.set(name, value);
    }
  }
  return result;
}
