/**
 * Reads a HAR file for the CLI without ever holding it as one string: the file is read in chunks
 * and split into entries as it comes (src/sources/har-stream.ts), so memory holds the
 * observations, not the text. Every failure is an InputError with a one-line message. Files
 * larger than the limit (src/sources/har-size.ts) are refused before a byte is read.
 */
import { open } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { HarFormatError, type HarImport } from '../sources/har';
import { harByteLimit, harSizeProblem } from '../sources/har-size';
import { HarJsonError, HarStreamParser } from '../sources/har-stream';

export class InputError extends Error {
  override name = 'InputError';
}

/** Bytes read per step: big enough for few system calls, small next to any HAR worth streaming. */
const CHUNK_BYTES = 4 << 20;

/** Reads and imports a HAR file. HarFormatError (not a HAR) passes through for the caller to word. */
export async function readHarFile(path: string): Promise<HarImport> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
  }
  try {
    // One open file for stat and read: the size checked is the size read.
    const { size } = await handle.stat().catch((e: unknown) => {
      throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
    });
    const tooBig = harSizeProblem(size, path, harByteLimit(getHeapStatistics().heap_size_limit));
    if (tooBig) throw new InputError(tooBig);
    return await readHarStream(chunksOf(handle, path), path);
  } finally {
    await handle.close();
  }
}

/** Imports a HAR from any byte source (a file, stdin, a gunzip stream); `name` is used in messages. */
export async function readHarStream(chunks: AsyncIterable<Uint8Array>, name: string): Promise<HarImport> {
  const parser = new HarStreamParser();
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      parser.push(chunk);
    }
    if (bytes === 0) throw new InputError(`${name} is empty`);
    return parser.finish();
  } catch (e) {
    if (e instanceof HarJsonError) throw new InputError(`${name} is not valid JSON (${e.message})`);
    if (e instanceof InputError || e instanceof HarFormatError) throw e;
    throw new InputError(`cannot read ${name}: ${describeFsError(e)}`);
  }
}

/** The file's bytes, a fresh buffer per chunk (the parser may keep a chunk while an entry spans it). */
async function* chunksOf(handle: import('node:fs/promises').FileHandle, path: string): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null));
    } catch (e) {
      throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
    }
    if (bytesRead === 0) return;
    yield bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
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
