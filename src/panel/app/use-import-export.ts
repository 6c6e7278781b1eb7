/**
 * A HAR file imported into the panel (it replaces the live list until closed), the note shown
 * while it is read or when it fails, and exporting what the list shows.
 */
import { useCallback, useState } from 'preact/hooks';
import type { AnalyzedExchange, BrowserId } from '../../core/model';
import { inertExport, visibleControls } from '../display-text';
import { downloadText, exportFileName } from '../download';
import { ImportError, importFile, type ImportedSession } from '../import-file';
import type { ExportKind } from '../Toolbar';
import { loadFixEngine } from '../use-fix-engine';
import { version as EXTENSION_VERSION } from '../../../package.json';

const EXPORT_MIME: Record<ExportKind, string> = { har: 'application/json', json: 'application/json', md: 'text/markdown' };

export interface ImportNote {
  kind: 'error' | 'busy';
  text: string;
}

export interface ImportExport {
  imported: ImportedSession | undefined;
  note: ImportNote | undefined;
  dismissNote(): void;
  runImport(file: File): void;
  closeImport(): void;
  runExport(kind: ExportKind, includeSecrets: boolean, list: AnalyzedExchange[]): void;
}

/** The writers are loaded on the first export: the panel's first load does without them. */
async function exportText(kind: ExportKind, includeSecrets: boolean, list: AnalyzedExchange[]): Promise<string> {
  if (kind === 'har') return (await import('../../sources/har-export')).toHarText(list, { includeSecrets, version: EXTENSION_VERSION });
  const { toJsonReport, toMarkdownReport } = await import('../../core/report');
  // The JSON export is the CLI's schema, fix included: wait for the lazily loaded fix engine.
  if (kind === 'json') return toJsonReport(list, { includeSecrets, fix: (await loadFixEngine()).reportFix });
  return toMarkdownReport(list, { includeSecrets });
}

/** `onImported` runs when a file was read (the selection of the old list means nothing any more). */
export function useImportExport(browser: BrowserId, onImported: () => void): ImportExport {
  const [imported, setImported] = useState<ImportedSession | undefined>(undefined);
  const [note, setNote] = useState<ImportNote | undefined>(undefined);
  const runImport = useCallback(
    (file: File) => {
      setNote({ kind: 'busy', text: visibleControls(`Reading ${file.name}…`) });
      importFile(file, browser).then(
        (session) => {
          setImported(session);
          setNote(undefined);
          onImported();
        },
        (e: unknown) => setNote({ kind: 'error', text: e instanceof ImportError ? e.message : visibleControls(`Could not import ${file.name}: ${String(e)}`) }),
      );
    },
    [browser, onImported],
  );
  const runExport = (kind: ExportKind, includeSecrets: boolean, list: AnalyzedExchange[]) => {
    exportText(kind, includeSecrets, list).then(
      (text) => downloadText(exportFileName(kind, list[0]?.exchange.url), inertExport(kind, text), EXPORT_MIME[kind]),
      (e: unknown) => setNote({ kind: 'error', text: visibleControls(`Export failed: ${String(e)}`) }),
    );
  };
  return { imported, note, dismissNote: () => setNote(undefined), runImport, closeImport: () => setImported(undefined), runExport };
}
