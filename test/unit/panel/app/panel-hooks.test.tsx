// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { useListView } from '../../../../src/panel/app/use-list-view';
import { usePanelState } from '../../../../src/panel/app/use-panel-state';
import { useSelection } from '../../../../src/panel/app/use-selection';
import { FakeTransport } from '../../../../src/panel/transport';
import { makeAnalyzed } from '../make-analyzed';

describe('panel state hooks', () => {
  it('usePanelState: prefs arrive from the background and a change is sent back at once', () => {
    const transport = new FakeTransport();
    const { result } = renderHook(() => usePanelState(transport));
    expect(transport.sent).toContainEqual({ type: 'get-prefs' });
    act(() => transport.emit({ type: 'prefs', prefs: { stack: 'express' } }));
    expect(result.current.prefs).toEqual({ stack: 'express' });
    act(() => result.current.setPref('pageHooks', true));
    expect(result.current.prefs).toEqual({ stack: 'express', pageHooks: true });
    expect(transport.sent).toContainEqual({ type: 'set-prefs', prefs: { pageHooks: true } });
  });

  it('usePanelState: every other message goes to the list state', () => {
    const transport = new FakeTransport();
    const { result } = renderHook(() => usePanelState(transport));
    act(() => transport.emit({ type: 'snapshot', tabId: 3, exchanges: [makeAnalyzed({ id: 'a' })], preserveLog: true, dropped: 0 }));
    expect(result.current.state.connected).toBe(true);
    expect(result.current.state.exchanges).toHaveLength(1);
    expect(result.current.prefs).toEqual({});
  });

  it('useListView: counts per outcome over everything, shows what matches filter and search', () => {
    const all = [makeAnalyzed({ id: 'a', url: 'http://api.test/a' }), makeAnalyzed({ id: 'b', url: 'http://api.test/b', outcome: 'allowed' })];
    const { result } = renderHook(() => useListView(all));
    expect(result.current.outcomeCounts.all).toBe(2);
    act(() => result.current.setSearch('/b'));
    expect(result.current.shown.map((a) => a.exchange.url)).toEqual(['http://api.test/b']);
    act(() => result.current.showAll());
    expect(result.current.shown).toHaveLength(2);
  });

  it('useSelection: an exchange and a server fix exclude each other', () => {
    const { result } = renderHook(() => useSelection());
    act(() => result.current.openServerFix('http://api.test'));
    expect(result.current.serverOrigin).toBe('http://api.test');
    act(() => result.current.select('x1'));
    expect(result.current).toMatchObject({ selectedId: 'x1', serverOrigin: undefined });
    act(() => result.current.openServerFix('http://api.test'));
    expect(result.current).toMatchObject({ selectedId: undefined, serverOrigin: 'http://api.test' });
    act(() => result.current.closeDetail());
    expect(result.current).toMatchObject({ selectedId: undefined, serverOrigin: undefined });
  });
});
