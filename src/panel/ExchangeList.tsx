/**
 * The exchange list: one row per exchange, windowed above FULL_RENDER_LIMIT rows (10,000 rows
 * scroll smoothly). Tests and hidden checks read each row's `data-exchange-url`, `data-outcome`,
 * `data-reason` and `data-cors-error`: the evaluator's verdict, except that an exchange still in
 * flight has `data-outcome="pending"` (and `data-in-flight` says what it waits for) until the
 * browser finishes it — its verdict is not decided yet.
 *
 * Reaching a row that is off-screen in a windowed list: type part of its URL (or its reason, or
 * Chromium's CorsError name) into the search box (`/` focuses it); the list narrows to the
 * matching rows, which are then all rendered. Below the limit every row is in the DOM already.
 */
import { Component, type JSX } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FixMark } from '../core/fix-history';
import { exchangeContext, exchangeContextLabel } from '../core/initiator-context';
import type { AnalyzedExchange } from '../core/model';
import { shownUrl } from './display-text';
import { actualStatus, clockText, durationText, preflightStatus, reasonText, reasonTitle, splitUrl } from './format';
import { VerdictBadge } from './VerdictBadge';
import { ROW_HEIGHT, scrollTopFor, visibleRange } from './virtual-range';

export interface ExchangeListProps {
  exchanges: AnalyzedExchange[];
  selectedId: string | undefined;
  onSelect(id: string): void;
  /** Enter on the list: move focus into the detail. */
  onOpen(): void;
  /** Esc on the list: close the detail. */
  onEscape(): void;
  /** "Fixed ✓" / regression marks by exchange id (core's fixHistory). */
  marks?: ReadonlyMap<string, FixMark>;
  /** With "Group" on: group sizes by the id of the row standing for the group, and expansion. */
  groups?: { counts: ReadonlyMap<string, number>; expanded: ReadonlySet<string>; toggle(id: string): void } | undefined;
}

export const rowDomId = (id: string) => `row-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function ExchangeList({ exchanges, selectedId, onSelect, onOpen, onEscape, marks, groups }: ExchangeListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLTableSectionElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const frame = useRef(0);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, []);

  useLayoutEffect(() => {
    measure();
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = () => {
    // One render per frame, however many scroll events arrive.
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      measure();
    });
  };

  const selectedIndex = selectedId === undefined ? -1 : exchanges.findIndex((a) => a.exchange.id === selectedId);

  // Keep the selected row in view when it changes (keyboard, or selection from elsewhere).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const headerHeight = header.current?.offsetHeight ?? ROW_HEIGHT;
    const top = scrollTopFor(selectedIndex, el.scrollTop, el.clientHeight, headerHeight);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      measure();
    }
  }, [selectedIndex, measure]);

  const move = (to: number) => {
    const next = exchanges[Math.max(0, Math.min(exchanges.length - 1, to))];
    if (next) onSelect(next.exchange.id);
  };
  const pageRows = Math.max(1, Math.floor((view.height - ROW_HEIGHT) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = selectedIndex;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at < 0 ? 0 : at + 1),
      ArrowUp: () => move(at < 0 ? 0 : at - 1),
      PageDown: () => move(at < 0 ? 0 : at + pageRows),
      PageUp: () => move(at < 0 ? 0 : at - pageRows),
      Home: () => move(0),
      End: () => move(exchanges.length - 1),
      Enter: () => (at < 0 ? move(0) : onOpen()),
      Escape: () => onEscape(),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const { start, end } = visibleRange(exchanges.length, view.top, view.height);
  const rows: JSX.Element[] = [];
  for (let i = start; i < end; i++) {
    const a = exchanges[i]!;
    const count = groups?.counts.get(a.exchange.id);
    rows.push(
      <ExchangeRow
        key={a.exchange.id}
        analyzed={a}
        index={i}
        selected={i === selectedIndex}
        onSelect={onSelect}
        mark={marks?.get(a.exchange.id)}
        group={count === undefined ? undefined : { count, expanded: groups!.expanded.has(a.exchange.id), toggle: groups!.toggle }}
      />,
    );
  }

  return (
    <div
      ref={scroller}
      class="list"
      tabIndex={0}
      role="grid"
      aria-label="Cross-origin requests"
      aria-rowcount={exchanges.length + 1}
      aria-activedescendant={selectedId === undefined ? undefined : rowDomId(selectedId)}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="list"
      data-rows={exchanges.length}
      data-windowed={end - start < exchanges.length ? 'true' : 'false'}
    >
      <table class="exchanges" role="presentation">
        <colgroup>
          <col class="col-method" />
          <col class="col-url" />
          <col class="col-initiator" />
          <col class="col-verdict" />
          <col class="col-reason" />
          <col class="col-status" />
          <col class="col-status col-actual" />
          <col class="col-time" />
        </colgroup>
        <thead ref={header}>
          <tr role="row" aria-rowindex={1}>
            <th role="columnheader" class="col-method">Method</th>
            <th role="columnheader" class="col-url">URL</th>
            <th role="columnheader" class="col-initiator">Initiator</th>
            <th role="columnheader" class="col-verdict">Verdict</th>
            <th role="columnheader" class="col-reason">Reason</th>
            <th role="columnheader" class="col-status" title="Status of the preflight (OPTIONS) response">
              Preflight
            </th>
            <th role="columnheader" class="col-status col-actual" title="Status of the actual request, hop by hop">
              Actual
            </th>
            <th role="columnheader" class="col-time" title="Duration (hover a row for its start time)">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {start > 0 && <tr class="spacer" aria-hidden="true" style={{ height: `${start * ROW_HEIGHT}px` }} />}
          {rows}
          {end < exchanges.length && <tr class="spacer" aria-hidden="true" style={{ height: `${(exchanges.length - end) * ROW_HEIGHT}px` }} />}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  analyzed: AnalyzedExchange;
  index: number;
  selected: boolean;
  onSelect(id: string): void;
  mark?: FixMark | undefined;
  /** Set on the row standing for a group of identical failures. */
  group?: { count: number; expanded: boolean; toggle(id: string): void } | undefined;
}

/** Re-renders only when its exchange, position or selection changed: an upsert touches few rows. */
class ExchangeRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return (
      next.analyzed !== p.analyzed || next.selected !== p.selected || next.index !== p.index || next.onSelect !== p.onSelect || !sameMark(next.mark, p.mark) ||
      next.group?.count !== p.group?.count || next.group?.expanded !== p.group?.expanded
    );
  }

  override render() {
    return <RowView {...this.props} />;
  }
}

const sameMark = (a: FixMark | undefined, b: FixMark | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** "fixed ✓ 14:03:07" on a failure a later request fixed; a link to the other exchange. */
function MarkView({ mark, onSelect }: { mark: FixMark; onSelect(id: string): void }) {
  const target = mark.kind === 'fixed' ? mark.by : mark.was;
  const text = mark.kind === 'fixed' ? `fixed ✓ ${clockText(mark.at).slice(0, 8)}` : mark.kind === 'now-passes' ? 'was blocked' : 'regression';
  const title =
    mark.kind === 'fixed'
      ? 'A later request to the same endpoint passed: show it'
      : mark.kind === 'now-passes'
        ? 'An earlier request to the same endpoint was blocked: show it'
        : 'An earlier request to the same endpoint passed: show it';
  return (
    <button
      type="button"
      class={`fix-mark fix-mark-${mark.kind}`}
      data-fix-mark={mark.kind}
      title={title}
      onClick={(ev) => {
        ev.stopPropagation();
        onSelect(target);
      }}
    >
      {text}
    </button>
  );
}

function GroupToggle({ id, group }: { id: string; group: NonNullable<RowProps['group']> }) {
  return (
    <button
      type="button"
      class="group-count"
      data-group-count={group.count}
      aria-expanded={group.expanded}
      title={group.expanded ? 'Collapse these identical failures' : `${group.count} identical failures: show each`}
      onClick={(ev) => {
        ev.stopPropagation();
        group.toggle(id);
      }}
    >
      ×{group.count}
    </button>
  );
}

function RowView({ analyzed, index, selected, onSelect, mark, group }: RowProps) {
  const { exchange: e, verdict: v } = analyzed;
  const { origin, rest } = splitUrl(e.url);
  const pre = preflightStatus(e);
  const act = actualStatus(e);
  const pending = e.inFlight;
  const reason = reasonText(analyzed);
  const outcome = pending ? 'pending' : v.outcome;
  const context = exchangeContextLabel(e);
  const initiator = `${e.initiatorOrigin === null ? 'null (opaque)' : (e.initiatorOrigin ?? '')}${context ? ` · ${context}` : ''}`;
  return (
    <tr
      id={rowDomId(e.id)}
      role="row"
      aria-rowindex={index + 2}
      class={`row outcome-${outcome}${selected ? ' selected' : ''}`}
      aria-selected={selected}
      data-exchange-id={e.id}
      data-exchange-url={e.url}
      data-outcome={outcome}
      data-in-flight={pending}
      data-reason={v.reason}
      data-cors-error={v.chromiumCorsError ?? ''}
      data-fix-mark={mark?.kind}
      data-initiator-context={exchangeContext(e)}
      onClick={() => onSelect(e.id)}
    >
      <td role="gridcell" class="col-method">{e.method}</td>
      <td role="gridcell" class="col-url" title={shownUrl(e.url)}>
        {/* In the URL column, which every layout shows (the reason column hides beside the detail). */}
        {group && <GroupToggle id={e.id} group={group} />}
        {mark && <MarkView mark={mark} onSelect={onSelect} />}
        <span class="url-origin">{shownUrl(origin)}</span>
        <span class="url-path">{shownUrl(rest)}</span>
      </td>
      <td role="gridcell" class="col-initiator" title={initiator}>
        {shownUrl(initiator)}
      </td>
      <td role="gridcell" class="col-verdict">
        <VerdictBadge verdict={v} inFlight={pending} />
      </td>
      <td role="gridcell" class="col-reason" title={reasonTitle(analyzed)}>
        {reason}
      </td>
      <td role="gridcell" class="col-status" title={pre}>
        {pre}
      </td>
      <td role="gridcell" class="col-status col-actual" title={act}>
        {act}
      </td>
      <td role="gridcell" class="col-time" title={`Started ${clockText(e.startTime)}`}>
        {durationText(e)}
      </td>
    </tr>
  );
}
