// @vitest-environment happy-dom
/**
 * "Fix this server" in the panel, as a user drives it: the bar names the server with its blocked
 * count, a click opens the merged fix with the evaluator's proof (✓ per exchange), the snippet
 * follows the remembered stack and copies, and a click on a checked exchange opens its detail.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import type { FromPanel, ToPanel } from '../../../src/shared/protocol';
import { fixHistory } from '../../../src/core/fix-history';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import { analyzedFixture } from './fixtures';

afterEach(cleanup);

const chrome = analyzedFixture('chrome-basic.har');
const API = 'http://localhost:45001';

async function open(stack?: string) {
  const prefs: { stack?: string } = stack ? { stack } : {};
  const transport = new FakeTransport('default', (m: FromPanel, t) => {
    if (m.type === 'get-prefs') queueMicrotask(() => t.emit({ type: 'prefs', prefs: { ...prefs } }));
    if (m.type === 'set-prefs') Object.assign(prefs, m.prefs);
  });
  const view = render(<App transport={transport} />);
  await act(() => transport.emit({ type: 'snapshot', tabId: 3, exchanges: chrome, preserveLog: false, dropped: 0 } as ToPanel));
  await act(async () => void (await loadFixEngine()));
  const $ = (sel: string) => view.container.querySelector<HTMLElement>(sel);
  const $$ = (sel: string) => [...view.container.querySelectorAll<HTMLElement>(sel)];
  return { view, $, $$, prefs };
}

describe('Fix this server', () => {
  it('names the server with its blocked count and opens the merged, proven fix', async () => {
    const p = await open('express');
    // Failures a later request to the same endpoint passed (the fixture's /burst) are history.
    const marks = fixHistory(chrome);
    const blocked = chrome.filter((a) => a.verdict.outcome === 'blocked' && a.exchange.url.startsWith(API) && marks.get(a.exchange.id)?.kind !== 'fixed').length;
    expect(blocked).toBeLessThan(chrome.filter((a) => a.verdict.outcome === 'blocked').length);
    const button = p.$(`[data-action="fix-server"][data-origin="${API}"]`)!;
    expect(button.textContent).toBe(`${API} ${blocked} blocked`);
    fireEvent.click(button);
    await waitFor(() => expect(p.$('[data-testid="server-fix-verified"]')).not.toBeNull());
    const verified = p.$('[data-testid="server-fix-verified"]')!;
    expect(verified.dataset.broken).toBe('0');
    expect(verified.dataset.pass).toBe(verified.dataset.of);
    expect(Number(verified.dataset.of)).toBeGreaterThanOrEqual(blocked);
    expect(verified.textContent).toMatch(/^✓ \d+ of \d+ pass under this policy, none that passed breaks$/);
    const checks = p.$$('[data-testid="server-fix-checks"] li');
    expect(checks.length).toBe(Number(verified.dataset.of));
    expect(checks.every((li) => li.dataset.passes === 'true')).toBe(true);
    // The remembered stack, one snippet for the whole server, with the page's exact origin.
    const snippet = p.$('[data-testid="server-fix-snippet"]')!;
    expect(snippet.dataset.stack).toBe('express');
    expect(snippet.textContent).toContain("'http://127.0.0.1:45000'");
    expect(snippet.textContent).not.toContain('s3cr3t-token');
  });

  it('copies the snippet, and a checked exchange opens its own detail', async () => {
    const p = await open();
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fireEvent.click(p.$(`[data-action="fix-server"][data-origin="${API}"]`)!);
    await waitFor(() => expect(p.$('[data-testid="copy-server-fix"]')).not.toBeNull());
    fireEvent.click(p.$('[data-testid="copy-server-fix"]')!);
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0]![0]).toBe(p.$('[data-testid="server-fix-snippet"]')!.textContent);
    fireEvent.click(p.$$('[data-testid="server-fix-checks"] li button')[0]!);
    expect(p.$('[data-testid="server-fix"]')).toBeNull();
    expect(p.$('[data-testid="detail"]')).not.toBeNull();
  });
});
