/** The CORS panel. Gets everything through a PanelTransport; never calls the extension API. */
import { useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import type { ToPanel } from '../background/protocol';
import { EmptyState } from './EmptyState';
import { ExchangeDetail } from './ExchangeDetail';
import { ExchangeList } from './ExchangeList';
import { matchesFilter } from './format';
import { applyMessage, initialPanelState } from './state';
import { Toolbar } from './Toolbar';
import type { PanelTransport, Theme } from './transport';

export function App({ transport }: { transport: PanelTransport }) {
  const [state, dispatch] = useReducer(applyMessage, initialPanelState);
  const [filter, setFilter] = useState('');
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [theme, setTheme] = useState<Theme>(() => transport.theme());

  useEffect(() => transport.subscribe((m: ToPanel) => dispatch(m)), [transport]);
  useEffect(() => transport.onThemeChange(setTheme), [transport]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
  }, [theme]);

  const shown = useMemo(() => state.exchanges.filter((a) => matchesFilter(a, filter)), [state.exchanges, filter]);
  const blocked = useMemo(() => state.exchanges.filter((a) => a.verdict.outcome === 'blocked').length, [state.exchanges]);
  const selected = selectedId === undefined ? undefined : state.exchanges.find((a) => a.exchange.id === selectedId);

  return (
    <div class={`app${selected ? ' with-detail' : ''}`}>
      <Toolbar
        preserveLog={state.preserveLog}
        filter={filter}
        total={state.exchanges.length}
        shown={shown.length}
        blocked={blocked}
        dropped={state.dropped}
        onPreserveLog={(value) => transport.send({ type: 'set-preserve-log', value })}
        onClear={() => {
          setSelectedId(undefined);
          transport.send({ type: 'clear' });
        }}
        onFilter={setFilter}
      />
      <div class="main">
        {shown.length === 0 ? (
          <EmptyState connected={state.connected} filtered={state.exchanges.length > 0} />
        ) : (
          <ExchangeList exchanges={shown} selectedId={selectedId} onSelect={setSelectedId} />
        )}
        {selected && <ExchangeDetail analyzed={selected} onClose={() => setSelectedId(undefined)} />}
      </div>
    </div>
  );
}
