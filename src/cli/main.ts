/**
 * `cors-lens analyze FILE.har`: HAR in, verdicts out. Exit 0 when nothing was blocked, 1 when
 * something was, 2 on bad input. Never calls process.exit(): piped output must drain.
 */
import { analyze } from '../core/analyze';
import { visibleControls } from '../core/report-escape';
import { HarFormatError } from '../sources/har';
import { parseArgs, USAGE, UsageError } from './args';
import { reportChunks, write, writeChunks } from './output';
import { InputError, readHarFile } from './read-har';

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
    return 0;
  }

  let imported;
  try {
    imported = await readHarFile(args.file);
  } catch (e) {
    if (e instanceof InputError) return fail(e.message);
    if (e instanceof HarFormatError) return fail(`${args.file}: ${e.message}`);
    throw e;
  }
  for (const w of imported.warnings) process.stderr.write(`cors-lens: warning: ${w}\n`);

  const analyzed = analyze(imported.observations, { browser: args.browser, includeSameOrigin: args.all });
  const color = args.format === 'text' && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  await writeChunks(process.stdout, reportChunks(analyzed, args, color));
  return analyzed.some((a) => a.verdict.outcome === 'blocked') ? 1 : 0;
}

function fail(message: string): number {
  // Messages quote file names and, for bad JSON, V8's excerpt of the file: no raw escape
  // sequences from either may reach the terminal.
  process.stderr.write(`cors-lens: ${visibleControls(message, true)}\n`);
  return 2;
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
    process.exitCode = 3;
  },
);
