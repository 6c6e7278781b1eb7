/**
 * A HAR file's text → analysed exchanges, exactly as `cors-lens analyze FILE` does it
 * (`harToObservations` + `analyze`, cross-origin exchanges only). Every failure becomes one
 * readable line; nothing in a file can make the panel throw. Loaded on the first import only.
 */
import { analyze } from '../core/analyze';
import type { AnalyzedExchange, BrowserId } from '../core/model';
import { HarFormatError, harToObservations } from '../sources/har';
import { ImportError } from './import-error';

export interface ImportedSession {
  fileName: string;
  exchanges: AnalyzedExchange[];
  /** HAR entries read. */
  entries: number;
  /** Non-fatal problems from the HAR reader, one line each. */
  warnings: string[];
}

/** Our own JSON report (`cors-lens --format json`): verdicts without the traffic behind them. */
function isJsonReport(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Array.isArray((v as { exchanges?: unknown }).exchanges) && !('log' in v);
}

export function importText(fileName: string, text: string, browser: BrowserId): ImportedSession {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new ImportError(`${fileName} is empty.`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ImportError(`${fileName} is not valid JSON (${reason}). Export a HAR from the Network panel: “Export HAR…”.`);
  }
  if (isJsonReport(json)) {
    throw new ImportError(
      `${fileName} is a CORS Lens JSON report: it holds verdicts, not the traffic behind them, so it cannot be analysed again. Import the HAR export instead.`,
    );
  }
  try {
    const { observations, warnings } = harToObservations(json);
    return { fileName, exchanges: analyze(observations, { browser }), entries: observations.length, warnings };
  } catch (e) {
    if (e instanceof HarFormatError) throw new ImportError(`${fileName}: ${e.message}.`);
    throw new ImportError(`${fileName} could not be analysed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
