/**
 * A dropped or opened file → analysed exchanges, exactly as `cors-lens analyze FILE` does it.
 * The size check and the reading happen here; the analysis (the evaluator, the HAR reader) is
 * loaded only when a file is imported (import-analysis.ts), so the panel's first load stays small.
 */
import type { BrowserId } from '../core/model';
import { harSizeProblem } from '../sources/har-size';
import { ImportError } from './import-error';
import type { ImportedSession } from './import-analysis';

export { ImportError } from './import-error';
export type { ImportedSession } from './import-analysis';

/** Reads a File (from an <input type=file> or a drop) and imports it. */
export async function importFile(file: File, browser: BrowserId): Promise<ImportedSession> {
  // Checked before reading: past the string limit, Chrome's File.text() resolves to "" (the file
  // looked "empty") or the tab runs out of memory. Same limit and words as the CLI.
  const tooBig = harSizeProblem(file.size, file.name);
  if (tooBig) throw new ImportError(`${tooBig}.`);
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    throw new ImportError(`${file.name} could not be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const { importText } = await import('./import-analysis');
  return importText(file.name, text, browser);
}
