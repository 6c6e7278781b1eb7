/** Chooses what to show and writes it in the requested format, piece by piece. */
import type { AnalyzedExchange } from '../core/model';
import { jsonReportChunks, markdownReportChunks, textReportChunks } from '../core/report';
import { reportFix } from '../core/report-fix';
import { reportServers } from '../core/server-fix/report';
import type { CliArgs } from './args';

/**
 * Every format lists the same exchanges: all cross-origin ones (allowed included, so a lookup by
 * URL always finds its verdict); --all adds same-origin traffic, which analyze() drops otherwise.
 * The report is produced one exchange at a time: a big HAR's report can outgrow one string.
 */
export function reportChunks(list: AnalyzedExchange[], args: Pick<CliArgs, 'format' | 'includeSecrets' | 'browser'>, color: boolean): Iterable<string> {
  const options = {
    includeSecrets: args.includeSecrets,
    servers: (l: AnalyzedExchange[]) => reportServers(l, { includeSecrets: args.includeSecrets, browser: args.browser }),
  };
  if (args.format === 'json') return jsonReportChunks(list, { ...options, fix: reportFix });
  if (args.format === 'markdown') return markdownReportChunks(list, { ...options, browser: args.browser });
  return textReportChunks(list, { ...options, color, browser: args.browser });
}

/** Chunks are gathered to about this size before a write: fewer calls, bounded memory. */
const BATCH_CHARS = 1 << 16;

/**
 * Writes chunks with back-pressure: when the stream's buffer is full, waits for 'drain' before
 * producing more, so memory holds one batch, not the report. Resolves once everything is handed to
 * the OS; stops early (resolving) if the stream fails or closes (a reader that went away).
 */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let broken = false;
  const onError = () => {
    broken = true;
  };
  stream.on('error', onError);
  try {
    let batch = '';
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length < BATCH_CHARS) continue;
      if (!(await writeOne(stream, batch))) return;
      batch = '';
      if (broken) return;
    }
    if (batch !== '') await writeOne(stream, batch);
    await flushed(stream);
  } finally {
    stream.off('error', onError);
  }
}

/** Writes `text`; waits for 'drain' if the buffer is full. False if the stream failed or closed. */
function writeOne(stream: NodeJS.WritableStream, text: string): Promise<boolean> {
  if (stream.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      stream.off('drain', onDrain);
      stream.off('error', onFail);
      stream.off('close', onFail);
      resolve(ok);
    };
    const onDrain = done(true);
    const onFail = done(false);
    stream.once('drain', onDrain);
    stream.once('error', onFail);
    stream.once('close', onFail);
  });
}

/** Resolves once what was written has left the stream's buffer (or the stream failed). */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('error', done);
      resolve();
    };
    stream.once('error', done);
    stream.write('', () => done());
  });
}

/** Writes and resolves once the data is handed to the OS, so a pipe gets all of it. */
export function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return writeChunks(stream, [text]);
}
