/** What the list area says when there is nothing to list, and what to do about it. */
export type EmptyKind = 'connecting' | 'no-traffic' | 'filtered' | 'empty-import';

export function EmptyState({ kind, fileName, entries, onShowAll, onImport }: { kind: EmptyKind; fileName?: string; entries?: number; onShowAll(): void; onImport(): void }) {
  if (kind === 'connecting') {
    return (
      <div class="empty" data-testid="empty">
        <p class="empty-title">Connecting to the CORS Lens background…</p>
      </div>
    );
  }
  if (kind === 'filtered') {
    return (
      <div class="empty" data-testid="empty">
        <p class="empty-title">No requests match the filter.</p>
        <p>
          <button type="button" class="link-button" data-action="show-all" onClick={() => onShowAll()}>
            Show all requests
          </button>
        </p>
      </div>
    );
  }
  if (kind === 'empty-import') {
    return (
      <div class="empty" data-testid="empty">
        <p class="empty-title">No cross-origin requests in {fileName}</p>
        <p>
          {entries ?? 0} HAR entr{entries === 1 ? 'y' : 'ies'} read; all of them were same-origin or not subject to CORS.
        </p>
      </div>
    );
  }
  return (
    <div class="empty" data-testid="empty">
      <p class="empty-title">No cross-origin requests yet</p>
      <p>
        Reload the page, or try the lab: <code>npm run lab</code>
      </p>
      <p>
        Have a HAR file from a bug report?{' '}
        <button type="button" class="link-button" onClick={() => onImport()}>
          Import it
        </button>{' '}
        or drop it here.
      </p>
      <p class="empty-note">Requests are recorded even while DevTools is closed; same-origin requests are not listed.</p>
    </div>
  );
}
