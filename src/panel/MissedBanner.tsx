/**
 * "N cross-origin requests failed before DevTools opened": the failures the background counted
 * from its cheap errors-only listener while nobody inspected the tab (it did not record them in
 * full, so it cannot say why). One click reloads the page with capture on.
 */
import { useState } from 'preact/hooks';
import type { MissedFailure } from '../shared/protocol';
import { shownUrl } from './display-text';
import { clockText } from './format';

export interface MissedBannerProps {
  count: number;
  listed: MissedFailure[];
  onReload(): void;
}

export function MissedBanner({ count, listed, onReload }: MissedBannerProps) {
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  const older = count - listed.length;
  return (
    <div class="banner banner-missed" data-testid="missed-banner" role="status">
      <span>
        {count} cross-origin request{count === 1 ? '' : 's'} failed before DevTools was open on this tab. CORS Lens only counted{' '}
        {count === 1 ? 'it' : 'them'} then; reload to see why.{' '}
        <button type="button" class="link-button" data-action="show-missed" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'} {count === 1 ? 'it' : 'which'}
        </button>
        {open && (
          <ul class="missed-list" data-testid="missed-list">
            {listed.map((f, i) => (
              <li key={i} data-missed-url={f.url}>
                <span class="missed-time">{clockText(f.time)}</span> <span class="missed-method">{f.method}</span> <span class="missed-url">{shownUrl(f.url)}</span>{' '}
                <span class="missed-error">
                  {f.type} · {f.error}
                </span>
              </li>
            ))}
            {older > 0 && <li class="missed-older">and {older} earlier</li>}
          </ul>
        )}
      </span>
      <button type="button" class="tool-button" data-action="reload-and-capture" title="Reload the inspected page; CORS Lens records it in full while DevTools is open" onClick={onReload}>
        Reload and capture
      </button>
    </div>
  );
}
