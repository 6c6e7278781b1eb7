/** Chooses what to show and renders it in the requested format. */
import type { AnalyzedExchange } from '../core/model';
import { toJsonReport, toMarkdownReport, toTextReport } from '../core/report';
import { reportFix } from '../core/report-fix';
import { reportServers } from '../core/server-fix/report';
import type { CliArgs } from './args';

/**
 * Every format lists the same exchanges: all cross-origin ones (allowed included, so a lookup by
 * URL always finds its verdict); --all adds same-origin traffic, which analyze() drops otherwise.
 */
export function render(list: AnalyzedExchange[], args: CliArgs, color: boolean): string {
  const options = {
    includeSecrets: args.includeSecrets,
    servers: (l: AnalyzedExchange[]) => reportServers(l, { includeSecrets: args.includeSecrets, browser: args.browser }),
  };
  if (args.format === 'json') return toJsonReport(list, { ...options, fix: reportFix });
  if (args.format === 'markdown') return toMarkdownReport(list, options);
  return toTextReport(list, { ...options, color, browser: args.browser });
}

/** Writes and resolves once the data is handed to the OS, so a pipe gets all of it. */
export function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}
