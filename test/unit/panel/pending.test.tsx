// @vitest-environment happy-dom
/**
 * A request still in flight is shown as pending — badge, reason, `data-outcome="pending"`, no
 * verdict and no fix in the detail — and turns into its real verdict when it completes. The
 * exchanges come from the real path: webRequest events → Recorder/TabStore (which marks what is in
 * flight) → the panel.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { analyze } from '../../../src/core/analyze';
import type { AnalyzedExchange, Observation } from '../../../src/core/model';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import type { ToPanel } from '../../../src/shared/protocol';
import { Recorder, type RecorderListener } from '../../../src/background/recorder';
import type { TabChanges } from '../../../src/background/tab-store';
import { inFlightStage } from '../../../src/core/pairing/in-flight';
import type { WebRequestDetails, WebRequestEventName } from '../../../src/sources/webrequest';
import { makeAnalyzed } from './make-analyzed';

afterEach(cleanup);
beforeAll(() => loadFixEngine());

const TAB = 3;
const PAGE = 'http://page.test';
type Event = [WebRequestEventName, WebRequestDetails];

/** Forwards the recorder's changes as the background would, to a panel under test. */
class ToPanelListener implements RecorderListener {
  constructor(private readonly send: (m: ToPanel) => void) {}
  changed(_tab: number, c: TabChanges): void {
    if (c.upserts.length > 0) this.send({ type: 'upsert', exchanges: c.upserts });
    if (c.removedIds.length > 0) this.send({ type: 'remove', ids: c.removedIds });
  }
  cleared(): void {}
  status(): void {}
}

function setup() {
  const transport = new FakeTransport('default');
  const view = render(<App transport={transport} />);
  const emit = (m: ToPanel) => act(() => transport.emit(m));
  const recorder = new Recorder((obs: Observation[]) => analyze(obs, { browser: 'chrome' }), new ToPanelListener((m) => transport.emit(m)));
  const send = (events: Event[]) => act(() => events.forEach(([ev, d]) => recorder.handle(ev, d)));
  const row = () => view.container.querySelector<HTMLElement>('tr[data-exchange-url]')!;
  const cells = () => [...row().querySelectorAll('td')].map((td) => td.textContent);
  return { emit, send, row, cells, recorder };
}

const base = (id: string, method: string, url: string) => ({ requestId: id, url, method, type: 'xmlhttprequest', tabId: TAB, frameId: 0, initiator: PAGE });

/** A preflighted PUT the server allows, event by event as Chromium reports it. */
function preflightedPut(url: string): { start: Event[]; preflightDone: Event[]; done: Event[] } {
  const actual = base('10', 'PUT', url);
  const pre = base('10p', 'OPTIONS', url);
  const allow = [
    { name: 'Access-Control-Allow-Origin', value: PAGE },
    { name: 'Access-Control-Allow-Methods', value: 'PUT' },
  ];
  return {
    start: [
      ['onBeforeRequest', { ...actual, timeStamp: 100 }],
      ['onBeforeRequest', { ...pre, timeStamp: 101 }],
      ['onSendHeaders', { ...pre, timeStamp: 102, requestHeaders: [{ name: 'Origin', value: PAGE }, { name: 'Access-Control-Request-Method', value: 'PUT' }] }],
    ],
    preflightDone: [
      ['onHeadersReceived', { ...pre, timeStamp: 110, statusCode: 204, statusLine: 'HTTP/1.1 204 No Content', responseHeaders: allow }],
      ['onCompleted', { ...pre, timeStamp: 111, statusCode: 204, statusLine: 'HTTP/1.1 204 No Content', responseHeaders: allow }],
      ['onSendHeaders', { ...actual, timeStamp: 112, requestHeaders: [{ name: 'Origin', value: PAGE }] }],
    ],
    done: [
      ['onHeadersReceived', { ...actual, timeStamp: 120, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }] }],
      ['onCompleted', { ...actual, timeStamp: 121, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: PAGE }] }],
    ],
  };
}

describe('an exchange in flight', () => {
  it('shows pending while the preflight is out, then while the response is awaited, then its verdict', async () => {
    const { emit, send, row, cells } = setup();
    await emit({ type: 'snapshot', tabId: TAB, exchanges: [], preserveLog: false, dropped: 0 });
    const url = 'http://api.test/put';
    const put = preflightedPut(url);

    await send(put.start);
    expect(row().dataset).toMatchObject({ exchangeUrl: url, outcome: 'pending', inFlight: 'preflight' });
    expect(row().classList.contains('outcome-pending')).toBe(true);
    expect(cells()[3]).toBe('pending');
    expect(cells()[4]).toBe('Preflight sent, waiting for its response');
    expect(row().querySelector('.badge-pending')).not.toBeNull();

    await send(put.preflightDone);
    expect(row().dataset).toMatchObject({ outcome: 'pending', inFlight: 'response' });
    expect(cells()[4]).toBe('Waiting for the response');
    expect(cells()[5]).toBe('204'); // the preflight's status is already known

    await send(put.done);
    expect(row().dataset.outcome).toBe('allowed');
    expect(row().dataset.inFlight).toBeUndefined();
    expect(row().dataset.reason).toBe('ok');
    expect(['allowed', 'warning']).toContain(cells()[3]); // "warning" when the evaluator adds one
    expect(cells()[4]).not.toMatch(/waiting/i);
    expect(row().querySelector('.badge-pending')).toBeNull();
  });

  it('a blocked request becomes blocked with its reason once its last event arrives', async () => {
    const { emit, send, row } = setup();
    await emit({ type: 'snapshot', tabId: TAB, exchanges: [], preserveLog: false, dropped: 0 });
    const d = base('20', 'GET', 'http://api.test/no-acao');
    await send([
      ['onBeforeRequest', { ...d, timeStamp: 1 }],
      ['onSendHeaders', { ...d, timeStamp: 2, requestHeaders: [{ name: 'Origin', value: PAGE }] }],
    ]);
    expect(row().dataset.outcome).toBe('pending');
    expect(row().dataset.corsError).toBe('');
    await send([
      ['onHeadersReceived', { ...d, timeStamp: 3, statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [] }],
      ['onErrorOccurred', { ...d, timeStamp: 4, error: 'net::ERR_FAILED' }],
    ]);
    expect(row().dataset).toMatchObject({ outcome: 'blocked', reason: 'acao-missing', corsError: 'MissingAllowOriginHeader' });
  });

  it('the detail shows no verdict and no fix until it completes; headers seen so far stay visible', async () => {
    const { emit, send, row } = setup();
    await emit({ type: 'snapshot', tabId: TAB, exchanges: [], preserveLog: false, dropped: 0 });
    const put = preflightedPut('http://api.test/put');
    await send([...put.start, ...put.preflightDone]);
    fireEvent.click(row());
    const detail = screen.getByTestId('detail');
    expect(detail.querySelector('.detail-head .badge')!.textContent).toBe('pending');
    expect(screen.getByTestId('summary').textContent).toBe('Pending: waiting for the response.');
    expect(screen.getByTestId('pending-verdict')).not.toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Fix' }));
    expect(screen.getByTestId('pending-fix')).not.toBeNull();
    expect(screen.getByTestId('detail').querySelector('[data-fix-kind]')).toBeNull();
    expect(screen.getByTestId('detail').textContent).toContain('The fix appears once the browser has finished this request');
    fireEvent.click(screen.getByRole('tab', { name: 'Headers' }));
    expect(screen.getByTestId('detail').textContent).toContain('Access-Control-Request-Method');

    await send(put.done);
    expect(['allowed', 'warning']).toContain(screen.getByTestId('detail').querySelector('.detail-head .badge')!.textContent);
    expect(screen.queryByTestId('pending-verdict')).toBeNull();
    expect(screen.queryByTestId('pending-fix')).toBeNull();
    expect(screen.getByTestId('summary').textContent).not.toMatch(/pending/i);
  });

  it('a finished exchange whose evaluator verdict is unknown keeps data-outcome="unknown"', async () => {
    const { emit, row } = setup();
    const finishedUnknown: AnalyzedExchange = makeAnalyzed({ id: 'u', outcome: 'unknown', reason: 'unknown', request: { status: undefined, endTime: 5 } });
    await emit({ type: 'snapshot', tabId: TAB, exchanges: [finishedUnknown], preserveLog: false, dropped: 0 });
    expect(row().dataset.outcome).toBe('unknown');
    expect(row().querySelector('.badge')!.textContent).toBe('unknown');
  });

  it('the search box finds pending rows by their badge', async () => {
    const { emit, send, row, recorder } = setup();
    await emit({ type: 'snapshot', tabId: TAB, exchanges: [], preserveLog: false, dropped: 0 });
    await send(preflightedPut('http://api.test/put').start);
    expect(recorder.tab(TAB)!.list()[0]!.exchange.inFlight).toBe('preflight');
    const search = screen.getByRole('searchbox');
    fireEvent.input(search, { target: { value: 'pending' } });
    expect(row()).not.toBeNull();
  });
});

describe('inFlightStage', () => {
  const ex = (request: Partial<Observation>, preflight?: Partial<Observation>, extra: { actualNeverSent?: boolean } = {}) => {
    const a = makeAnalyzed({ id: 'x', request: { status: undefined, ...request }, ...(preflight ? { preflight } : {}), ...extra });
    return inFlightStage(a.exchange);
  };
  it('waits for the response until a status, an error or the end arrives', () => {
    expect(ex({})).toBe('response');
    expect(ex({ status: 200 })).toBeUndefined();
    expect(ex({ error: 'net::ERR_FAILED' })).toBeUndefined();
    expect(ex({ endTime: 9 })).toBeUndefined();
  });
  it('waits for the preflight while it is out; a failed preflight ends the exchange', () => {
    expect(ex({}, {})).toBe('preflight');
    expect(ex({}, { status: 204, endTime: 5 })).toBe('response');
    expect(ex({}, { status: 404, endTime: 5 }, { actualNeverSent: true })).toBeUndefined();
  });
});
