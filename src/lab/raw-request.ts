/**
 * The raw-socket path. Node's HTTP parser only knows registered upper-case methods, so a
 * `fetch(url, {method: 'patch'})` dies in the parser with a bare 400 (no CORS headers). The lab
 * answers such requests itself from the bytes Node hands to `clientError`, so a lowercase-method
 * scenario gets exactly the answer it specifies. (Scenario `patch-lower-node-400` reproduces
 * Node's default behaviour explicitly, as data.)
 */

export interface RawRequest {
  method: string;
  url: string;
  rawHeaders: string[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses the request line and header block; null when it is not a plausible HTTP/1.x request. */
export function parseRawRequest(packet: Buffer | undefined): RawRequest | null {
  if (!packet || packet.length === 0) return null;
  const text = packet.subarray(0, 64 * 1024).toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const lines = head.split('\r\n');
  const requestLine = lines.shift() ?? '';
  const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!m || m[1] === undefined || m[2] === undefined || !TOKEN.test(m[1]) || !m[2].startsWith('/')) return null;
  const rawHeaders: string[] = [];
  for (const line of lines.slice(0, 100)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) continue;
    rawHeaders.push(name, line.slice(colon + 1).trim());
  }
  return { method: m[1], url: m[2], rawHeaders };
}

/** Serialises a full HTTP/1.1 response; the connection is closed after it. */
export function serializeResponse(status: number, statusText: string, headers: Array<[string, string]>, body: string | Buffer): Buffer {
  const lines = [`HTTP/1.1 ${status} ${statusText}`];
  for (const [n, v] of headers) lines.push(`${n}: ${v.replace(/[\r\n]/g, ' ')}`);
  lines.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

export const BARE_400 = Buffer.from('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', 'latin1');
