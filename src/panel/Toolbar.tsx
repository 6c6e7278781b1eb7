/** Preserve log, Clear, the text filter and the counts. */
export interface ToolbarProps {
  preserveLog: boolean;
  filter: string;
  total: number;
  shown: number;
  blocked: number;
  dropped: number;
  onPreserveLog(value: boolean): void;
  onClear(): void;
  onFilter(value: string): void;
}

export function Toolbar(p: ToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label="CORS Lens">
      <button type="button" class="tool-button" data-action="clear" title="Clear the list" onClick={() => p.onClear()}>
        <span aria-hidden="true">⊘</span> Clear
      </button>
      <span class="divider" />
      <label class="tool-check" title="Keep the list when the page navigates">
        <input type="checkbox" data-action="preserve-log" checked={p.preserveLog} onChange={(e) => p.onPreserveLog((e.currentTarget as HTMLInputElement).checked)} />
        Preserve log
      </label>
      <span class="divider" />
      <input
        type="search"
        class="filter"
        data-action="filter"
        placeholder="Filter"
        aria-label="Filter requests"
        value={p.filter}
        onInput={(e) => p.onFilter((e.currentTarget as HTMLInputElement).value)}
      />
      <span class="counts" data-testid="counts">
        <span data-count="total">{p.filter ? `${p.shown} / ${p.total}` : p.total} requests</span>
        <span data-count="blocked" class={p.blocked > 0 ? 'count-blocked' : undefined}>
          {p.blocked} blocked
        </span>
        {p.dropped > 0 && <span data-count="dropped" title="Oldest requests dropped to stay within the per-tab limit">{p.dropped} dropped</span>}
      </span>
    </div>
  );
}
