/** The right pane: the selected exchange, or the selected server's fix (from the lazy fix chunk). */
import type { AnalyzedExchange, BrowserId } from '../../core/model';
import type { ServerFix } from '../../core/server-fix/servers';
import { ExchangeDetail } from '../ExchangeDetail';
import type { FixEngine } from '../use-fix-engine';
import type { Selection } from './use-selection';

export interface DetailPaneProps {
  selection: Selection;
  selected: AnalyzedExchange | undefined;
  serverFix: ServerFix | undefined;
  fixEngine: FixEngine | undefined;
  browser: BrowserId;
  stack: string;
  onStack(id: string): void;
}

export function DetailPane({ selection, selected, serverFix, fixEngine, browser, stack, onStack }: DetailPaneProps) {
  if (selected) {
    return (
      <ExchangeDetail
        analyzed={selected}
        browser={browser}
        tab={selection.tab}
        onTab={selection.setTab}
        stack={stack}
        onStack={onStack}
        onClose={selection.closeDetail}
        focusRef={selection.detailRef}
      />
    );
  }
  if (selection.serverOrigin === undefined) return null;
  if (!serverFix || !fixEngine) {
    return (
      <section class="detail server-fix" data-testid="server-fix" aria-label="Fix this server">
        <p class="fix-loading">{fixEngine ? 'Nothing left to fix on this server.' : 'Working out the fix…'}</p>
      </section>
    );
  }
  return (
    <fixEngine.ServerFixView
      fix={serverFix}
      engine={fixEngine}
      stack={stack}
      onStack={onStack}
      onClose={selection.closeDetail}
      onSelectExchange={selection.select}
      focusRef={selection.detailRef}
    />
  );
}
