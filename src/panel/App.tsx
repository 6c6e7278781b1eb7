/**
 * The CORS panel. Gets everything through a PanelTransport; never calls the extension API.
 * The state lives in small hooks under app/; this file lays the parts out.
 *
 * Keyboard: `/` focuses the search box; in the list, arrows / PageUp / PageDown / Home / End move
 * the selection, Enter moves focus into the detail, Esc closes it (Esc in the search box clears it).
 */
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { fixHistory } from '../core/fix-history';
import type { PanelAccess } from './access';
import { AccessBanner, useAccessView } from './AccessBanner';
import { DetailPane } from './app/DetailPane';
import { ImportBanner, ImportNoteBanner } from './app/ImportBanners';
import { useFileDrop } from './app/use-file-drop';
import { useImportExport } from './app/use-import-export';
import { useListView } from './app/use-list-view';
import { usePanelState } from './app/use-panel-state';
import { usePrefetchedFixEngine } from './app/use-prefetched-fix-engine';
import { useSelection } from './app/use-selection';
import { useShortcuts } from './app/use-shortcuts';
import { useTheme } from './app/use-theme';
import { MissedBanner } from './MissedBanner';
import { DEFAULT_STACK } from './detail/FixView';
import { EmptyState, type EmptyKind } from './EmptyState';
import { ExchangeList } from './ExchangeList';
import { hostBrowser } from './host-browser';
import { ServerFixBar, useServerFix, useServersNeedingFix } from './ServerFixView';
import { Toolbar } from './Toolbar';
import type { PanelTransport } from './transport';
import { useGrouping } from './use-grouping';

export function App({ transport, access }: { transport: PanelTransport; /** Host-access checks; absent outside the extension. */ access?: PanelAccess }) {
  const browser = useMemo(() => hostBrowser(), []);
  const accessView = useAccessView(access);
  const { state, prefs, setPref } = usePanelState(transport);
  useTheme(transport);
  const fixEngine = usePrefetchedFixEngine();
  const selection = useSelection();
  const { selectedId, serverOrigin, select, closeDetail } = selection;
  const clearSelection = useCallback(() => select(undefined), [select]);
  const files = useImportExport(browser, clearSelection);
  const { imported } = files;
  const drop = useFileDrop(files.runImport);
  const searchRef = useRef<HTMLInputElement>(null);
  useShortcuts(searchRef, selectedId !== undefined || serverOrigin !== undefined, closeDetail);

  // The browser hides a navigation to a page CORS Lens may not see, so the background cannot cut
  // the list there: the panel does, as a navigation would (not with "preserve log" on).
  const invisiblePage = accessView.missing.find((m) => m.role === 'page')?.origin;
  useEffect(() => {
    if (invisiblePage && state.connected && !state.preserveLog && state.exchanges.length > 0) transport.send({ type: 'clear' });
    // Only when the invisible page changes (or the list first arrives), not on every new row.
  }, [invisiblePage, state.connected]);

  const all = imported ? imported.exchanges : state.exchanges;
  const list = useListView(all);
  const selected = selectedId === undefined ? undefined : all.find((a) => a.exchange.id === selectedId);
  const grouping = useGrouping(list.shown);
  const fixMarks = useMemo(() => fixHistory(all), [all]);
  // What still needs a fix: failures a later request to the same endpoint passed are history.
  const current = useMemo(() => all.filter((a) => fixMarks.get(a.exchange.id)?.kind !== 'fixed'), [all, fixMarks]);
  const serversToFix = useServersNeedingFix(current);
  const serverFix = useServerFix(fixEngine, current, serverOrigin, browser);
  const onStack = useCallback((id: string) => setPref('stack', id), [setPref]);
  const stack = prefs.stack ?? DEFAULT_STACK;

  const emptyKind: EmptyKind | undefined =
    list.shown.length > 0 ? undefined : all.length > 0 ? 'filtered' : imported ? 'empty-import' : !state.connected ? 'connecting' : 'no-traffic';

  return (
    <div class={`app${selected || serverOrigin !== undefined ? ' with-detail' : ''}${drop.dragging ? ' dragging' : ''}`} {...drop.handlers}>
      <Toolbar
        preserveLog={state.preserveLog}
        live={!imported}
        search={list.search}
        outcome={list.outcome}
        outcomeCounts={list.outcomeCounts}
        total={all.length}
        shown={list.shown.length}
        blocked={list.outcomeCounts.blocked}
        dropped={imported ? 0 : state.dropped}
        droppedHints={imported ? 0 : state.droppedHints}
        searchRef={searchRef}
        pageHooks={prefs.pageHooks === true}
        onPageHooks={(value) => setPref('pageHooks', value)}
        backgroundRecording={prefs.backgroundRecording === true}
        onBackgroundRecording={(value) => setPref('backgroundRecording', value)}
        onPreserveLog={(value) => transport.send({ type: 'set-preserve-log', value })}
        onClear={() => {
          clearSelection();
          if (imported) files.closeImport();
          else transport.send({ type: 'clear' });
        }}
        onSearch={list.setSearch}
        onOutcome={list.setOutcome}
        onImport={files.runImport}
        onExport={(kind, includeSecrets) => files.runExport(kind, includeSecrets, list.shown)}
        grouped={grouping.on}
        onGrouped={grouping.setOn}
      />
      {imported && (
        <ImportBanner
          imported={imported}
          browser={browser}
          onClose={() => {
            files.closeImport();
            clearSelection();
          }}
        />
      )}
      {files.note && <ImportNoteBanner note={files.note} onDismiss={files.dismissNote} />}
      {access && !imported && <AccessBanner access={access} view={accessView} browser={browser} />}
      {!imported && <MissedBanner count={state.missed.count} listed={state.missed.listed} onReload={() => transport.send({ type: 'reload-and-capture' })} />}
      <ServerFixBar fixes={serversToFix} selected={serverOrigin} onSelect={selection.openServerFix} />
      <div class="main" ref={selection.listRef}>
        <div class="list-pane">
          {emptyKind ? (
            <EmptyState
              kind={emptyKind}
              {...(imported ? { fileName: imported.fileName, entries: imported.entries } : {})}
              onShowAll={list.showAll}
              onImport={() => document.querySelector<HTMLInputElement>('[data-action="import-file"]')?.click()}
            />
          ) : (
            <ExchangeList
              exchanges={grouping.rows}
              selectedId={selectedId}
              onSelect={select}
              onOpen={selection.openDetail}
              onEscape={closeDetail}
              marks={fixMarks}
              groups={grouping.counts && { counts: grouping.counts, expanded: grouping.expanded, toggle: grouping.toggle }}
            />
          )}
        </div>
        <DetailPane selection={selection} selected={selected} serverFix={serverFix} fixEngine={fixEngine} browser={browser} stack={stack} onStack={onStack} />
      </div>
      {drop.dragging && (
        <div class="drop-overlay" aria-hidden="true">
          Drop a HAR file to analyse it
        </div>
      )}
    </div>
  );
}
