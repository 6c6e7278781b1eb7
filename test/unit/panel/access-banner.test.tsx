// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { AccessBanner } from '../../../src/panel/AccessBanner';
import { AccessTracker, sameView, type AccessOutcome, type AccessView, type PanelAccess } from '../../../src/panel/access';
import { LOCAL_DEV_PATTERNS } from '../../../src/shared/host-patterns';
import { dynamicRegistrations, serviceWorkerWatchRegistrations } from '../../../src/platform/content-scripts';
import { App } from '../../../src/panel/App';
import { FakeTransport } from '../../../src/panel/transport';
import { analyzedFixture } from './fixtures';

afterEach(cleanup);

class FakeAccess implements PanelAccess {
  readonly asked: string[][] = [];
  reloads = 0;
  constructor(private readonly outcome: AccessOutcome) {}
  subscribe(listener: (view: AccessView) => void): () => void {
    listener({ missing: [] });
    return () => undefined;
  }
  allow(patterns: string[]): Promise<AccessOutcome> {
    this.asked.push(patterns);
    return Promise.resolve(this.outcome);
  }
  reloadPage(): void {
    this.reloads += 1;
  }
}

const pageAndApi: AccessView = {
  missing: [
    { origin: 'https://app.example.com', pattern: 'https://app.example.com/*', role: 'page' },
    { origin: 'https://api.example.com:8443', pattern: 'https://api.example.com/*', role: 'server' },
  ],
};

describe('AccessTracker', () => {
  it('says nothing until the grants are known, then names what is missing', () => {
    const t = new AccessTracker();
    t.navigated('https://app.example.com/');
    t.request('https://api.example.com/a');
    expect(t.view().missing).toEqual([]);
    t.setGranted(LOCAL_DEV_PATTERNS);
    expect(t.view().missing.map((m) => m.origin)).toEqual(['https://app.example.com', 'https://api.example.com']);
  });

  it('a navigation forgets the old page’s servers; a late page URL keeps them', () => {
    const t = new AccessTracker();
    t.setGranted(['https://app.example.com/*']);
    t.navigated('https://app.example.com/');
    expect(t.request('https://api.example.com/a')).toBe(true);
    expect(t.request('https://api.example.com/b')).toBe(false);
    t.setPage('https://app.example.com/other');
    expect(t.view().missing.map((m) => m.origin)).toEqual(['https://api.example.com']);
    t.navigated('https://app.example.com/next');
    expect(t.view().missing).toEqual([]);
  });

  it('stays bounded on a page that calls thousands of origins', () => {
    const t = new AccessTracker();
    t.setGranted([]);
    t.navigated('https://app.example.com/');
    for (let i = 0; i < 5000; i++) t.request(`https://h${i}.example.com/`);
    expect(t.view().missing.length).toBeLessThanOrEqual(501);
    expect(t.request('not a url')).toBe(false);
  });

  it('sameView compares origins and roles', () => {
    expect(sameView(pageAndApi, { missing: [...pageAndApi.missing] })).toBe(true);
    expect(sameView(pageAndApi, { missing: pageAndApi.missing.slice(1) })).toBe(false);
  });
});

describe('AccessBanner', () => {
  it('names the page and the server, and asks for one, both, or all sites', async () => {
    const access = new FakeAccess('declined');
    const view = render(<AccessBanner access={access} view={pageAndApi} browser="chrome" />);
    const banner = view.getByTestId('access-banner');
    expect(banner.textContent).toContain('CORS Lens may not see https://app.example.com');
    expect(banner.textContent).toContain('https://api.example.com:8443');
    expect(banner.textContent).toContain('chrome://extensions');
    const buttons = [...banner.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Allow on https://app.example.com', 'Allow on https://api.example.com:8443', 'Allow on these 2 sites', 'Allow on all sites']);
    await act(async () => {
      fireEvent.click(banner.querySelector('[data-action="allow-origin"][data-origin="https://api.example.com:8443"]')!);
    });
    await act(async () => {
      fireEvent.click(banner.querySelector('[data-action="allow-listed"]')!);
    });
    await act(async () => {
      fireEvent.click(banner.querySelector('[data-action="allow-all-sites"]')!);
    });
    expect(access.asked).toEqual([['https://api.example.com/*'], ['https://app.example.com/*', 'https://api.example.com/*'], ['*://*/*']]);
    expect(view.getByTestId('access-note').textContent).toContain('not granted');
  });

  it('servers only: says which requests are not recorded; Firefox text points at about:addons', () => {
    const view = render(<AccessBanner access={new FakeAccess('opened-grant-page')} view={{ missing: pageAndApi.missing.slice(1) }} browser="firefox" />);
    const text = view.getByTestId('access-banner').textContent ?? '';
    expect(text).toContain('This page calls a server CORS Lens may not see: https://api.example.com:8443');
    expect(text).toContain('about:addons');
    expect(view.container.querySelector('[data-action="allow-listed"]')).toBeNull();
  });

  it('after a grant: the banner gives way to a note with a reload button', async () => {
    const access = new FakeAccess('granted');
    const view = render(<AccessBanner access={access} view={pageAndApi} browser="chrome" />);
    await act(async () => {
      fireEvent.click(view.container.querySelector('[data-action="allow-listed"]')!);
    });
    view.rerender(<AccessBanner access={access} view={{ missing: [] }} browser="chrome" />);
    expect(view.queryByTestId('access-banner')).toBeNull();
    fireEvent.click(view.getByText('Reload page'));
    expect(access.reloads).toBe(1);
  });

  it('renders hostile origins as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const view = render(<AccessBanner access={new FakeAccess('failed')} view={{ missing: [{ origin: evil, pattern: 'http://x/*', role: 'server' }] }} browser="chrome" />);
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.getByTestId('access-banner').textContent).toContain(evil);
  });

  it('nothing missing and nothing granted: no banner', () => {
    const view = render(<AccessBanner access={new FakeAccess('granted')} view={{ missing: [] }} browser="chrome" />);
    expect(view.container.innerHTML).toBe('');
  });
});

describe('dynamicRegistrations (the page-side scripts, only while "Read calls inside the page" is on)', () => {
  const both = (matches: string[], persistAcrossSessions = true) => [
    { id: 'cors-lens-page-side-hooks', js: ['src/content/page-hooks.js'], matches, allFrames: true, runAt: 'document_start', persistAcrossSessions, world: 'MAIN' },
    { id: 'cors-lens-page-side-relay', js: ['src/content/relay.js'], matches, allFrames: true, runAt: 'document_start', persistAcrossSessions },
  ];

  it('nothing while the page hooks are off, whatever is granted', () => {
    expect(dynamicRegistrations(LOCAL_DEV_PATTERNS, false)).toEqual([]);
    expect(dynamicRegistrations([...LOCAL_DEV_PATTERNS, 'https://api.example.com/*'], false)).toEqual([]);
  });

  it('on: hooks and relay on every granted site, the local hosts included', () => {
    expect(dynamicRegistrations(LOCAL_DEV_PATTERNS, true)).toEqual(both([...LOCAL_DEV_PATTERNS]));
    expect(dynamicRegistrations([...LOCAL_DEV_PATTERNS, 'https://api.example.com/*'], true)).toEqual(both([...LOCAL_DEV_PATTERNS, 'https://api.example.com/*']));
  });

  it('on, with the local hosts withheld and nothing else granted: nothing', () => {
    expect(dynamicRegistrations([], true)).toEqual([]);
  });

  it('inspected tabs only: their sites that are granted, for this browser session', () => {
    const granted = [...LOCAL_DEV_PATTERNS, 'https://api.example.com/*'];
    expect(dynamicRegistrations(granted, true, ['http://localhost/*', 'https://api.example.com/*', 'https://elsewhere.test/*'])).toEqual(both(['http://localhost/*', 'https://api.example.com/*'], false));
    expect(dynamicRegistrations(granted, true, [])).toEqual([]);
    expect(dynamicRegistrations(granted, false, ['http://localhost/*'])).toEqual([]);
    expect(dynamicRegistrations(['*://*/*'], true, ['https://elsewhere.test/*']).map((r) => r.matches)).toEqual([['https://elsewhere.test/*'], ['https://elsewhere.test/*']]);
  });

  it('all sites: one broad pattern', () => {
    expect(dynamicRegistrations(['*://*/*', ...LOCAL_DEV_PATTERNS], true).map((r) => r.matches)).toEqual([['*://*/*'], ['*://*/*']]);
  });
});

describe('serviceWorkerWatchRegistrations (Chrome: the inspected tabs’ sites, whatever the page-side setting)', () => {
  const watch = (matches: string[]) => [{ id: 'cors-lens-page-side-sw-watch', js: ['src/content/sw-watch.js'], matches, allFrames: true, runAt: 'document_start', persistAcrossSessions: false }];

  it('the inspected sites CORS Lens may access, isolated world, every frame, this browser session only', () => {
    const granted = [...LOCAL_DEV_PATTERNS, 'https://api.example.com/*'];
    expect(serviceWorkerWatchRegistrations(granted, ['http://localhost/*', 'https://elsewhere.test/*'])).toEqual(watch(['http://localhost/*']));
    expect(serviceWorkerWatchRegistrations(['*://*/*'], ['https://elsewhere.test/*'])).toEqual(watch(['https://elsewhere.test/*']));
  });

  it('nothing without an inspected site CORS Lens may access', () => {
    expect(serviceWorkerWatchRegistrations(LOCAL_DEV_PATTERNS, [])).toEqual([]);
    expect(serviceWorkerWatchRegistrations([], ['http://localhost/*'])).toEqual([]);
    expect(serviceWorkerWatchRegistrations(LOCAL_DEV_PATTERNS, ['https://elsewhere.test/*'])).toEqual([]);
  });
});

describe('App: a navigation to a page CORS Lens may not see', () => {
  /** An access whose view the test changes, as DevTools' navigation and the grants would. */
  class SteerableAccess extends FakeAccess {
    private listener: ((view: AccessView) => void) | undefined;
    override subscribe(listener: (view: AccessView) => void): () => void {
      this.listener = listener;
      listener({ missing: [] });
      return () => undefined;
    }
    show(view: AccessView): void {
      act(() => this.listener?.(view));
    }
  }
  const rowsOf = analyzedFixture('chrome-basic.har');

  it('clears the list of the previous page (the browser hid that navigation from the background)', () => {
    const transport = new FakeTransport('default');
    const access = new SteerableAccess('declined');
    render(<App transport={transport} access={access} />);
    act(() => transport.emit({ type: 'snapshot', tabId: 1, exchanges: rowsOf, preserveLog: false, dropped: 0 }));
    expect(transport.sent.filter((m) => m.type === 'clear')).toEqual([]);
    access.show(pageAndApi);
    expect(transport.sent.filter((m) => m.type === 'clear')).toEqual([{ type: 'clear' }]);
    access.show({ missing: [...pageAndApi.missing] }); // same page: nothing more
    expect(transport.sent.filter((m) => m.type === 'clear')).toHaveLength(1);
  });

  it('keeps the list when "preserve log" is on', () => {
    const transport = new FakeTransport('default');
    const access = new SteerableAccess('declined');
    render(<App transport={transport} access={access} />);
    act(() => transport.emit({ type: 'snapshot', tabId: 1, exchanges: rowsOf, preserveLog: true, dropped: 0 }));
    access.show(pageAndApi);
    expect(transport.sent.filter((m) => m.type === 'clear')).toEqual([]);
  });
});
