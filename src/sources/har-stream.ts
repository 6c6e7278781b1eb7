/**
 * Reads a HAR from a stream of bytes without ever holding the file as one string: a small
 * resumable scanner walks the document's outline (the top object, `log`, `log.entries`) and hands
 * each entry, and each other member of `log`, to `JSON.parse` on its own. A 500 MB HAR so becomes
 * half a million small parses and never more than one entry of text at a time; V8's string limit
 * (≈ 512 MiB) and the text copy of the whole file are gone.
 *
 * The outline is validated as strictly as JSON.parse would (a broken file is reported as not valid
 * JSON, with the byte offset), every value by JSON.parse itself. Pure: bytes in, HarImport out.
 */
import { HarFormatError, type HarImport, HarObservationReader } from './har';

/** The bytes are not JSON. The message is one line, without the file name. */
export class HarJsonError extends Error {
  override name = 'HarJsonError';
}

type Where = 'root' | 'log';
type ObjectState = 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end';
type ArrayState = 'value-or-end' | 'value' | 'comma-or-end';

/** A container whose members are walked one by one (everything deeper is captured whole). */
type Frame =
  | { kind: 'object'; where: Where; state: ObjectState; key: string }
  | { kind: 'array'; reader: HarObservationReader; state: ArrayState };

/** Where a captured value goes once it is complete. */
type Sink =
  | { to: 'key' }
  | { to: 'member'; where: Where; key: string }
  | { to: 'entry'; reader: HarObservationReader }
  | { to: 'root' };

const BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** Bytes that end a number or literal. */
const isDelimiter = (c: number) => isSpace(c) || c === 0x2c || c === 0x7d || c === 0x5d;

/**
 * One value being captured, scanned across chunks: its finished bytes (`pieces`) and where the
 * scan stands (container depth, inside a string, after a backslash).
 */
class Capture {
  pieces: Uint8Array[] = [];
  depth = 0;
  inString = false;
  escaped = false;
  constructor(
    readonly sink: Sink,
    readonly kind: 'container' | 'string' | 'scalar',
    readonly startOffset: number,
    public start: number,
  ) {
    if (kind === 'string') this.inString = true;
  }

  /** Index just past the value's end in `chunk`, or -1 when the value goes on in the next chunk. */
  scan(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let i = from;
    if (this.kind === 'scalar') {
      while (i < n && !isDelimiter(chunk[i]!)) i++;
      return i < n ? i : -1;
    }
    let { depth, inString, escaped } = this;
    for (; i < n; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) {
            this.inString = false;
            return i + 1;
          }
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          this.depth = 0;
          return i + 1;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }
}

export class HarStreamParser {
  private readonly decoder = new TextDecoder();
  /** The top object read as `log` (the `chrome.devtools.network.getHAR()` shape) and `log` itself. */
  private readonly rootReader = new HarObservationReader();
  private logReader: HarObservationReader | undefined;
  private logIsObject = false;
  /** The file is one JSON value other than an object. */
  private rootIsNotAnObject = false;
  private stack: Frame[] = [];
  private started = false;
  private done = false;
  private capture: Capture | undefined;
  /** Byte offset of the current chunk's first byte in the file. */
  private base = 0;
  /** Bytes of a leading byte order mark seen so far; -1 once past it. */
  private bomBytes = 0;

  /** Feeds the next bytes of the file. Throws HarJsonError as soon as the bytes stop being JSON. */
  push(chunk: Uint8Array): void {
    let i = 0;
    // DevTools of some browsers write a UTF-8 byte order mark (it may span chunks, too).
    while (this.bomBytes >= 0 && i < chunk.length) {
      if (chunk[i] !== BOM[this.bomBytes]) {
        if (this.bomBytes > 0) this.fail(chunk[i]!, i);
        this.bomBytes = -1;
      } else {
        i++;
        if (++this.bomBytes === BOM.length) this.bomBytes = -1;
      }
    }
    if (this.capture) {
      this.capture.start = 0;
      i = this.continueCapture(chunk, 0);
    }
    while (i >= 0 && i < chunk.length) i = this.step(chunk, i);
    if (i < 0) {
      const c = this.capture!;
      c.pieces.push(c.start === 0 ? chunk : chunk.subarray(c.start));
    }
    this.base += chunk.length;
  }

  /** The file ended: the observations, or HarJsonError / HarFormatError. */
  finish(): HarImport {
    const last = this.capture;
    if (last?.kind === 'scalar' && last.sink.to === 'root') {
      // A file that is one number or literal ends it without a delimiter.
      this.capture = undefined;
      last.start = 0;
      this.completeCapture(last, new Uint8Array(0), 0);
    }
    if (!this.started || this.capture || this.stack.length > 0 || !this.done) {
      throw new HarJsonError(`Unexpected end of JSON input at byte ${this.base}`);
    }
    if (this.rootIsNotAnObject) throw new HarFormatError('not a HAR file: expected a JSON object with a "log"');
    if (this.logReader !== undefined) {
      if (!this.logIsObject) throw new HarFormatError('not a HAR file: missing log');
      return this.logReader.finish();
    }
    return this.rootReader.finishAsLog();
  }

  /** Handles the byte at `i` (outside any captured value); returns where to go on, -1 if mid-capture. */
  private step(chunk: Uint8Array, i: number): number {
    const c = chunk[i]!;
    if (isSpace(c)) return i + 1;
    if (this.done) this.fail(c, i);
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return this.startRoot(chunk, c, i);
    if (frame.kind === 'array') return this.stepArray(frame, chunk, c, i);
    switch (frame.state) {
      case 'key-or-end':
      case 'key':
        if (c === 0x7d && frame.state === 'key-or-end') return this.close(i);
        if (c !== QUOTE) this.fail(c, i);
        return this.beginCapture({ to: 'key' }, 'string', chunk, i, i + 1);
      case 'colon':
        if (c !== 0x3a) this.fail(c, i);
        frame.state = 'value';
        return i + 1;
      case 'value':
        return this.memberValue(frame, chunk, c, i);
      case 'comma-or-end':
        if (c === 0x7d) return this.close(i);
        if (c !== 0x2c) this.fail(c, i);
        frame.state = 'key';
        return i + 1;
    }
  }

  private startRoot(chunk: Uint8Array, c: number, i: number): number {
    this.started = true;
    if (c === 0x7b) {
      this.stack.push({ kind: 'object', where: 'root', state: 'key-or-end', key: '' });
      return i + 1;
    }
    return this.beginValue({ to: 'root' }, chunk, c, i);
  }

  private stepArray(frame: Extract<Frame, { kind: 'array' }>, chunk: Uint8Array, c: number, i: number): number {
    if (frame.state === 'comma-or-end') {
      if (c === 0x5d) return this.close(i);
      if (c !== 0x2c) this.fail(c, i);
      frame.state = 'value';
      return i + 1;
    }
    if (c === 0x5d && frame.state === 'value-or-end') return this.close(i);
    frame.state = 'comma-or-end';
    return this.beginValue({ to: 'entry', reader: frame.reader }, chunk, c, i);
  }

  /** A member value of the top object or of `log`: walk into `log` and `entries`, capture the rest. */
  private memberValue(frame: Extract<Frame, { kind: 'object' }>, chunk: Uint8Array, c: number, i: number): number {
    frame.state = 'comma-or-end';
    const reader = frame.where === 'root' ? this.rootReader : this.logReader!;
    if (frame.where === 'root' && frame.key === 'log') {
      // A repeated key replaces the earlier value, as in JSON.parse.
      this.logReader = new HarObservationReader();
      this.logIsObject = c === 0x7b;
      if (this.logIsObject) {
        this.stack.push({ kind: 'object', where: 'log', state: 'key-or-end', key: '' });
        return i + 1;
      }
    } else if (frame.key === 'entries') {
      reader.startEntries(c === 0x5b);
      if (c === 0x5b) {
        this.stack.push({ kind: 'array', reader, state: 'value-or-end' });
        return i + 1;
      }
    }
    return this.beginValue({ to: 'member', where: frame.where, key: frame.key }, chunk, c, i);
  }

  private beginValue(sink: Sink, chunk: Uint8Array, c: number, i: number): number {
    if (c === 0x7b || c === 0x5b) return this.beginCapture(sink, 'container', chunk, i, i);
    if (c === QUOTE) return this.beginCapture(sink, 'string', chunk, i, i + 1);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) return this.beginCapture(sink, 'scalar', chunk, i, i);
    this.fail(c, i);
  }

  private beginCapture(sink: Sink, kind: Capture['kind'], chunk: Uint8Array, start: number, scanFrom: number): number {
    this.capture = new Capture(sink, kind, this.base + start, start);
    return this.continueCapture(chunk, scanFrom);
  }

  private continueCapture(chunk: Uint8Array, from: number): number {
    const capture = this.capture!;
    const end = capture.scan(chunk, from);
    if (end < 0) return -1;
    this.capture = undefined;
    this.completeCapture(capture, chunk, end);
    return end;
  }

  private completeCapture(capture: Capture, chunk: Uint8Array, end: number): void {
    const tail = chunk.subarray(capture.start, end);
    const bytes = capture.pieces.length === 0 ? tail : concat([...capture.pieces, tail]);
    let value: unknown;
    try {
      value = JSON.parse(this.decoder.decode(bytes));
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new HarJsonError(`${reason}, in the value at byte ${capture.startOffset}`);
    }
    this.deliver(capture.sink, value);
  }

  private deliver(sink: Sink, value: unknown): void {
    if (sink.to === 'key') {
      (this.stack[this.stack.length - 1] as Extract<Frame, { kind: 'object' }>).key = value as string;
      (this.stack[this.stack.length - 1] as Extract<Frame, { kind: 'object' }>).state = 'colon';
    } else if (sink.to === 'root') {
      this.rootIsNotAnObject = true;
      this.done = true;
    } else if (sink.to === 'member') {
      const reader = sink.where === 'root' ? this.rootReader : this.logReader!;
      reader.setMember(sink.key, value);
    } else {
      sink.reader.addEntry(value);
    }
  }

  private close(i: number): number {
    this.stack.pop();
    if (this.stack.length === 0) this.done = true;
    return i + 1;
  }

  private fail(c: number, i: number): never {
    const shown = c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    throw new HarJsonError(`Unexpected ${shown} at byte ${this.base + i}`);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads a whole HAR from chunks of bytes (a file stream, stdin, a gunzip stream). */
export async function harFromChunks(chunks: AsyncIterable<Uint8Array>): Promise<HarImport> {
  const parser = new HarStreamParser();
  for await (const chunk of chunks) parser.push(chunk);
  return parser.finish();
}
