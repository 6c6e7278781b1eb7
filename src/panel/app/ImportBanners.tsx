/** The banners of an imported HAR file: what was read, and the note while reading or on failure. */
import type { BrowserId } from '../../core/model';
import type { ImportedSession } from '../import-file';
import type { ImportNote } from './use-import-export';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function ImportBanner({ imported, browser, onClose }: { imported: ImportedSession; browser: BrowserId; onClose(): void }) {
  const { exchanges, entries, warnings, fileName } = imported;
  return (
    <div class="banner banner-import" data-testid="import-banner" role="status">
      <span>
        Imported <strong>{fileName}</strong>: {exchanges.length} cross-origin request{plural(exchanges.length, '', 's')} from {entries} HAR entr
        {plural(entries, 'y', 'ies')}, analysed as in {browser === 'firefox' ? 'Firefox' : 'Chrome'}.
        {warnings.length > 0 && (
          <span class="banner-warnings" title={warnings.join('\n')}>
            {' '}
            {warnings.length} warning{plural(warnings.length, '', 's')}: {warnings.join('; ')}
          </span>
        )}
      </span>
      <button type="button" class="link-button" data-action="close-import" onClick={onClose}>
        Back to live traffic
      </button>
    </div>
  );
}

export function ImportNoteBanner({ note, onDismiss }: { note: ImportNote; onDismiss(): void }) {
  const error = note.kind === 'error';
  return (
    <div class={`banner banner-${note.kind}`} data-testid={error ? 'import-error' : 'import-busy'} role={error ? 'alert' : 'status'}>
      <span>{note.text}</span>
      {error && (
        <button type="button" class="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
