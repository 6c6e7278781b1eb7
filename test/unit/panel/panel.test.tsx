// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import type { ToPanel } from '../../../src/shared/protocol';
import { makeAnalyzed } from './make-analyzed';

afterEach(cleanup);
// The panel fetches its fix-engine chunk after the first render; load it before the environment can go away.
beforeAll(() => loadFixEngine());

function setup(theme: 'default' | 'dark' = 'default') {
  const transport = new FakeTransport(theme);
  const view = render(<App transport={transport} />);
  const emit = (m: ToPanel) => act(() => transport.emit(m));
  const rows = () => [...view.container.querySelectorAll<HTMLElement>('tr[data-exchange-url]')];
  return { transport, view, emit, rows };
}

const blocked = makeAnalyzed({
  id: 'a',
  url: 'http://localhost:9000/no-acao?x=1',
  outcome: 'blocked',
  reason: 'acao-missing',
  corsError: 'MissingAllowOriginHeader',
  summary: 'No Access-Control-Allow-Origin header on the response.',
  chrome: "Access to fetch at 'http://localhost:9000/no-acao?x=1' from origin 'http://127.0.0.1:8000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  firefox: 'Cross-Origin Request Blocked: …',
  explanation: 'The server did not say this origin may read the response.',
  request: { status: 200, error: 'net::ERR_FAILED', responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }] },
  startTime: 2000,
});
const allowed = makeAnalyzed({
  id: 'b',
  method: 'PUT',
  outcome: 'allowed',
  preflight: { status: 204 },
  startTime: 1000,
});

describe('CORS panel', () => {
  it('teaches when empty, after the snapshot', async () => {
    const { emit, view } = setup();
    expect(screen.getByTestId('empty').textContent).toMatch(/Connecting/);
    await emit({ type: 'snapshot', tabId: 7, exchanges: [], preserveLog: false, dropped: 0 });
    expect(screen.getByTestId('empty').textContent).toContain('No cross-origin requests yet');
    expect(screen.getByTestId('empty').textContent).toContain('npm run lab');
    expect(view.container.querySelectorAll('tr[data-exchange-url]')).toHaveLength(0);
  });

  it('one row per exchange with the data attributes the e2e tests read, in time order', async () => {
    const { emit, rows } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [blocked, allowed], preserveLog: false, dropped: 0 });
    const r = rows();
    expect(r.map((x) => x.dataset.exchangeUrl)).toEqual(['http://localhost:9000/api/b', 'http://localhost:9000/no-acao?x=1']);
    expect(r[1]!.dataset).toMatchObject({ outcome: 'blocked', reason: 'acao-missing', corsError: 'MissingAllowOriginHeader' });
    expect(r[0]!.getAttribute('data-cors-error')).toBe('');
    expect(r[0]!.dataset.outcome).toBe('allowed');
    // URL split: origin dimmed, path emphasised.
    expect(r[1]!.querySelector('.url-origin')!.textContent).toBe('http://localhost:9000');
    expect(r[1]!.querySelector('.url-path')!.textContent).toBe('/no-acao?x=1');
    // Preflight / actual status columns and the badge.
    const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells(r[0]!)).toEqual(['PUT', 'http://localhost:9000/api/b', 'http://127.0.0.1:8000', 'allowed', 'OK, preflighted', '204', '200', '']);
    expect(cells(r[1]!)[3]).toBe('blocked');
    expect(screen.getByTestId('counts').textContent).toContain('2 requests');
    expect(screen.getByTestId('counts').textContent).toContain('1 blocked');
  });

  it('applies upsert, remove, state and clear messages', async () => {
    const { emit, rows } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [allowed], preserveLog: false, dropped: 0 });
    await emit({ type: 'upsert', exchanges: [blocked] });
    expect(rows()).toHaveLength(2);
    const changed = makeAnalyzed({ id: 'b', method: 'PUT', outcome: 'blocked', reason: 'preflight-non-ok-status', preflight: { status: 404 }, actualNeverSent: true, startTime: 1000 });
    await emit({ type: 'upsert', exchanges: [changed] });
    expect(rows()).toHaveLength(2);
    expect(rows()[0]!.dataset.reason).toBe('preflight-non-ok-status');
    expect(rows()[0]!.querySelector('.col-actual')!.textContent).toBe('not sent');
    await emit({ type: 'remove', ids: ['ex:a'] });
    expect(rows().map((r) => r.dataset.exchangeId)).toEqual(['ex:b']);
    await emit({ type: 'state', preserveLog: true, dropped: 12 });
    expect((screen.getByRole('checkbox', { name: 'Preserve log' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('counts').textContent).toContain('12 dropped');
    await emit({ type: 'clear', reason: 'navigation' });
    expect(rows()).toHaveLength(0);
  });

  it('options: "Read calls inside the page" is off until turned on, and the choice goes to the background', async () => {
    const { emit, transport, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [blocked], preserveLog: false, dropped: 0 });
    fireEvent.click(view.container.querySelector('[data-action="options"]')!);
    const toggle = screen.getByRole('checkbox', { name: /^Read calls inside the page/ }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(toggle.closest('label')!.textContent).toMatch(/stack frame/);
    fireEvent.click(toggle);
    expect(transport.sent).toContainEqual({ type: 'set-prefs', prefs: { pageHooks: true } });
    expect(toggle.checked).toBe(true);
    expect(view.container.querySelector('[data-action="options"]')!.textContent).toBe('Options (1 on)');
  });

  it('options: "Record in the background" says what it costs where it is turned on', async () => {
    const { emit, transport, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [], preserveLog: false, dropped: 0 });
    fireEvent.click(view.container.querySelector('[data-action="options"]')!);
    const toggle = screen.getByRole('checkbox', { name: /^Record in the background/ }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(toggle.closest('label')!.textContent).toMatch(/cold loads 1\.4× slower, each reload 1\.6×/);
    fireEvent.click(toggle);
    expect(transport.sent).toContainEqual({ type: 'set-prefs', prefs: { backgroundRecording: true } });
  });

  it('failures seen before DevTools opened: listed, with Reload and capture', async () => {
    const { emit, transport, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [], preserveLog: false, dropped: 0 });
    expect(view.container.querySelector('[data-testid="missed-banner"]')).toBeNull();
    const failure = { url: 'http://api.test/x', type: 'xmlhttprequest', method: 'PUT', error: 'net::ERR_FAILED', time: 0 };
    await emit({ type: 'missed', count: 3, listed: [failure] });
    expect(screen.getByTestId('missed-banner').textContent).toContain('3 cross-origin requests failed before DevTools was open');
    fireEvent.click(view.container.querySelector('[data-action="show-missed"]')!);
    expect([...view.container.querySelectorAll<HTMLElement>('[data-missed-url]')].map((e) => e.dataset.missedUrl)).toEqual(['http://api.test/x']);
    expect(screen.getByTestId('missed-list').textContent).toContain('and 2 earlier');
    fireEvent.click(view.container.querySelector('[data-action="reload-and-capture"]')!);
    expect(transport.sent).toContainEqual({ type: 'reload-and-capture' });
    await emit({ type: 'missed', count: 0, listed: [] });
    expect(view.container.querySelector('[data-testid="missed-banner"]')).toBeNull();
  });

  it('toolbar: preserve log and clear go to the background; the filter narrows the list', async () => {
    const { emit, rows, transport, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [blocked, allowed], preserveLog: false, dropped: 0 });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    fireEvent.click(view.container.querySelector('[data-action="clear"]')!);
    expect(transport.sent).toEqual([{ type: 'get-prefs' }, { type: 'set-preserve-log', value: true }, { type: 'clear' }]);
    const filter = view.container.querySelector<HTMLInputElement>('[data-action="filter"]')!;
    fireEvent.input(filter, { target: { value: 'no-acao' } });
    expect(rows().map((r) => r.dataset.exchangeId)).toEqual(['ex:a']);
    expect(screen.getByTestId('counts').textContent).toContain('1 / 2 requests');
    fireEvent.input(filter, { target: { value: 'MissingAllowOrigin' } });
    expect(rows()).toHaveLength(1);
    fireEvent.input(filter, { target: { value: 'nothing-like-this' } });
    expect(screen.getByTestId('empty').textContent).toContain('No requests match');
  });

  it('selecting a row shows the verdict, console messages, explanation and headers; arrows move', async () => {
    const { emit, rows, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [blocked, allowed], preserveLog: false, dropped: 0 });
    fireEvent.click(rows()[1]!);
    const detail = screen.getByTestId('detail');
    expect(screen.getByTestId('summary').textContent).toBe('No Access-Control-Allow-Origin header on the response.');
    expect(detail.textContent).toContain("has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header");
    expect(detail.textContent).toContain('Firefox console');
    expect(detail.textContent).toContain('The server did not say this origin may read the response.');
    expect(detail.textContent).toContain('MissingAllowOriginHeader');
    expect(detail.textContent).toContain('Content-Type');
    expect(detail.textContent).toContain('net::ERR_FAILED');
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(view.container.querySelector('.list')!, { key: 'ArrowUp' });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('detail').textContent).toContain('Preflight: OPTIONS · 204');
    fireEvent.click(screen.getByLabelText('Close details'));
    expect(screen.queryByTestId('detail')).toBeNull();
  });

  it('hostile header values, URLs and messages render as inert text', async () => {
    const evil = '<img src=x onerror="globalThis.__pwned=1"><script>globalThis.__pwned=2</script>';
    const hostile = makeAnalyzed({
      id: 'evil',
      url: `http://localhost:9000/${encodeURIComponent('<b>')}"><svg onload=alert(1)>`,
      outcome: 'blocked',
      reason: evil,
      corsError: evil,
      summary: evil,
      chrome: evil,
      explanation: evil,
      initiatorOrigin: evil,
      request: { status: 200, requestHeaders: [{ name: evil, value: evil }], responseHeaders: [{ name: 'X', value: evil.repeat(2000) }] },
    });
    const { emit, rows, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [hostile], preserveLog: false, dropped: 0 });
    fireEvent.click(rows()[0]!);
    expect(view.container.querySelector('img, script, svg, b')).toBeNull();
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
    expect(rows()[0]!.dataset.reason).toBe(evil);
    expect(screen.getByTestId('detail').textContent).toContain(evil);
  });

  it('bidi controls in URLs and headers are shown as markers; 100 KB values are clipped; attributes keep the raw URL', async () => {
    const url = 'http://localhost:9000/files/\u202Egpj.exe?q=עברית';
    const hostile = makeAnalyzed({
      id: 'rtl',
      url,
      outcome: 'blocked',
      reason: 'acao-missing',
      request: { status: 200, responseHeaders: [{ name: 'X-Big', value: 'é'.repeat(100_000) }, { name: 'X-Rtl', value: 'abc\u2067def' }] },
    });
    const { emit, rows, view } = setup();
    await emit({ type: 'snapshot', tabId: 7, exchanges: [hostile], preserveLog: false, dropped: 0 });
    const row = rows()[0]!;
    expect(row.dataset.exchangeUrl).toBe(url);
    expect(row.querySelector('.col-url')!.textContent).toBe('http://localhost:9000/files/⟨U+202E⟩gpj.exe?q=עברית');
    fireEvent.click(row);
    const detail = screen.getByTestId('detail');
    const raw = /[\u202E\u2067]/.exec(detail.textContent!);
    expect(raw ? detail.textContent!.slice(Math.max(0, raw.index - 80), raw.index + 20) : null).toBeNull();
    expect(detail.textContent).toContain('abc⟨U+2067⟩def');
    expect(detail.textContent).toContain('(98,000 more characters)');
    expect(view.container.textContent!.length).toBeLessThan(60_000);
  });

  it('follows the DevTools theme', async () => {
    const { transport } = setup('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await act(() => transport.setTheme('default'));
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});

describe('warning badge', () => {
  it('an allowed exchange with a warning shows the warning, keeps data-outcome="allowed"', async () => {
    const warned = makeAnalyzed({ id: 'w', warnings: [{ id: 'max-age-zero', severity: 'warning', message: 'Every request pays for a preflight.' }] });
    const info = makeAnalyzed({ id: 'i', startTime: 2000, warnings: [{ id: 'note', severity: 'info', message: 'FYI' }] });
    const { emit, rows } = setup();
    await emit({ type: 'snapshot', tabId: 1, exchanges: [warned, info], preserveLog: false, dropped: 0 });
    const [w, i] = rows();
    expect(w!.dataset.outcome).toBe('allowed');
    expect(w!.querySelector('.badge')!.textContent).toBe('warning');
    // The cause in a few words; the whole sentence is the tooltip.
    expect(w!.querySelector('.col-reason')!.textContent).toBe('Every request pays for a preflight.');
    expect(w!.querySelector('.col-reason')!.getAttribute('title')).toBe('Every request pays for a preflight.');
    expect(i!.querySelector('.badge')!.textContent).toBe('allowed');
    expect(i!.querySelector('.col-reason')!.textContent).toBe('OK');
    expect(i!.querySelector('.col-reason')!.getAttribute('title')).toBe('summary of i');
  });
});
