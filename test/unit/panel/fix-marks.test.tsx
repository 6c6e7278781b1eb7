// @vitest-environment happy-dom
/** "Fixed ✓" in the list: the failure says when a later request passed, and links to it. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import type { ToPanel } from '../../../src/shared/protocol';
import { evaluate } from '../../../src/core/evaluate';
import type { AnalyzedExchange } from '../../../src/core/model';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import { clockText } from '../../../src/panel/format';
import { API, PAGE, exchange, type ExchangeSpec } from '../core/fixes/build';

afterEach(cleanup);

function at(spec: ExchangeSpec, id: string, startTime: number): AnalyzedExchange {
  const e = { ...exchange(spec), id, startTime };
  return { exchange: e, verdict: evaluate(e) };
}

describe('fixed ✓ marks', () => {
  it('marks the blocked row fixed with the time, the passing row links back, and a click selects the other', async () => {
    const failed = at({ url: `${API}/api/items?n=1`, actual: { status: 200 } }, 'old', Date.UTC(2026, 11, 5, 9, 0, 0));
    const passed = at({ url: `${API}/api/items?n=2`, actual: { status: 200, headers: [['Access-Control-Allow-Origin', PAGE], ['Vary', 'Origin']] } }, 'new', Date.UTC(2026, 11, 5, 9, 5, 0));
    const transport = new FakeTransport('default', () => undefined);
    const view = render(<App transport={transport} />);
    await act(() => transport.emit({ type: 'snapshot', tabId: 1, exchanges: [failed, passed], preserveLog: true, dropped: 0 } as ToPanel));
    // The panel fetches its fix engine chunk after the first paint; let it arrive inside the test.
    await act(async () => void (await loadFixEngine()));
    const row = (id: string) => view.container.querySelector<HTMLElement>(`tr[data-exchange-id="${id}"]`)!;
    expect(row('old').dataset).toMatchObject({ outcome: 'blocked', fixMark: 'fixed' });
    expect(row('old').querySelector('.fix-mark')!.textContent).toBe(`fixed ✓ ${clockText(passed.exchange.startTime).slice(0, 8)}`);
    expect(row('new').dataset).toMatchObject({ outcome: 'allowed', fixMark: 'now-passes' });
    fireEvent.click(row('old').querySelector('.fix-mark')!);
    expect(screen.getByTestId('detail').dataset.exchangeId).toBe('new');
    fireEvent.click(row('new').querySelector('.fix-mark')!);
    expect(screen.getByTestId('detail').dataset.exchangeId).toBe('old');
  });
});
