/** Command-line parsing for `cors-lens`. Unknown or malformed flags are usage errors (exit 2). */
import type { BrowserId } from '../core/model';

export type Format = 'text' | 'json' | 'markdown';

export interface CliArgs {
  command: 'analyze' | 'help' | 'version';
  file: string;
  format: Format;
  browser: BrowserId;
  /** Also list same-origin requests (cross-origin ones are always listed). */
  all: boolean;
  includeSecrets: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit statuses, in the order CI should read them. Documented in --help and the README. */
export const EXIT = {
  /** Every cross-origin exchange was decided and none was blocked. */
  ok: 0,
  /** At least one exchange was blocked (or failed for a reason the report names). */
  blocked: 1,
  /** Bad input or usage: unreadable, not JSON, not a HAR, unknown option. One line on stderr. */
  badInput: 2,
  /** A bug in cors-lens. */
  internal: 3,
  /** Nothing blocked, but most exchanges could not be decided from this HAR (see the note on stderr). */
  inconclusive: 4,
} as const;

export const USAGE = `Usage: cors-lens analyze FILE.har [options]
       cors-lens analyze - [options] < FILE.har
       cors-lens --help | --version

Reads a HAR file exported from Chrome or Firefox DevTools, pairs every preflight with its request,
and says which cross-origin requests the browser blocked and why. FILE may be gzip-compressed
(recognised by its content, any name); "-" reads standard input.

Options:
  --format text|json|markdown   output format (default: text)
  --browser chrome|firefox|safari
                                whose rules and console messages lead the verdict (default: chrome)
  --all                         also list same-origin requests
  --include-secrets             keep Authorization/Cookie values and token query parameters
                                (redacted by default)
  -h, --help                    show this help
  -V, --version                 print the version

Exit status:
  0  nothing blocked, and most exchanges were decided
  1  something was blocked
  2  bad input or usage (one line on stderr says what)
  3  internal error (a bug: please report it)
  4  nothing blocked, but most exchanges are "unknown": the HAR lacks the responses or preflights
     the browser decided on (stderr says why and how to record a better one)

Environment: NO_COLOR turns colours off (they are used only when stdout is a terminal).
`;

const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];
const BROWSERS: readonly BrowserId[] = ['chrome', 'firefox', 'safari'];

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { command: 'analyze', file: '', format: 'text', browser: 'chrome', all: false, includeSecrets: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ...args, command: 'help' };
    if (arg === '-V' || arg === '--version') return { ...args, command: 'version' };
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    const flag = () => {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
    };
    switch (name) {
      case '--format':
        args.format = oneOf(name, value(), FORMATS);
        break;
      case '--browser':
        args.browser = oneOf(name, value(), BROWSERS);
        break;
      case '--all':
        flag();
        args.all = true;
        break;
      case '--include-secrets':
        flag();
        args.includeSecrets = true;
        break;
      default:
        throw new UsageError(`unknown option ${printable(name)}`);
    }
  }
  if (positional.length === 0) throw new UsageError('no command given: cors-lens analyze FILE.har (or - for standard input)');
  const [command, file, ...rest] = positional;
  if (command !== 'analyze') throw new UsageError(`unknown command ${printable(command!)} (try: cors-lens analyze FILE.har)`);
  if (file === undefined) throw new UsageError('analyze needs a HAR file: cors-lens analyze FILE.har');
  if (rest.length) throw new UsageError(`unexpected argument ${printable(rest[0]!)}`);
  return { ...args, file };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got ${printable(value)})`);
}

/** Argument text echoed in an error message, without control characters. */
function printable(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
