// @vitest-environment happy-dom
/** "Group": identical failures to one endpoint collapse into their newest row with a count. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import type { ToPanel } from '../../../src/shared/protocol';
import { evaluate } from '../../../src/core/evaluate';
import type { AnalyzedExchange } from '../../../src/core/model';
import { App } from '../../../src/panel/App';
import { groupIdentical } from '../../../src/panel/grouping';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import { API, exchange, type ExchangeSpec } from '../core/fixes/build';

afterEach(cleanup);

function at(spec: ExchangeSpec, id: string, startTime: number): AnalyzedExchange {
  const e = { ...exchange(spec), id, startTime };
  return { exchange: e, verdict: evaluate(e) };
}
const noAcao = (n: number) => at({ url: `${API}/api/items?n=${n}`, actual: { status: 200 } }, `f${n}`, 1000 + n);
const other = at({ url: `${API}/api/other`, actual: { status: 200 } }, 'o', 500);

describe('groupIdentical', () => {
  it('keeps one row per group (the newest) with its size, and every other row as it is', () => {
    const list = [noAcao(1), other, noAcao(2), noAcao(3)];
    const g = groupIdentical(list);
    expect(g.rows.map((a) => a.exchange.id)).toEqual(['o', 'f3']);
    expect([...g.counts]).toEqual([['f3', 3]]);
    expect(groupIdentical(list, new Set(['f3'])).rows.map((a) => a.exchange.id)).toEqual(['o', 'f3', 'f1', 'f2']);
  });
});

describe('the Group checkbox', () => {
  it('is off by default; on, the count expands the group on click', async () => {
    const transport = new FakeTransport('default', () => undefined);
    const view = render(<App transport={transport} />);
    await act(() => transport.emit({ type: 'snapshot', tabId: 1, exchanges: [noAcao(1), noAcao(2), other], preserveLog: false, dropped: 0 } as ToPanel));
    await act(async () => void (await loadFixEngine()));
    const rows = () => [...view.container.querySelectorAll<HTMLElement>('tr[data-exchange-id]')].map((r) => r.dataset.exchangeId);
    expect(rows()).toHaveLength(3);
    fireEvent.click(view.container.querySelector('[data-action="group"]')!);
    expect(rows()).toHaveLength(2);
    const count = view.container.querySelector<HTMLElement>('[data-group-count]')!;
    expect(count.textContent).toBe('×2');
    fireEvent.click(count);
    expect(rows()).toHaveLength(3);
  });
});
