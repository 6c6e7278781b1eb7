/**
 * How big a HAR file CORS Lens agrees to read, checked before reading a byte of it.
 *
 * Why a limit and not a streaming parser: a HAR is one JSON document that has to become one string
 * for `JSON.parse`, and V8 (Node, Chrome) cannot make a string longer than 2^29 − 24 UTF-16 units
 * (≈ 512 MiB); a UTF-8 file never decodes to more units than it has bytes, so files up to that size
 * always fit. Parsing also needs memory: a 477 MB Chrome-shaped HAR peaked at 3.8 GB RSS in the CLI,
 * and a 40 MB one needs a JS heap of 5.4–6.6× its size (fails at a 208 MB heap, passes at 260 MB).
 * Past either bound the process dies with "Invalid string length" or a V8 OOM
 * abort, which cannot be caught — so the size is checked first and the user gets one line instead.
 * Streaming would only save the text copy: pairing needs every entry of the file at once.
 *
 * Pure: callers pass the size (`fs.stat`, `File.size`) and, in Node, the heap limit.
 */

/** The longest string V8 can create, in UTF-16 code units (v8::String::kMaxLength on 64-bit). */
export const V8_MAX_STRING_LENGTH = 0x1fffffe8;

/** Largest HAR file read anywhere (CLI, panel import): every byte of it fits in one string. */
export const MAX_HAR_BYTES = V8_MAX_STRING_LENGTH;

/** JS heap needed to read + analyse a HAR, per byte of file: the measured 6.6×, rounded up. */
export const HAR_MEMORY_FACTOR = 7;

/**
 * The limit for this process: the string bound, lowered to what the JS heap can hold when its size
 * is known (`v8.getHeapStatistics().heap_size_limit` in Node).
 */
export function harByteLimit(heapLimitBytes?: number): number {
  if (heapLimitBytes === undefined || !Number.isFinite(heapLimitBytes) || heapLimitBytes <= 0) return MAX_HAR_BYTES;
  return Math.min(MAX_HAR_BYTES, Math.floor(heapLimitBytes / HAR_MEMORY_FACTOR));
}

/** "1.0 GB", "512 MB", "12 KB": decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.floor(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.floor(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

/**
 * One line explaining why a file of `bytes` is not read, or undefined when it may be read.
 * `name` is shown as given (callers pass a path or a file name, already printable).
 */
export function harSizeProblem(bytes: number, name: string, limitBytes: number = MAX_HAR_BYTES): string | undefined {
  if (!(bytes > limitBytes)) return undefined;
  const hint =
    limitBytes < MAX_HAR_BYTES
      ? ' with this much JS heap (give Node more with NODE_OPTIONS=--max-old-space-size=<MB>, or split the HAR)'
      : ' (split the HAR: export fewer pages at a time)';
  return `${name} is ${formatBytes(bytes)}; cors-lens reads HAR files up to ${formatBytes(limitBytes)}${hint}`;
}
