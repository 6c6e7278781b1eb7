/**
 * Reads and parses a HAR file with one copy of the text in memory: the file as a Buffer, decoded
 * once, parsed once. Every failure is an InputError with a one-line message. Files too big to
 * parse in this process (src/sources/har-size.ts) are refused before a byte is read: past that
 * size V8 would abort with "Invalid string length" or run out of heap, neither of which can be caught.
 */
import { open } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { harByteLimit, harSizeProblem } from '../sources/har-size';
import { notJsonMessage } from './json-text';

export class InputError extends Error {
  override name = 'InputError';
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  {
    let buffer: Buffer;
    try {
      // One open file for stat and read: the size checked is the size read.
      const handle = await open(path, 'r');
      try {
        const { size } = await handle.stat();
        const tooBig = harSizeProblem(size, path, harByteLimit(getHeapStatistics().heap_size_limit));
        if (tooBig) throw new InputError(tooBig);
        buffer = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
    }
    if (buffer.length === 0) throw new InputError(`${path} is empty`);
    // DevTools of some browsers write a UTF-8 byte order mark.
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    try {
      text = buffer.toString('utf8', bom);
    } catch (e) {
      // Only if a file grew between stat and read past what one string can hold.
      throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
    }
  } // the Buffer is unreachable from here on
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(notJsonMessage(path, text, e));
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ERR_FS_FILE_TOO_LARGE' || code === 'ERR_STRING_TOO_LONG') return 'file too large';
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
