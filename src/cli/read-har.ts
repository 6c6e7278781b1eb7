/**
 * Reads and parses a HAR file with one copy of the text in memory: the file as a Buffer, decoded
 * once, parsed once. Every failure is an InputError with a one-line message.
 */
import { readFile } from 'node:fs/promises';

export class InputError extends Error {
  override name = 'InputError';
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  {
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch (e) {
      throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
    }
    if (buffer.length === 0) throw new InputError(`${path} is empty`);
    // DevTools of some browsers write a UTF-8 byte order mark.
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    text = buffer.toString('utf8', bom);
  } // the Buffer is unreachable from here on
  try {
    return JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${path} is not valid JSON (${reason})`);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ERR_FS_FILE_TOO_LARGE') return 'file too large (over 2 GB)';
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
