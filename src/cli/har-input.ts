/**
 * Where a HAR comes from, and what it is wrapped in: `-` reads standard input, and gzip input
 * (HAR files are often saved or mailed as `.har.gz`) is recognised by its magic bytes, not its
 * name. `harByteSource()` turns those two cases into a stream of decoded bytes, capped at the
 * size limit as they arrive, for read-har.ts's streaming reader; plain files are read there.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { createGunzip } from 'node:zlib';
import { harByteLimit, harSizeProblem } from '../sources/har-size';
import { InputError } from './read-har';

export interface HarByteSource {
  /** How the input is named in messages. */
  name: string;
  /** The decoded (decompressed) bytes, refused past the size limit. */
  chunks: AsyncIterable<Uint8Array>;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** How `file` is named in messages. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : file;
}

/** A byte source for `-` or a gzip file; undefined for a plain file (read it as a file). */
export async function harByteSource(file: string): Promise<HarByteSource | undefined> {
  const limit = harByteLimit(getHeapStatistics().heap_size_limit);
  if (file === '-') {
    if (process.stdin.isTTY) throw new InputError('standard input is a terminal: pipe a HAR into cors-lens, e.g. cors-lens analyze - < session.har');
    return { name: inputName(file), chunks: capped(gunzipIfNeeded(process.stdin, inputName(file)), inputName(file), limit) };
  }
  if (!(await fileStartsGzipped(file))) return undefined;
  return { name: file, chunks: capped(gunzipIfNeeded(createReadStream(file), file), file, limit) };
}

async function fileStartsGzipped(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      return isGzip(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false; // read-har.ts reports why the file cannot be read
  }
}

/** The bytes as they come, inflated when the first two are gzip's magic. */
async function* gunzipIfNeeded(input: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const source = input[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => source };
  if (!isGzip(first.value)) {
    yield first.value;
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  const feed = (async () => {
    gunzip.write(first.value);
    for await (const chunk of rest) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
    gunzip.end();
  })();
  feed.catch((e: unknown) => gunzip.destroy(e as Error));
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (e) {
    throw new InputError(`${name} looks gzip-compressed but does not decompress (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Refuses the input as soon as it passes `limit` bytes (decompressed), before it fills the heap. */
async function* capped(chunks: AsyncIterable<Uint8Array>, name: string, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) throw new InputError(harSizeProblem(size, name, limit) ?? `${name} is too large`);
    yield chunk;
  }
}
