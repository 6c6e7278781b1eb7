/** One row per exchange; the e2e tests read the row's data-* attributes. */
import type { AnalyzedExchange } from '../core/model';
import { actualStatus, preflightStatus, reasonText, splitUrl } from './format';
import { VerdictBadge } from './VerdictBadge';

export interface ExchangeListProps {
  exchanges: AnalyzedExchange[];
  selectedId: string | undefined;
  onSelect(id: string): void;
}

export function ExchangeList({ exchanges, selectedId, onSelect }: ExchangeListProps) {
  const move = (delta: number) => {
    const i = exchanges.findIndex((a) => a.exchange.id === selectedId);
    const next = exchanges[Math.max(0, Math.min(exchanges.length - 1, i < 0 ? 0 : i + delta))];
    if (next) onSelect(next.exchange.id);
  };
  return (
    <div
      class="list"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <table class="exchanges" aria-label="Cross-origin requests">
        <thead>
          <tr>
            <th class="col-method">Method</th>
            <th class="col-url">URL</th>
            <th class="col-initiator">Initiator</th>
            <th class="col-status" title="Preflight status">Preflight</th>
            <th class="col-status" title="Actual request status">Actual</th>
            <th class="col-verdict">Verdict</th>
            <th class="col-reason">Reason</th>
          </tr>
        </thead>
        <tbody>
          {exchanges.map((a) => (
            <ExchangeRow key={a.exchange.id} analyzed={a} selected={a.exchange.id === selectedId} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ExchangeRow({ analyzed, selected, onSelect }: { analyzed: AnalyzedExchange; selected: boolean; onSelect(id: string): void }) {
  const { exchange: e, verdict: v } = analyzed;
  const { origin, rest } = splitUrl(e.url);
  return (
    <tr
      class={`row outcome-${v.outcome}${selected ? ' selected' : ''}`}
      aria-selected={selected}
      data-exchange-id={e.id}
      data-exchange-url={e.url}
      data-outcome={v.outcome}
      data-reason={v.reason}
      data-cors-error={v.chromiumCorsError ?? ''}
      onClick={() => onSelect(e.id)}
    >
      <td class="col-method">{e.method}</td>
      <td class="col-url" title={e.url}>
        <span class="url-origin">{origin}</span>
        <span class="url-path">{rest}</span>
      </td>
      <td class="col-initiator" title={e.initiatorOrigin ?? ''}>
        {e.initiatorOrigin === null ? 'null (opaque)' : (e.initiatorOrigin ?? '')}
      </td>
      <td class="col-status" title={preflightStatus(e)}>
        {preflightStatus(e)}
      </td>
      <td class="col-status" title={actualStatus(e)}>
        {actualStatus(e)}
      </td>
      <td class="col-verdict">
        <VerdictBadge verdict={v} />
      </td>
      <td class="col-reason" title={reasonText(v)}>
        {reasonText(v)}
      </td>
    </tr>
  );
}
