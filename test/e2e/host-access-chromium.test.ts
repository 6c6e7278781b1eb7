/**
 * Least privilege in real Chromium: CORS Lens sees local development hosts out of the box and
 * nothing else. A page on a non-local host name is not recorded; the CORS panel names the missing
 * origins (from DevTools' own network log) and its "Allow" button calls permissions.request from
 * the panel. After the grant the same page's requests are recorded and listed without reloading
 * the extension, the page-side scripts are registered for the new sites, and a revocation undoes it.
 *
 * Chromium shows a permission prompt nobody can click in headless mode. The test pre-approves the
 * two sites the way chrome://extensions' site-access list does (developerPrivate.addHostPermission),
 * which grants nothing by itself (checked below) but lets the panel's own permissions.request
 * succeed without the prompt: the grant still goes through the panel's button and the real API.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_HOST, API_HOST, SITE_PATTERNS, startAccessSite, type AccessSite } from './support/access-site';
import { launchChromium, warmUp, type ChromiumSession, PAGE_HOOKS_REGISTRATION, RELAY_REGISTRATION } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { sleep, waitFor } from './support/wait';
import { LOCAL_DEV_PATTERNS, LOCAL_DEV_SOCKET_PATTERNS } from '../../src/shared/host-patterns';

const fetchAll = (session: ChromiumSession, urls: string[]) =>
  session.page.evaluate((list) => Promise.all(list.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.status, (e: unknown) => String(e)))), urls);

const granted = (session: ChromiumSession) => session.sw.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
/** Sites of the relay registration (hooks = false) or of the page hooks (the launch turned them on). */
const registeredMatches = (session: ChromiumSession, hooks = false) =>
  session.sw.evaluate(
    async (id) => (await chrome.scripting.getRegisteredContentScripts()).filter((s) => s.id === id).flatMap((s) => s.matches ?? []),
    hooks ? PAGE_HOOKS_REGISTRATION : RELAY_REGISTRATION,
  );
/** Collects, in the panel page, what the DevTools page relays (`window.__relayed`; close `window.__relay`). */
const listenToRelay = (panel: CorsPanel) =>
  panel.evaluate(`(() => {
    window.__relayed = [];
    window.__relay = new BroadcastChannel('cors-lens:inspected-traffic:' + chrome.devtools.inspectedWindow.tabId);
    window.__relay.onmessage = (e) => window.__relayed.push(e.data);
    return true;
  })()`);
const bannerText = (panel: CorsPanel) => panel.evaluate<string>(`document.querySelector('[data-testid="access-banner"]')?.textContent ?? ''`);

describe('Chromium: host access is least privilege, and the panel asks for more', () => {
  let site: AccessSite;
  let session: ChromiumSession;
  let panel: CorsPanel;

  beforeAll(async () => {
    site = await startAccessSite();
    session = await launchChromium({ extraArgs: [`--host-resolver-rules=MAP ${APP_HOST} 127.0.0.1, MAP ${API_HOST} 127.0.0.1`] });
    await backgroundReady(session.sw);
    await session.page.goto(`${site.localAppOrigin}/local`);
    await warmUp(session.page, session.sw, { url: `${site.localApiOrigin}/ok?warm=1`, recorded: async (sw) => (await backgroundSeen(sw, 'warm=')) > 0 });
  }, 90_000);

  afterAll(async () => {
    await panel?.close();
    await session?.close();
    await site?.close();
  });

  test('installed with the local development hosts only; the lab hosts are recorded out of the box', async () => {
    const origins = await granted(session);
    // The local hosts over http(s), and their WebSocket handshakes (listed as not CORS).
    expect([...origins].sort()).toEqual(['http://127.0.0.1/*', 'http://[::1]/*', 'http://localhost/*', 'https://127.0.0.1/*', 'https://[::1]/*', 'https://localhost/*', ...LOCAL_DEV_SOCKET_PATTERNS].sort());
    // "Read calls inside the page" is on in this launch: the page-side scripts cover the local hosts only.
    for (const hooks of [false, true]) expect([...new Set(await registeredMatches(session, hooks))].sort()).toEqual([...LOCAL_DEV_PATTERNS].sort());
    await fetchAll(session, [`${site.localApiOrigin}/blocked?local=1`]);
    await waitFor(async () => (await backgroundSeen(session.sw, 'local=1')) > 0, { message: 'the local request recorded' });
  });

  test('a page on another host: nothing recorded, and the panel names the page and the server', async () => {
    await session.page.goto(`${site.appOrigin}/app`);
    panel = await openCorsPanel(session, session.page);
    expect(await fetchAll(session, [`${site.apiOrigin}/ok?before=1`, `${site.apiOrigin}/blocked?before=1`])).toEqual([200, 'TypeError: Failed to fetch']);
    const text = await waitFor(async () => {
      const t = await bannerText(panel);
      return t.includes(site.appOrigin) && t.includes(site.apiOrigin) ? t : '';
    }, { message: 'the access banner naming both origins' });
    expect(text).toContain('cannot record this page’s requests');
    const buttons = await panel.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="access-banner"] button')].map((b) => b.textContent)`);
    expect(buttons).toEqual([`Allow on ${site.appOrigin}`, `Allow on ${site.apiOrigin}`, 'Allow on these 2 sites', 'Allow on all sites']);
    await sleep(500);
    expect(await backgroundSeen(session.sw, 'before=1')).toBe(0);
    // (Rows of the local page may remain: the navigation itself was invisible to webRequest.)
    expect((await panel.rows()).filter((r) => r.url.includes('before=1'))).toEqual([]);
  });

  test('the DevTools page relays each new origin to the panel as DevTools logs its request (one onRequestFinished listener)', async () => {
    await listenToRelay(panel);
    // DevTools counts a fetch as finished once its body is read.
    await session.page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.text()), `${site.localApiOrigin}/ok?relay=1`);
    const relayed = await waitFor(async () => {
      const messages = await panel.evaluate<Array<{ type: string; url: string }>>('window.__relayed');
      return messages.some((m) => m.url.includes('relay=')) ? messages : undefined;
    }, { message: 'the new origin relayed to the panel' });
    expect(relayed).toEqual([{ type: 'request', url: `${site.localApiOrigin}/ok?relay=1` }]);
    await panel.evaluate('window.__relay.close(), true');
  });

  test('DevTools’ network log is read only while the CORS panel is shown; shown again, the banner catches up on what it missed', async () => {
    await listenToRelay(panel);
    await panel.selectPanel('elements');
    // Hidden: the tab navigates to another page of the site, which calls another server.
    await session.page.goto(`${site.appOrigin}/elsewhere`);
    await session.page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((r) => r.text()), `${site.localApiOrigin}/ok?hidden=1`);
    await panel.selectPanel(panel.panelId);
    // Nothing was relayed while hidden (no onRequestFinished listener); `shown` came first.
    const relayed = await waitFor(async () => {
      const messages = await panel.evaluate<Array<{ type: string; url?: string }>>('window.__relayed');
      return messages.some((m) => m.type === 'shown') ? messages : undefined;
    }, { message: 'the relay to tell the panel it is shown' });
    expect(relayed[0]).toEqual({ type: 'shown' });
    await panel.evaluate('window.__relay.close(), true');
    // The server the new page called is named; the one only the old page called is not.
    const text = await waitFor(async () => {
      const t = await bannerText(panel);
      return t.includes(site.appOrigin) && !t.includes(site.apiOrigin) ? t : '';
    }, { message: 'the banner to show the new page’s servers only' });
    expect(text).toContain('cannot record this page’s requests');
    // Back to the app page and its server, shown: relayed live again (the next test grants both).
    await session.page.goto(`${site.appOrigin}/app`);
    await fetchAll(session, [`${site.apiOrigin}/ok?back=1`]);
    await waitFor(async () => (await bannerText(panel)).includes(site.apiOrigin), { message: 'the banner to name the server again' });
  });

  test('"Allow on these 2 sites" in the panel grants them; new requests are recorded and listed at once', async () => {
    // Pre-approval alone grants nothing (no prompt-less access behind the user's back).
    const ext = await session.context.newPage();
    try {
      await ext.goto('chrome://extensions');
      const cdp = await session.context.newCDPSession(ext);
      for (const pattern of SITE_PATTERNS) {
        const r = await cdp.send('Runtime.evaluate', {
          expression: `chrome.developerPrivate.addHostPermission(${JSON.stringify(session.extensionId)}, ${JSON.stringify(pattern)}).then(() => 'ok', (e) => String(e))`,
          awaitPromise: true,
        });
        expect(r.result.value).toBe('ok');
      }
    } finally {
      await ext.close();
    }
    await session.page.bringToFront();
    expect(await granted(session)).not.toContain(SITE_PATTERNS[0]);

    await panel.click('[data-action="allow-listed"]');
    await waitFor(async () => (await granted(session)).includes(SITE_PATTERNS[1]!), { message: 'the grant' });
    expect(await granted(session)).toEqual(expect.arrayContaining(SITE_PATTERNS));
    await waitFor(() => panel.evaluate<boolean>(`!document.querySelector('[data-testid="access-banner"]') && !!document.querySelector('[data-testid="access-granted"]')`), {
      message: 'the banner to give way to the granted note',
    });

    // No reload of the extension: the listeners registered at start-up report the new sites.
    await fetchAll(session, [`${site.apiOrigin}/ok?after=1`, `${site.apiOrigin}/blocked?after=1`]);
    const rows = await panel.waitForRows((r) => r.filter((x) => x.url.includes('after=1') && x.outcome !== 'pending').length === 2, 'both requests listed and finished after the grant');
    const byPath = (p: string) => rows.find((r) => r.url.startsWith(`${site.apiOrigin}${p}`));
    expect(byPath('/ok')?.outcome).toBe('allowed');
    expect(byPath('/blocked')).toMatchObject({ outcome: 'blocked', corsError: 'MissingAllowOriginHeader' });

    // The page-side scripts ("Read calls inside the page" is on in this launch) now cover the granted sites.
    await waitFor(
      async () => {
        const matches = await registeredMatches(session);
        return SITE_PATTERNS.every((p) => matches.includes(p));
      },
      { message: 'page-side scripts on the granted sites' },
    );
    expect(await registeredMatches(session)).toEqual(expect.arrayContaining([...SITE_PATTERNS, ...LOCAL_DEV_PATTERNS]));
    expect(await registeredMatches(session, true)).toEqual(expect.arrayContaining([...SITE_PATTERNS, ...LOCAL_DEV_PATTERNS]));
  });

  test('a revocation (the site-access menu, or permissions.remove) brings the banner back and unregisters the scripts', async () => {
    await session.sw.evaluate((origins) => chrome.permissions.remove({ origins }), SITE_PATTERNS);
    await waitFor(async () => (await bannerText(panel)).includes(site.appOrigin), { message: 'the banner after the revocation' });
    for (const hooks of [false, true]) {
      await waitFor(async () => !(await registeredMatches(session, hooks)).some((m) => SITE_PATTERNS.includes(m)), { message: 'the page-side scripts off the revoked sites' });
    }
    await fetchAll(session, [`${site.apiOrigin}/ok?revoked=1`]);
    await sleep(500);
    expect(await backgroundSeen(session.sw, 'revoked=1')).toBe(0);
  });
});
