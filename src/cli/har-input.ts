/**
 * Where a HAR comes from, and what it is wrapped in: `-` reads standard input, and gzip input
 * (HAR files are often saved or mailed as `.har.gz`) is recognised by its magic bytes, not its
 * name. Plain files go to read-har.ts, which owns reading large files. Everything here shares its
 * size limit and its one-line errors (InputError).
 */
import { open } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { gunzip } from 'node:zlib';
import { harByteLimit, harSizeProblem } from '../sources/har-size';
import { InputError, readJsonFile } from './read-har';
import { notJsonMessage } from './json-text';

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** How `file` is named in messages. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : file;
}

/** Reads and parses the HAR named on the command line (`-` = standard input). */
export async function readHarInput(file: string): Promise<unknown> {
  const limit = harByteLimit(getHeapStatistics().heap_size_limit);
  if (file === '-') return decodeAndParse(await readStdin(limit), inputName(file), limit);
  if (!(await fileStartsGzipped(file))) return readJsonFile(file);
  let compressed: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      compressed = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  return decodeAndParse(compressed, file, limit);
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

async function decodeAndParse(bytes: Buffer, name: string, limit: number): Promise<unknown> {
  if (bytes.length === 0) throw new InputError(`${name} is empty`);
  return jsonFromBytes(isGzip(bytes) ? await gunzipWithin(bytes, name, limit) : bytes, name);
}

function gunzipWithin(bytes: Buffer, name: string, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxOutputLength stops inflation at the limit instead of filling the heap first.
    gunzip(bytes, { maxOutputLength: limit }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return reject(new InputError(harSizeProblem(limit + 1, `${name} (decompressed)`, limit) ?? `${name} is too large`));
      }
      reject(new InputError(`${name} looks gzip-compressed but does not decompress (${err.message.split('\n')[0]})`));
    });
  });
}

function jsonFromBytes(bytes: Buffer, name: string): unknown {
  // DevTools of some browsers write a UTF-8 byte order mark.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = bytes.toString('utf8', bom);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(notJsonMessage(name, text, e));
  }
}

/** All of standard input, refusing more than `limit` bytes as soon as it is passed. */
async function readStdin(limit: number): Promise<Buffer> {
  if (process.stdin.isTTY) throw new InputError('standard input is a terminal: pipe a HAR into cors-lens, e.g. cors-lens analyze - < session.har');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Compressed input may expand past the limit; that is checked when it is inflated.
    if (size > limit) throw new InputError(harSizeProblem(size, 'standard input', limit) ?? 'standard input is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}
