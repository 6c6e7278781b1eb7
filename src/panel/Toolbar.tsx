/** Clear, preserve log, search, outcome filters, import / export and the counts. */
import { useRef, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { OUTCOME_FILTERS, type OutcomeFilter } from './format';
import { MenuButton } from './MenuButton';
import { OptionsMenu } from './OptionsMenu';

export type ExportKind = 'har' | 'json' | 'md';

export interface ToolbarProps {
  preserveLog: boolean;
  /** False while an imported file is shown (preserve log is about live traffic). */
  live: boolean;
  search: string;
  outcome: OutcomeFilter;
  /** Exchanges per outcome filter, before the search narrows them. */
  outcomeCounts: Record<OutcomeFilter, number>;
  total: number;
  shown: number;
  blocked: number;
  dropped: number;
  /** Page hints refused for this tab (the page sent too many). */
  droppedHints?: number;
  searchRef: Ref<HTMLInputElement>;
  /** The "Read calls inside the page" opt-in (PanelPrefs.pageHooks). */
  pageHooks: boolean;
  onPageHooks(value: boolean): void;
  /** The "Record in the background" opt-in (PanelPrefs.backgroundRecording). */
  backgroundRecording: boolean;
  onBackgroundRecording(value: boolean): void;
  onPreserveLog(value: boolean): void;
  onClear(): void;
  onSearch(value: string): void;
  onOutcome(value: OutcomeFilter): void;
  onImport(file: File): void;
  onExport(kind: ExportKind, includeSecrets: boolean): void;
  /** "Group identical failures" (same endpoint, same reason) into one row with a count. */
  grouped: boolean;
  onGrouped(value: boolean): void;
}

export function Toolbar(p: ToolbarProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const filtered = p.search.trim() !== '' || p.outcome !== 'all';
  return (
    <div class="toolbar" role="toolbar" aria-label="CORS Lens">
      <button
        type="button"
        class="tool-button icon-button"
        data-action="clear"
        title={p.live ? 'Clear the list' : 'Close the imported file and go back to live traffic'}
        aria-label={p.live ? 'Clear' : 'Close import'}
        onClick={() => p.onClear()}
      >
        <span class="icon icon-clear" aria-hidden="true" />
      </button>
      <label class="tool-check" title="Keep the list when the page navigates">
        <input
          type="checkbox"
          data-action="preserve-log"
          checked={p.preserveLog}
          disabled={!p.live}
          onChange={(e) => p.onPreserveLog((e.currentTarget as HTMLInputElement).checked)}
        />
        Preserve log
      </label>
      <OptionsMenu pageHooks={p.pageHooks} onPageHooks={p.onPageHooks} backgroundRecording={p.backgroundRecording} onBackgroundRecording={p.onBackgroundRecording} />
      <span class="divider" />
      <input
        ref={p.searchRef}
        type="search"
        class="filter"
        data-action="filter"
        placeholder="Filter URL, reason, CorsError ( / )"
        aria-label="Filter requests"
        aria-keyshortcuts="/"
        value={p.search}
        onInput={(e) => p.onSearch((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && p.search) {
            e.preventDefault();
            e.stopPropagation();
            p.onSearch('');
          }
        }}
      />
      <div class="segmented" role="group" aria-label="Show">
        {OUTCOME_FILTERS.map((f) => (
          <button
            type="button"
            key={f.id}
            class={`segment${p.outcome === f.id ? ' active' : ''} segment-${f.id}`}
            data-filter={f.id}
            aria-pressed={p.outcome === f.id}
            onClick={() => p.onOutcome(f.id)}
          >
            {f.label}
            {f.id !== 'all' && p.outcomeCounts[f.id] > 0 && <span class="segment-count">{p.outcomeCounts[f.id]}</span>}
          </button>
        ))}
      </div>
      <label class="tool-check" title="Collapse repeated failures with the same cause to the same endpoint into one row with a count">
        <input type="checkbox" data-action="group" checked={p.grouped} onChange={(e) => p.onGrouped((e.currentTarget as HTMLInputElement).checked)} />
        Group
      </label>
      <span class="toolbar-spacer" />
      <span class="counts" data-testid="counts" aria-live="polite">
        <span data-count="total">
          {filtered ? `${p.shown} / ${p.total}` : p.total} request{p.total === 1 ? '' : 's'}
        </span>
        <span data-count="blocked" class={p.blocked > 0 ? 'count-blocked' : undefined}>
          {p.blocked} blocked
        </span>
        {p.dropped > 0 && (
          <span data-count="dropped" title="Oldest requests dropped to stay within the per-tab limit">
            {p.dropped} dropped
          </span>
        )}
        {(p.droppedHints ?? 0) > 0 && (
          <span
            data-count="dropped-hints"
            title="This page sent more page-call records (credentials mode, how fetch/XHR settled) than CORS Lens accepts per tab; the extra ones were ignored. Requests are all still listed, but some verdicts may lack what the page saw."
          >
            {p.droppedHints} page hints ignored
          </span>
        )}
      </span>
      <span class="divider" />
      <button
        type="button"
        class="tool-button"
        data-action="import"
        title="Open a HAR file exported from Chrome or Firefox (or drop it on the panel)"
        onClick={() => fileInput.current?.click()}
      >
        <span class="icon icon-import" aria-hidden="true" /> Import
      </button>
      <input
        ref={fileInput}
        type="file"
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-action="import-file"
        accept=".har,.json,application/json"
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          const file = input.files?.[0];
          if (file) p.onImport(file);
          input.value = '';
        }}
      />
      <ExportMenu shown={p.shown} onExport={p.onExport} />
    </div>
  );
}

function ExportMenu({ shown, onExport }: { shown: number; onExport: ToolbarProps['onExport'] }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const item = (close: () => void, kind: ExportKind, label: string, hint: string) => (
    <button
      type="button"
      class="menu-item"
      data-action={`export-${kind === 'md' ? 'markdown' : kind}`}
      disabled={shown === 0}
      onClick={() => {
        onExport(kind, includeSecrets);
        close();
      }}
    >
      <span>{label}</span>
      <span class="menu-hint">{hint}</span>
    </button>
  );
  return (
    <MenuButton
      action="export"
      title="Save the listed requests as HAR, JSON or a Markdown report"
      label={
        <>
          <span class="icon icon-export" aria-hidden="true" /> Export
        </>
      }
      menuLabel="Export"
    >
      {(close) => (
        <>
          <div class="menu-title">
            Export the {shown} listed request{shown === 1 ? '' : 's'}
          </div>
          {item(close, 'har', 'HAR', 're-import here or in DevTools')}
          {item(close, 'json', 'JSON', 'same schema as cors-lens --format json')}
          {item(close, 'md', 'Markdown report', 'ready for a bug ticket')}
          <label class="menu-check">
            <input
              type="checkbox"
              data-action="include-secrets"
              checked={includeSecrets}
              onChange={(e) => setIncludeSecrets((e.currentTarget as HTMLInputElement).checked)}
            />
            Include secrets
            <span class="menu-hint">Authorization, Cookie, Set-Cookie and token values are redacted unless checked</span>
          </label>
        </>
      )}
    </MenuButton>
  );
}
