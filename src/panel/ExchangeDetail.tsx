/** The selected exchange: verdict, headers, fix and the what-if editor, as tabs. */
import type { Ref } from 'preact';
import type { AnalyzedExchange, BrowserId } from '../core/model';
import { FixView } from './detail/FixView';
import { HeadersView } from './detail/HeadersView';
import { PendingView } from './detail/PendingView';
import { VerdictView } from './detail/VerdictView';
import { WhatIfView } from './detail/WhatIfView';
import { shownUrl } from './display-text';
import { Tabs } from './Tabs';
import { VerdictBadge } from './VerdictBadge';

export type DetailTab = 'verdict' | 'headers' | 'fix' | 'what-if';

export interface ExchangeDetailProps {
  analyzed: AnalyzedExchange;
  browser: BrowserId;
  tab: DetailTab;
  onTab(tab: DetailTab): void;
  stack: string;
  onStack(id: string): void;
  onClose(): void;
  /** The element Enter on the list moves focus to. */
  focusRef?: Ref<HTMLElement>;
}

export function ExchangeDetail({ analyzed, browser, tab, onTab, stack, onStack, onClose, focusRef }: ExchangeDetailProps) {
  const { exchange: e, verdict: v } = analyzed;
  return (
    <section class="detail" aria-label="Request details" data-testid="detail" data-exchange-id={e.id} tabIndex={-1} ref={focusRef as Ref<HTMLElement>}>
      <header class="detail-head">
        <VerdictBadge verdict={v} inFlight={e.inFlight} />
        <span class="detail-method">{e.method}</span>
        <span class="detail-title" title={shownUrl(e.url)}>
          {shownUrl(e.url)}
        </span>
        <button type="button" class="icon-button close" aria-label="Close details" title="Close (Esc)" onClick={() => onClose()}>
          ×
        </button>
      </header>
      <Tabs
        name="detail"
        label="Request details"
        class="detail-tabs"
        selected={tab}
        onSelect={onTab}
        tabs={[
          // In flight, the verdict is not decided yet: no verdict, no fix, until it completes.
          {
            id: 'verdict',
            label: 'Verdict',
            content: e.inFlight ? <PendingView exchange={e} verdict={v} stage={e.inFlight} part="verdict" /> : <VerdictView exchange={e} verdict={v} browser={browser} />,
          },
          { id: 'headers', label: 'Headers', content: <HeadersView exchange={e} verdict={v} /> },
          {
            id: 'fix',
            label: 'Fix',
            content: e.inFlight ? <PendingView exchange={e} verdict={v} stage={e.inFlight} part="fix" /> : <FixView analyzed={analyzed} stack={stack} onStack={onStack} />,
          },
          // Keyed by exchange and shape: another selection (or new hops) starts from what was observed.
          { id: 'what-if', label: 'What if', content: <WhatIfView key={whatIfKey(analyzed)} analyzed={analyzed} browser={browser} /> },
        ]}
      />
    </section>
  );
}

function whatIfKey({ exchange: e }: AnalyzedExchange): string {
  return `${e.id}|${e.hops.map((h) => (h.preflight ? 'p' : '-')).join('')}|${e.actualNeverSent === true}`;
}
