/**
 * Says which sites CORS Lens may not see for this page, and offers to allow them. Browsers report
 * a request to an extension only when it may access both the page and the server, so a missing
 * page origin hides every request of the page, a missing server only the requests to it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BrowserId } from '../core/model';
import { ALL_SITES_PATTERN } from '../shared/host-patterns';
import type { AccessOutcome, AccessView, MissingOrigin, PanelAccess } from './access';

/** More buttons than this would crowd the panel; the rest are named in the text and in "Allow on these N sites". */
const MAX_ORIGIN_BUTTONS = 4;

export function useAccessView(access: PanelAccess | undefined): AccessView {
  const [view, setView] = useState<AccessView>({ missing: [] });
  useEffect(() => access?.subscribe(setView), [access]);
  return view;
}

const list = (items: MissingOrigin[]) => items.map((m) => m.origin).join(', ');

export function AccessBanner({ access, view, browser }: { access: PanelAccess; view: AccessView; browser: BrowserId }) {
  const [note, setNote] = useState<{ kind: 'granted' | 'info' | 'error'; text: string } | undefined>(undefined);
  const missing = view.missing;

  const ask = (patterns: string[]) => {
    // Called straight from the click (the browser wants the user's gesture).
    void access.allow(patterns).then((outcome: AccessOutcome) => {
      if (outcome === 'granted') setNote({ kind: 'granted', text: 'Access granted: new requests are recorded from now on.' });
      else if (outcome === 'opened-grant-page') setNote({ kind: 'info', text: 'Confirm in the tab that just opened; this panel updates by itself.' });
      else if (outcome === 'declined') setNote({ kind: 'info', text: 'Access was not granted; nothing changed.' });
      else setNote({ kind: 'error', text: 'The browser refused the request; use its extension settings instead (see below).' });
    });
  };

  if (missing.length === 0) {
    if (note?.kind !== 'granted') return null;
    return (
      <div class="banner banner-access-granted" data-testid="access-granted" role="status">
        <span>{note.text} Reload the page to record what it did before.</span>
        <button type="button" class="link-button" data-action="reload-page" onClick={() => access.reloadPage()}>
          Reload page
        </button>
        <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => setNote(undefined)}>
          ×
        </button>
      </div>
    );
  }

  const page = missing.find((m) => m.role === 'page');
  const servers = missing.filter((m) => m.role === 'server');
  const settings =
    browser === 'firefox'
      ? 'You can also allow sites in about:addons → CORS Lens → Permissions, or from the Extensions button in the toolbar.'
      : 'You can also allow sites from the Extensions menu (puzzle icon) → CORS Lens, or in chrome://extensions → CORS Lens → Details → Site access.';

  return (
    <div class="banner banner-access" data-testid="access-banner" role="alert">
      <span>
        {page ? (
          <>
            CORS Lens may not see <strong data-origin={page.origin}>{page.origin}</strong>, so it cannot record this page’s requests
            {servers.length > 0 ? (
              <>
                {' '}
                — nor those to <strong>{list(servers)}</strong>
              </>
            ) : null}
            .
          </>
        ) : (
          <>
            This page calls {servers.length === 1 ? 'a server' : 'servers'} CORS Lens may not see: <strong>{list(servers)}</strong>. Those requests are not
            recorded.
          </>
        )}{' '}
        <span class="banner-help">
          A browser shows an extension a request only if it may access both the page and the server. {settings}
        </span>
        {note && note.kind !== 'granted' && (
          <span class={`banner-note banner-note-${note.kind}`} data-testid="access-note">
            {' '}
            {note.text}
          </span>
        )}
      </span>
      <span class="banner-actions">
        {missing.slice(0, MAX_ORIGIN_BUTTONS).map((m) => (
          <button type="button" class="link-button" data-action="allow-origin" data-origin={m.origin} key={m.pattern} onClick={() => ask([m.pattern])}>
            Allow on {m.origin}
          </button>
        ))}
        {missing.length > 1 && (
          <button type="button" class="link-button" data-action="allow-listed" onClick={() => ask(missing.map((m) => m.pattern))}>
            Allow on these {missing.length} sites
          </button>
        )}
        <button type="button" class="link-button" data-action="allow-all-sites" onClick={() => ask([ALL_SITES_PATTERN])}>
          Allow on all sites
        </button>
      </span>
    </div>
  );
}
