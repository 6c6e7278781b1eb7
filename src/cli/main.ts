/**
 * `cors-lens analyze FILE.har`: HAR in, verdicts out. Exit statuses: args.ts EXIT (0 nothing
 * blocked, 1 blocked, 2 bad input, 3 internal error, 4 mostly undecided). Never calls
 * process.exit(): piped output must drain.
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../core/analyze';
import { visibleControls } from '../core/report-escape';
import { HarFormatError, type HarImport } from '../sources/har';
import { EXIT, parseArgs, USAGE, UsageError } from './args';
import { harByteSource, inputName } from './har-input';
import { coverageOf, inconclusiveNote, isInconclusive } from './inconclusive';
import { reportChunks, write, writeChunks } from './output';
import { InputError, readHarFile, readHarStream } from './read-har';

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\nRun cors-lens --help for usage.`);
    throw e;
  }
  if (args.command === 'help') {
    await write(process.stdout, USAGE);
    return EXIT.ok;
  }
  if (args.command === 'version') {
    await write(process.stdout, `cors-lens ${packageVersion()}\n`);
    return EXIT.ok;
  }

  let imported: HarImport;
  try {
    // `-` and gzip input arrive as a stream of decoded bytes; plain files are read as files.
    const source = await harByteSource(args.file);
    imported = source ? await readHarStream(source.chunks, source.name) : await readHarFile(args.file);
  } catch (e) {
    if (e instanceof InputError) return fail(e.message);
    if (e instanceof HarFormatError) return fail(`${inputName(args.file)}: ${e.message}`);
    throw e;
  }
  for (const w of imported.warnings) process.stderr.write(`cors-lens: warning: ${w}\n`);

  const analyzed = analyze(imported.observations, { browser: args.browser, includeSameOrigin: args.all });
  const color = args.format === 'text' && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  await writeChunks(process.stdout, reportChunks(analyzed, args, color));
  if (analyzed.some((a) => a.verdict.outcome === 'blocked')) return EXIT.blocked;
  const coverage = coverageOf(analyzed.filter((a) => a.verdict.outcome !== 'not-cors'));
  if (!isInconclusive(coverage)) return EXIT.ok;
  process.stderr.write(`${visibleControls(inconclusiveNote(coverage, imported.creator), true)}\n`);
  return EXIT.inconclusive;
}

/** package.json sits two levels up from both src/cli/main.ts and the built dist/cli/cors-lens.mjs. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

function fail(message: string): number {
  // Messages quote file names and, for bad JSON, an excerpt of the file: no raw escape
  // sequences from either may reach the terminal.
  process.stderr.write(`cors-lens: ${visibleControls(message, true)}\n`);
  return EXIT.badInput;
}

// A reader that goes away (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`cors-lens: cannot write output: ${e.message}\n`);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`cors-lens: internal error: ${message.split('\n')[0]}\n`);
    process.exitCode = EXIT.internal;
  },
);
