/**
 * The CORS panel. Gets everything through a PanelTransport; never calls the extension API.
 *
 * Keyboard: `/` focuses the search box; in the list, arrows / PageUp / PageDown / Home / End move
 * the selection, Enter moves focus into the detail, Esc closes it (Esc in the search box clears it).
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { PanelPrefs, ToPanel } from '../shared/protocol';
import type { AnalyzedExchange } from '../core/model';
import { toJsonReport, toMarkdownReport } from '../core/report';
import { toHarText } from '../sources/har-export';
import type { PanelAccess } from './access';
import { AccessBanner, useAccessView } from './AccessBanner';
import { DEFAULT_STACK } from './detail/FixView';
import { inertExport, visibleControls } from './display-text';
import { downloadText, exportFileName } from './download';
import { EmptyState, type EmptyKind } from './EmptyState';
import { ExchangeDetail, type DetailTab } from './ExchangeDetail';
import { ExchangeList } from './ExchangeList';
import { matchesFilter, matchesOutcome, OUTCOME_FILTERS, type OutcomeFilter } from './format';
import { hostBrowser } from './host-browser';
import { ImportError, importFile, type ImportedSession } from './import-file';
import { applyMessage, initialPanelState } from './state';
import { Toolbar, type ExportKind } from './Toolbar';
import type { PanelTransport, Theme } from './transport';
import { loadFixEngine, type FixEngine } from './use-fix-engine';
import { fixHistory } from '../core/fix-history';
import { useGrouping } from './use-grouping';
import { ServerFixBar, useServerFix, useServersNeedingFix } from './ServerFixView';
import { version as EXTENSION_VERSION } from '../../package.json';

const EXPORT_MIME: Record<ExportKind, string> = { har: 'application/json', json: 'application/json', md: 'text/markdown' };

const isTyping = (el: Element | null) =>
  !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

export function App({ transport, access }: { transport: PanelTransport; /** Host-access checks; absent outside the extension. */ access?: PanelAccess }) {
  const browser = useMemo(() => hostBrowser(), []);
  const accessView = useAccessView(access);
  const [state, dispatch] = useReducer(applyMessage, initialPanelState);
  const [prefs, setPrefs] = useState<PanelPrefs>({});
  const [search, setSearch] = useState('');
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const [selectedId, setSelectedIdRaw] = useState<string | undefined>(undefined);
  // The right pane shows either one exchange or one server's fix.
  const [serverOrigin, setServerOrigin] = useState<string | undefined>(undefined);
  const setSelectedId = useCallback((id: string | undefined) => {
    setSelectedIdRaw(id);
    if (id !== undefined) setServerOrigin(undefined);
  }, []);
  const [tab, setTab] = useState<DetailTab>('verdict');
  const [theme, setTheme] = useState<Theme>(() => transport.theme());
  const [imported, setImported] = useState<ImportedSession | undefined>(undefined);
  const [importNote, setImportNote] = useState<{ kind: 'error' | 'busy'; text: string } | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      transport.subscribe((m: ToPanel) => {
        if (m.type === 'prefs') setPrefs(m.prefs ?? {});
        else dispatch(m);
      }),
    [transport],
  );
  useEffect(() => transport.send({ type: 'get-prefs' }), [transport]);
  useEffect(() => transport.onThemeChange(setTheme), [transport]);
  // The fix engine is a chunk of its own: fetch it once the list is up, before anyone asks.
  const [fixEngine, setFixEngine] = useState<FixEngine | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => void loadFixEngine().then((m) => live && setFixEngine(m)), 50);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
  }, [theme]);
  // The browser hides a navigation to a page CORS Lens may not see, so the background cannot cut
  // the list there: the panel does, as a navigation would (not with "preserve log" on).
  const invisiblePage = accessView.missing.find((m) => m.role === 'page')?.origin;
  useEffect(() => {
    if (invisiblePage && state.connected && !state.preserveLog && state.exchanges.length > 0) transport.send({ type: 'clear' });
    // Only when the invisible page changes (or the list first arrives), not on every new row.
  }, [invisiblePage, state.connected]);

  const all = imported ? imported.exchanges : state.exchanges;
  const outcomeCounts = useMemo(() => {
    const counts = { all: all.length, blocked: 0, warnings: 0, allowed: 0 } as Record<OutcomeFilter, number>;
    for (const a of all) for (const f of OUTCOME_FILTERS) if (f.id !== 'all' && matchesOutcome(a, f.id)) counts[f.id] += 1;
    return counts;
  }, [all]);
  const shown = useMemo(() => all.filter((a) => matchesOutcome(a, outcome) && matchesFilter(a, search)), [all, outcome, search]);
  const selected = selectedId === undefined ? undefined : all.find((a) => a.exchange.id === selectedId);
  const grouping = useGrouping(shown);
  const fixMarks = useMemo(() => fixHistory(all), [all]);
  // What still needs a fix: failures a later request to the same endpoint passed are history.
  const current = useMemo(() => all.filter((a) => fixMarks.get(a.exchange.id)?.kind !== 'fixed'), [all, fixMarks]);
  const serversToFix = useServersNeedingFix(current);
  const serverFix = useServerFix(fixEngine, current, serverOrigin, browser);
  const openServerFix = useCallback((origin: string) => {
    setSelectedIdRaw(undefined);
    setServerOrigin(origin);
  }, []);

  const onSelect = useCallback((id: string) => setSelectedId(id), []);
  const closeDetail = useCallback(() => {
    setSelectedId(undefined);
    setServerOrigin(undefined);
    listRef.current?.querySelector<HTMLElement>('.list')?.focus();
  }, []);
  const openDetail = useCallback(() => {
    detailRef.current?.querySelector<HTMLElement>('.detail-tabs [role="tab"][aria-selected="true"]')?.focus();
  }, []);
  const onStack = useCallback(
    (id: string) => {
      setPrefs((p) => ({ ...p, stack: id }));
      transport.send({ type: 'set-prefs', prefs: { stack: id } });
    },
    [transport],
  );

  // `/` anywhere but in a text field focuses the search; Esc closes the detail.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '/' && !isTyping(document.activeElement)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && (selectedId !== undefined || serverOrigin !== undefined) && !isTyping(document.activeElement)) {
        e.preventDefault();
        closeDetail();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selectedId, serverOrigin, closeDetail]);

  const runImport = useCallback(
    (file: File) => {
      setImportNote({ kind: 'busy', text: visibleControls(`Reading ${file.name}…`) });
      importFile(file, browser).then(
        (session) => {
          setImported(session);
          setImportNote(undefined);
          setSelectedId(undefined);
        },
        (e: unknown) => setImportNote({ kind: 'error', text: e instanceof ImportError ? e.message : visibleControls(`Could not import ${file.name}: ${String(e)}`) }),
      );
    },
    [browser],
  );

  const onExport = (kind: ExportKind, includeSecrets: boolean) => {
    exportSession(kind, includeSecrets).catch((e: unknown) => setImportNote({ kind: 'error', text: visibleControls(`Export failed: ${String(e)}`) }));
  };
  const exportSession = async (kind: ExportKind, includeSecrets: boolean) => {
    const list: AnalyzedExchange[] = shown;
    // The JSON export is the CLI's schema, fix included: wait for the lazily loaded fix engine.
    const text =
      kind === 'har'
        ? toHarText(list, { includeSecrets, version: EXTENSION_VERSION })
        : kind === 'json'
          ? toJsonReport(list, { includeSecrets, fix: (await loadFixEngine()).reportFix })
          : toMarkdownReport(list, { includeSecrets });
    downloadText(exportFileName(kind, list[0]?.exchange.url), inertExport(kind, text), EXPORT_MIME[kind]);
  };

  const emptyKind: EmptyKind | undefined =
    shown.length > 0 ? undefined : all.length > 0 ? 'filtered' : imported ? 'empty-import' : !state.connected ? 'connecting' : 'no-traffic';

  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

  return (
    <div
      class={`app${selected || serverOrigin !== undefined ? ' with-detail' : ''}${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.relatedTarget === null) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer?.files?.[0];
        if (file) runImport(file);
      }}
    >
      <Toolbar
        preserveLog={state.preserveLog}
        live={!imported}
        search={search}
        outcome={outcome}
        outcomeCounts={outcomeCounts}
        total={all.length}
        shown={shown.length}
        blocked={outcomeCounts.blocked}
        dropped={imported ? 0 : state.dropped}
        droppedHints={imported ? 0 : state.droppedHints}
        searchRef={searchRef}
        pageHooks={prefs.pageHooks === true}
        onPageHooks={(value) => {
          setPrefs((p) => ({ ...p, pageHooks: value }));
          transport.send({ type: 'set-prefs', prefs: { pageHooks: value } });
        }}
        onPreserveLog={(value) => transport.send({ type: 'set-preserve-log', value })}
        onClear={() => {
          setSelectedId(undefined);
          if (imported) setImported(undefined);
          else transport.send({ type: 'clear' });
        }}
        onSearch={setSearch}
        onOutcome={setOutcome}
        onImport={runImport}
        onExport={onExport}
        grouped={grouping.on}
        onGrouped={grouping.setOn}
      />
      {imported && (
        <div class="banner banner-import" data-testid="import-banner" role="status">
          <span>
            Imported <strong>{imported.fileName}</strong>: {imported.exchanges.length} cross-origin request{imported.exchanges.length === 1 ? '' : 's'} from {imported.entries} HAR entr
            {imported.entries === 1 ? 'y' : 'ies'}, analysed as in {browser === 'firefox' ? 'Firefox' : 'Chrome'}.
            {imported.warnings.length > 0 && <span class="banner-warnings" title={imported.warnings.join('\n')}> {imported.warnings.length} warning{imported.warnings.length === 1 ? '' : 's'}: {imported.warnings.join('; ')}</span>}
          </span>
          <button
            type="button"
            class="link-button"
            data-action="close-import"
            onClick={() => {
              setImported(undefined);
              setSelectedId(undefined);
            }}
          >
            Back to live traffic
          </button>
        </div>
      )}
      {importNote && (
        <div class={`banner banner-${importNote.kind}`} data-testid={importNote.kind === 'error' ? 'import-error' : 'import-busy'} role={importNote.kind === 'error' ? 'alert' : 'status'}>
          <span>{importNote.text}</span>
          {importNote.kind === 'error' && (
            <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => setImportNote(undefined)}>
              ×
            </button>
          )}
        </div>
      )}
      {access && !imported && <AccessBanner access={access} view={accessView} browser={browser} />}
      <ServerFixBar fixes={serversToFix} selected={serverOrigin} onSelect={openServerFix} />
      <div class="main" ref={listRef}>
        <div class="list-pane">
          {emptyKind ? (
            <EmptyState
              kind={emptyKind}
              {...(imported ? { fileName: imported.fileName, entries: imported.entries } : {})}
              onShowAll={() => {
                setSearch('');
                setOutcome('all');
              }}
              onImport={() => document.querySelector<HTMLInputElement>('[data-action="import-file"]')?.click()}
            />
          ) : (
            <ExchangeList
              exchanges={grouping.rows}
              selectedId={selectedId}
              onSelect={onSelect}
              onOpen={openDetail}
              onEscape={closeDetail}
              marks={fixMarks}
              groups={grouping.counts && { counts: grouping.counts, expanded: grouping.expanded, toggle: grouping.toggle }}
            />
          )}
        </div>
        {selected && (
          <ExchangeDetail
            analyzed={selected}
            browser={browser}
            tab={tab}
            onTab={setTab}
            stack={prefs.stack ?? DEFAULT_STACK}
            onStack={onStack}
            onClose={closeDetail}
            focusRef={detailRef}
          />
        )}
        {!selected && serverOrigin !== undefined && !serverFix && (
          <section class="detail server-fix" data-testid="server-fix" aria-label="Fix this server">
            <p class="fix-loading">{fixEngine ? 'Nothing left to fix on this server.' : 'Working out the fix…'}</p>
          </section>
        )}
        {!selected && serverFix && fixEngine && (
          <fixEngine.ServerFixView
            fix={serverFix}
            engine={fixEngine}
            stack={prefs.stack ?? DEFAULT_STACK}
            onStack={onStack}
            onClose={closeDetail}
            onSelectExchange={setSelectedId}
            focusRef={detailRef}
          />
        )}
      </div>
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          Drop a HAR file to analyse it
        </div>
      )}
    </div>
  );
}
