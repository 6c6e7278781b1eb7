// @vitest-environment happy-dom
/**
 * The panel's workflows on real analysed exchanges (chrome-basic.har): verdict and console
 * messages, marked headers, the fix with a remembered stack and a working Copy, the what-if
 * editor, import / export, and a 10,000-row list.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import type { FromPanel, ToPanel } from '../../../src/shared/protocol';
import type { AnalyzedExchange } from '../../../src/core/model';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { loadFixEngine } from '../../../src/panel/use-fix-engine';
import { FULL_RENDER_LIMIT } from '../../../src/panel/virtual-range';
import { analyzedFixture, byReason, harText } from './fixtures';

afterEach(cleanup);

const chrome = analyzedFixture('chrome-basic.har');

/** A fake background that remembers prefs like the real one (storage.local). */
function setup(exchanges: AnalyzedExchange[] = chrome, stored: { stack?: string } = {}) {
  const prefs = { ...stored };
  const transport = new FakeTransport('default', (m: FromPanel, t) => {
    if (m.type === 'get-prefs') queueMicrotask(() => t.emit({ type: 'prefs', prefs: { ...prefs } }));
    if (m.type === 'set-prefs') {
      Object.assign(prefs, m.prefs);
      queueMicrotask(() => t.emit({ type: 'prefs', prefs: { ...prefs } }));
    }
  });
  const view = render(<App transport={transport} />);
  const emit = (m: ToPanel) => act(() => transport.emit(m));
  const $ = <E extends Element = HTMLElement>(sel: string) => view.container.querySelector<E>(sel);
  const $$ = (sel: string) => [...view.container.querySelectorAll<HTMLElement>(sel)];
  const rows = () => $$('tr[data-exchange-url]');
  const select = (reason: string) => fireEvent.click(rows().find((r) => r.dataset.reason === reason)!);
  const tab = (id: string) => fireEvent.click($(`.detail-tabs [data-tab="${id}"]`)!);
  const ready = async () => {
    await emit({ type: 'snapshot', tabId: 3, exchanges, preserveLog: false, dropped: 0 });
    // The fix engine is a lazily loaded chunk; have it in before the tests look at fixes.
    await act(async () => void (await loadFixEngine()));
  };
  return { transport, view, emit, $, $$, rows, select, tab, ready, prefs };
}

describe('detail: the verdict', () => {
  it('shows the verdict in one sentence, the timeline, the exact console message per browser', async () => {
    const p = setup();
    await p.ready();
    const a = byReason(chrome, 'preflight-header-not-allowed');
    p.select('preflight-header-not-allowed');
    expect(screen.getByTestId('summary').textContent).toBe(a.verdict.summary);
    const steps = p.$$('.timeline .step').map((s) => s.textContent);
    expect(steps).toEqual(['PreflightOPTIONS 204 No Content/missing-header', 'RequestGET not sent/missing-header']);
    expect(p.$('.timeline .step-bad')!.dataset.step).toBe('0p');
    const messages = p.$$('.console-text').map((e) => [e.dataset.browser, e.textContent]);
    expect(messages).toEqual([
      ['chrome', a.verdict.messages.chrome],
      ['firefox', a.verdict.messages.firefox],
      ['safari', a.verdict.messages.safari],
    ]);
    // Chrome's tab is shown; the others are one click away.
    expect(p.$('#console-panel-chrome')!.hidden).toBe(false);
    expect(p.$('#console-panel-firefox')!.hidden).toBe(true);
    fireEvent.click(p.$('[data-tab="firefox"]')!);
    expect(p.$('#console-panel-firefox')!.hidden).toBe(false);
    expect(p.$('.explanation')!.textContent).toContain(a.verdict.explanation);
    expect(p.$('[data-link="spec"]')!.getAttribute('href')).toMatch(/^https:\/\/fetch\.spec\.whatwg\.org\/#/);
    expect(p.$('[data-link="mdn"]')!.getAttribute('href')).toContain('CORSMissingAllowHeaderFromPreflight');
  });

  it("says under the Safari text that its \"Failed to load resource\" line exists only in Web Inspector", async () => {
    const p = setup();
    await p.ready();
    p.select('preflight-header-not-allowed');
    const safariPanel = p.$('#console-panel-safari')!;
    expect(safariPanel.querySelector('.console-text')!.textContent).toContain('\nFailed to load resource: ');
    expect(safariPanel.querySelector('.console-note')!.textContent).toContain("appears only in Safari's Web Inspector console");
    expect(p.$('#console-panel-chrome .console-note')).toBeNull();
  });

  it('headers: the offending header is marked with the expected value; a missing one gets its own row', async () => {
    const p = setup();
    await p.ready();
    p.select('preflight-header-not-allowed');
    p.tab('headers');
    const bad = p.$$('tr.mark-bad');
    expect(bad.map((r) => r.querySelector('th')!.textContent)).toEqual(['Access-Control-Allow-Headers']);
    expect(bad[0]!.textContent).toContain('x-custom not listed');
    expect(bad[0]!.querySelector('.expected')!.textContent).toBe('x-custom');

    p.select('acao-missing');
    const missing = p.$$('tr[data-marked="missing"]');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.textContent).toContain('access-control-allow-origin(missing)');
    expect(missing[0]!.textContent).toContain('expected http://127.0.0.1:45000');
  });

  it('keyboard: / focuses the search, arrows move, Enter enters the detail, Esc closes it', async () => {
    const p = setup();
    await p.ready();
    fireEvent.keyDown(document, { key: '/' });
    expect(document.activeElement).toBe(p.$('[data-action="filter"]'));
    const list = p.$('.list')!;
    list.focus();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(p.$('tr[aria-selected="true"]')!.dataset.exchangeUrl).toBe(chrome[1]!.exchange.url);
    fireEvent.keyDown(list, { key: 'End' });
    expect(p.$('tr[aria-selected="true"]')!.dataset.exchangeUrl).toBe(chrome.at(-1)!.exchange.url);
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(document.activeElement?.getAttribute('role')).toBe('tab');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('detail')).toBeNull();
  });
});

describe('detail: the fix', () => {
  let copied: string[];
  beforeEach(() => {
    copied = [];
    // happy-dom has no clipboard: record what the hidden textarea held when copy ran.
    (document as unknown as { execCommand: (c: string) => boolean }).execCommand = vi.fn((command: string) => {
      const area = document.querySelector<HTMLTextAreaElement>('body > textarea[readonly]');
      if (command === 'copy' && area) copied.push(area.value.slice(area.selectionStart, area.selectionEnd));
      return command === 'copy';
    });
  });

  it('shows the header diff per response, the snippet for the remembered stack, and copies it (redacted)', async () => {
    const p = setup(chrome, { stack: 'express' });
    await p.ready();
    p.select('acao-missing');
    p.tab('fix');
    expect(p.$<HTMLSelectElement>('[data-action="stack"]')!.value).toBe('express');
    const snippet = screen.getByTestId('fix-snippet');
    expect(snippet.dataset.stack).toBe('express');
    expect(snippet.textContent).toContain('http://127.0.0.1:45000');
    const diff = p.$$('[data-testid="fix-diff"] tr').map((r) => `${r.dataset.actionKind} ${r.dataset.header}`);
    expect(diff).toContain('add Access-Control-Allow-Origin');
    // The request URL carried ?token=s3cr3t-token: neither the curl command nor a copy shows it.
    expect(screen.getByTestId('curl').textContent).not.toContain('s3cr3t-token');

    fireEvent.click(screen.getByTestId('copy-fix'));
    await waitFor(() => expect(screen.getByTestId('copy-fix').textContent).toContain('Copied'));
    expect(copied).toEqual([snippet.textContent]);
    expect(p.$('.copy-status')!.textContent).toContain('Copied');
    fireEvent.click(screen.getByTestId('copy-curl'));
    await waitFor(() => expect(copied).toHaveLength(2));
    expect(copied[1]).toContain('curl');
    expect(copied[1]).not.toContain('s3cr3t-token');
  });

  it('switching stacks re-renders the snippet and is remembered through the background', async () => {
    const p = setup();
    await p.ready();
    p.select('acao-missing');
    p.tab('fix');
    expect(screen.getByTestId('fix-snippet').dataset.stack).toBe('http-headers');
    fireEvent.change(p.$('[data-action="stack"]')!, { target: { value: 'nginx' } });
    expect(screen.getByTestId('fix-snippet').dataset.stack).toBe('nginx');
    expect(screen.getByTestId('fix-snippet').textContent).toContain('add_header');
    expect(p.transport.sent).toContainEqual({ type: 'set-prefs', prefs: { stack: 'nginx' } });
    expect(p.prefs.stack).toBe('nginx');
    // A new panel (another DevTools session) starts with the remembered stack.
    cleanup();
    const again = setup(chrome, p.prefs);
    await again.ready();
    again.select('acao-missing');
    again.tab('fix');
    expect(screen.getByTestId('fix-snippet').dataset.stack).toBe('nginx');
  });

  it('falls back to the async clipboard API when execCommand is refused', async () => {
    (document as unknown as { execCommand: () => boolean }).execCommand = () => false;
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const p = setup();
    await p.ready();
    p.select('acao-missing');
    p.tab('fix');
    fireEvent.click(screen.getByTestId('copy-fix'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(screen.getByTestId('fix-snippet').textContent));
    await waitFor(() => expect(screen.getByTestId('copy-fix').textContent).toContain('Copied'));
  });
});

describe('detail: what if', () => {
  it('editing the actual response flips the verdict to allowed; reset returns to what was observed', async () => {
    const p = setup();
    await p.ready();
    p.select('acao-missing');
    p.tab('what-if');
    const verdict = () => screen.getByTestId('whatif-verdict');
    expect(verdict().dataset.outcome).toBe('blocked');
    const editor = p.$('[data-response="0:actual"]')!;
    fireEvent.click(editor.querySelector('[data-action="add-header"]')!);
    const names = editor.querySelectorAll<HTMLInputElement>('[data-field="name"]');
    const values = editor.querySelectorAll<HTMLInputElement>('[data-field="value"]');
    fireEvent.input(names[names.length - 1]!, { target: { value: 'Access-Control-Allow-Origin' } });
    expect(verdict().dataset.outcome).toBe('blocked');
    fireEvent.input(values[values.length - 1]!, { target: { value: 'http://127.0.0.1:45000' } });
    expect(verdict().dataset.outcome).toBe('allowed');
    expect(verdict().textContent).toContain('(was blocked)');
    // The list still says what the browser did.
    expect(p.rows().find((r) => r.dataset.reason === 'acao-missing')!.dataset.outcome).toBe('blocked');
    fireEvent.click(p.$('[data-action="reset"]')!);
    expect(verdict().dataset.outcome).toBe('blocked');
  });

  it('"Apply the suggested fix" makes a failed preflight pass; the credentials mode can be tried', async () => {
    const p = setup();
    await p.ready();
    p.select('preflight-non-ok-status');
    p.tab('what-if');
    fireEvent.click(p.$('[data-action="apply-fix"]')!);
    expect(screen.getByTestId('whatif-verdict').dataset.outcome).toBe('allowed');
    expect(p.$<HTMLInputElement>('[data-response="0:preflight"] [data-field="status"]')!.value).toBe('204');

    p.select('acao-wildcard-with-credentials');
    const mode = p.$<HTMLSelectElement>('[data-action="credentials"]')!;
    expect(mode.disabled).toBe(false);
    fireEvent.change(mode, { target: { value: 'omit' } });
    expect(screen.getByTestId('whatif-verdict').dataset.outcome).toBe('allowed');
  });
});

describe('import and export', () => {
  let downloads: Array<{ name: string; text: Promise<string> }>;
  beforeEach(() => {
    downloads = [];
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = vi.fn((b: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, b);
      return url;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, text: blobs.get(this.href)!.text() });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const importFile = async (p: ReturnType<typeof setup>, name: string, text: string) => {
    const input = p.$<HTMLInputElement>('[data-action="import-file"]')!;
    const file = new File([text], name, { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  };

  it('imports a Chrome and a Firefox HAR; a broken file says what is wrong', async () => {
    const p = setup([]);
    await p.ready();
    await importFile(p, 'firefox-basic.har', harText('firefox-basic.har'));
    await waitFor(() => expect(screen.getByTestId('import-banner').textContent).toContain('firefox-basic.har'));
    expect(p.rows()).toHaveLength(analyzedFixture('firefox-basic.har', 'chrome').length);
    await importFile(p, 'broken.har', '{"log": ');
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toMatch(/broken\.har is not valid JSON/));
    // The last good import is still shown; "back to live" returns to the (empty) live list.
    expect(p.rows().length).toBeGreaterThan(0);
    fireEvent.click(p.$('[data-action="close-import"]')!);
    expect(p.rows()).toHaveLength(0);
  });

  it('exports HAR, JSON and Markdown of the listed requests, redacted unless "Include secrets" is checked', async () => {
    const p = setup();
    await p.ready();
    const exportAs = async (action: string, secrets = false) => {
      fireEvent.click(p.$('[data-action="export"]')!);
      const box = p.$<HTMLInputElement>('[data-action="include-secrets"]')!;
      if (box.checked !== secrets) fireEvent.click(box);
      const before = downloads.length;
      fireEvent.click(p.$(`[data-action="${action}"]`)!);
      // The JSON export waits for the lazily loaded fix engine, so downloads may land later.
      await waitFor(() => expect(downloads.length).toBe(before + 1));
      return downloads.at(-1)!;
    };
    const har = await exportAs('export-har');
    expect(har.name).toMatch(/^cors-lens-localhost-45001-\d{8}-\d{6}\.har$/);
    const harText = await har.text;
    expect(JSON.parse(harText).log.entries.length).toBeGreaterThan(19);
    expect(harText).not.toContain('s3cr3t-token');
    const json = await (await exportAs('export-json')).text;
    expect(JSON.parse(json).exchanges).toHaveLength(19);
    // Same schema as the CLI, fix included for blocked exchanges.
    const blocked = JSON.parse(json).exchanges.filter((x: { outcome: string }) => x.outcome === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    for (const x of blocked) expect(Object.keys(x.fix.snippets)).toContain('express');
    expect(json).not.toContain('s3cr3t-token');
    const md = await (await exportAs('export-markdown')).text;
    expect(md.startsWith('# CORS Lens report')).toBe(true);
    expect(md).not.toContain('s3cr3t-token');
    expect(await (await exportAs('export-json', true)).text).toContain('s3cr3t-token');

    // Only what the filters leave is exported; the HAR export imports back with the same verdicts.
    fireEvent.click(p.$('[data-filter="blocked"]')!);
    const blockedHar = await (await exportAs('export-har')).text;
    await importFile(p, 'export.har', blockedHar);
    await waitFor(() => expect(screen.getByTestId('import-banner').textContent).toContain('export.har'));
    fireEvent.click(p.$('[data-filter="all"]')!);
    expect(p.rows().map((r) => r.dataset.outcome)).toEqual(chrome.filter((a) => a.verdict.outcome === 'blocked').map(() => 'blocked'));
  });
});

describe('a long list', () => {
  it('10,000 exchanges: only a window of rows is in the DOM; the search finds any row', async () => {
    const many: AnalyzedExchange[] = [];
    for (let i = 0; i < 10_000; i++) {
      const base = chrome[i % chrome.length]!;
      many.push({ ...base, exchange: { ...base.exchange, id: `ex-${i}`, url: `${base.exchange.url.split('?')[0]}?n=${i}`, startTime: i } });
    }
    const p = setup(many);
    await p.ready();
    const list = p.$('.list')!;
    expect(list.dataset.rows).toBe('10000');
    expect(list.dataset.windowed).toBe('true');
    expect(p.rows().length).toBeLessThan(200);
    expect(p.rows().some((r) => r.dataset.exchangeUrl?.endsWith('?n=9876'))).toBe(false);
    fireEvent.input(p.$('[data-action="filter"]')!, { target: { value: '?n=9876' } });
    expect(p.rows().map((r) => r.dataset.exchangeUrl)).toEqual([`${many[9876]!.exchange.url}`]);
    expect(screen.getByTestId('counts').textContent).toContain('1 / 10000 requests');
    // The outcome filters narrow too, and the blocked count covers all rows.
    fireEvent.input(p.$('[data-action="filter"]')!, { target: { value: '' } });
    fireEvent.click(p.$('[data-filter="blocked"]')!);
    expect(p.rows().every((r) => r.dataset.outcome === 'blocked')).toBe(true);
    expect(Number(p.$('.segment-blocked .segment-count')!.textContent)).toBeGreaterThan(FULL_RENDER_LIMIT);
  });
});
