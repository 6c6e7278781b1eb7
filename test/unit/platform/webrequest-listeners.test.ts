/**
 * Which webRequest listeners the background registers, with which filters and options, against
 * fakes of Chrome's and Firefox's `webRequest` (the real ones are exercised by the e2e tests).
 * Every listener costs every request (bench/page-overhead.ts): the set is deliberately small.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Registered {
  event: string;
  cb: (details: unknown) => void;
  filter: { urls: string[]; types?: string[]; tabId?: number };
  spec: string[] | undefined;
  argc: number;
}

const CHROME_TYPES = {
  MAIN_FRAME: 'main_frame',
  SUB_FRAME: 'sub_frame',
  STYLESHEET: 'stylesheet',
  SCRIPT: 'script',
  IMAGE: 'image',
  FONT: 'font',
  OBJECT: 'object',
  XMLHTTPREQUEST: 'xmlhttprequest',
  PING: 'ping',
  CSP_REPORT: 'csp_report',
  MEDIA: 'media',
  WEBSOCKET: 'websocket',
  WEBBUNDLE: 'webbundle',
  OTHER: 'other',
};
const EVENTS = ['onBeforeRequest', 'onBeforeSendHeaders', 'onSendHeaders', 'onHeadersReceived', 'onResponseStarted', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'];

function fakeBrowser(opts: { firefox?: boolean; resourceTypes?: Record<string, string>; rejectType?: string }) {
  const registered: Registered[] = [];
  const webRequest: Record<string, unknown> = {};
  for (const event of EVENTS) {
    webRequest[event] = {
      addListener(...args: unknown[]) {
        const [cb, filter, spec] = args as [Registered['cb'], Registered['filter'], string[] | undefined];
        // Firefox: an explicit undefined third argument and 'extraHeaders' are both errors.
        if (opts.firefox && (args.length === 3 && spec === undefined)) throw new Error('Incorrect argument types');
        if (opts.firefox && spec?.includes('extraHeaders')) throw new Error('Invalid enumeration value "extraHeaders"');
        if (opts.rejectType && filter.types?.includes(opts.rejectType)) throw new Error(`Invalid enumeration value "${opts.rejectType}"`);
        registered.push({ event, cb, filter, spec, argc: args.length });
      },
      removeListener(cb: Registered['cb']) {
        const i = registered.findIndex((r) => r.event === event && r.cb === cb);
        if (i !== -1) registered.splice(i, 1);
      },
    };
  }
  if (!opts.firefox) webRequest['OnBeforeSendHeadersOptions'] = { REQUEST_HEADERS: 'requestHeaders', EXTRA_HEADERS: 'extraHeaders' };
  if (opts.resourceTypes) webRequest['ResourceType'] = opts.resourceTypes;
  return { chrome: { webRequest, runtime: { getURL: (p: string) => `${opts.firefox ? 'moz' : 'chrome'}-extension://id/${p}` } }, registered };
}

async function register(opts: Parameters<typeof fakeBrowser>[0], tabId?: number) {
  const fake = fakeBrowser(opts);
  vi.resetModules();
  vi.stubGlobal('chrome', fake.chrome);
  const { listenWebRequest } = await import('../../../src/platform/webrequest');
  const seen: Array<[string, unknown]> = [];
  const set = listenWebRequest((event, details) => seen.push([event, details]), tabId === undefined ? {} : { tabId });
  return { ...fake, failures: set.errors, set, seen };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('listenWebRequest', () => {
  it('Chrome: six subresource events with extraHeaders, documents only for the navigation cut', async () => {
    const { registered, failures } = await register({ resourceTypes: CHROME_TYPES });
    expect(failures).toEqual([]);
    const byEvent = new Map(registered.map((r) => [r.event, r]));
    expect([...byEvent.keys()].sort()).toEqual(
      ['onBeforeRedirect', 'onBeforeRequest', 'onCompleted', 'onErrorOccurred', 'onHeadersReceived', 'onResponseStarted', 'onSendHeaders'].sort(),
    );
    expect(registered).toHaveLength(7);
    // Every listener asks for extraHeaders: Chrome shows preflights only to those.
    for (const r of registered) expect(r.spec).toContain('extraHeaders');
    expect(byEvent.get('onSendHeaders')?.spec).toContain('requestHeaders');
    for (const e of ['onHeadersReceived', 'onBeforeRedirect', 'onCompleted']) expect(byEvent.get(e)?.spec).toContain('responseHeaders');
    expect(byEvent.get('onResponseStarted')?.filter.types).toEqual(['main_frame']);
    const neverPreflighted = ['font', 'image', 'script', 'stylesheet', 'media'];
    for (const r of registered.filter((x) => x.event !== 'onResponseStarted')) {
      expect(r.filter.urls.length).toBeGreaterThan(0);
      expect(r.filter.types).not.toContain('main_frame');
      // Everything that can be a CORS request stays observed.
      for (const t of ['xmlhttprequest', 'ping', 'other', 'sub_frame']) expect(r.filter.types).toContain(t);
      // Types never preflighted are heard from onSendHeaders on (a dev server's modules: issue 13).
      for (const t of neverPreflighted) expect(r.filter.types?.includes(t)).toBe(r.event !== 'onBeforeRequest');
    }
  });

  it('Chrome: firstEventOf names what the listeners hear first of each type; Firefox hears onBeforeRequest for all', async () => {
    await register({ resourceTypes: CHROME_TYPES });
    const chromeModule = await import('../../../src/platform/webrequest');
    expect(['script', 'stylesheet', 'image', 'font', 'media'].map(chromeModule.firstEventOf)).toEqual(Array(5).fill('onSendHeaders'));
    expect(['xmlhttprequest', 'other', 'ping', 'sub_frame', 'websocket', undefined].map(chromeModule.firstEventOf)).toEqual(Array(6).fill('onBeforeRequest'));
    await register({ firefox: true });
    const firefoxModule = await import('../../../src/platform/webrequest');
    expect(['script', 'image', 'xmlhttprequest'].map(firefoxModule.firstEventOf)).toEqual(Array(3).fill('onBeforeRequest'));
  });

  it('Firefox: no extraHeaders, no explicit undefined spec; without a ResourceType enum no type filter', async () => {
    const { registered, failures } = await register({ firefox: true });
    expect(failures).toEqual([]);
    expect(registered).toHaveLength(7);
    for (const r of registered) expect(r.spec ?? []).not.toContain('extraHeaders');
    const onError = registered.find((r) => r.event === 'onErrorOccurred');
    expect(onError?.argc).toBe(2);
    for (const r of registered.filter((x) => x.event !== 'onResponseStarted')) expect(r.filter.types).toBeUndefined();
    expect(registered.find((r) => r.event === 'onResponseStarted')?.filter.types).toEqual(['main_frame']);
  });

  it('a type the browser rejects in a filter costs nothing: the listener is registered unfiltered', async () => {
    const { registered, failures } = await register({ resourceTypes: CHROME_TYPES, rejectType: 'webbundle' });
    expect(failures).toEqual([]);
    expect(registered).toHaveLength(7);
    for (const r of registered.filter((x) => x.event !== 'onResponseStarted')) expect(r.filter.types).toBeUndefined();
  });

  it('hands each event to the callback under its own name; reports missing events', async () => {
    const { registered, seen } = await register({ resourceTypes: CHROME_TYPES });
    const details = { requestId: '1', url: 'http://a.test/', method: 'GET', timeStamp: 1 };
    registered.find((r) => r.event === 'onHeadersReceived')?.cb(details);
    registered.find((r) => r.event === 'onResponseStarted')?.cb(details);
    expect(seen).toEqual([
      ['onHeadersReceived', details],
      ['onResponseStarted', details],
    ]);

    const fake = fakeBrowser({});
    delete (fake.chrome.webRequest as Record<string, unknown>)['onBeforeRedirect'];
    vi.resetModules();
    vi.stubGlobal('chrome', fake.chrome);
    const { listenWebRequest } = await import('../../../src/platform/webrequest');
    expect(listenWebRequest(() => undefined).errors).toEqual(['onBeforeRedirect: missing']);
  });

  it('with a tab id every listener is filtered to that tab; remove() takes the whole set away', async () => {
    const { registered, set } = await register({ resourceTypes: CHROME_TYPES }, 42);
    expect(registered).toHaveLength(7);
    for (const r of registered) expect(r.filter.tabId).toBe(42);
    set.remove();
    expect(registered).toHaveLength(0);
    set.remove(); // idempotent
  });
});

describe('listenErrorsOnly', () => {
  async function errorsOnly(opts: Parameters<typeof fakeBrowser>[0]) {
    const fake = fakeBrowser(opts);
    vi.resetModules();
    vi.stubGlobal('chrome', fake.chrome);
    const { listenErrorsOnly } = await import('../../../src/platform/webrequest');
    const seen: unknown[] = [];
    return { ...fake, seen, set: listenErrorsOnly((d) => seen.push(d)) };
  }

  it('Chrome: one onErrorOccurred listener, no headers, no extraHeaders, no documents', async () => {
    const { registered, set, seen } = await errorsOnly({ resourceTypes: CHROME_TYPES });
    expect(set.errors).toEqual([]);
    expect(registered.map((r) => r.event)).toEqual(['onErrorOccurred']);
    expect(registered[0]?.argc).toBe(2);
    expect(registered[0]?.filter.types).not.toContain('main_frame');
    expect(registered[0]?.filter.types).not.toContain('sub_frame');
    expect(registered[0]?.filter.types).toContain('xmlhttprequest');
    expect(registered[0]?.filter.tabId).toBeUndefined();
    registered[0]?.cb({ requestId: '1' });
    expect(seen).toEqual([{ requestId: '1' }]);
    set.remove();
    expect(registered).toHaveLength(0);
  });

  it('Firefox: two arguments only', async () => {
    const { registered, set } = await errorsOnly({ firefox: true });
    expect(set.errors).toEqual([]);
    expect(registered).toHaveLength(1);
    expect(registered[0]?.argc).toBe(2);
  });
});
