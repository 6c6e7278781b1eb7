/**
 * Privacy, proven on the wire: the whole lab runs in Chromium with the extension recording and its
 * DevTools panel open, while every request the browser makes is recorded twice over —
 *   - per target, over CDP (test/e2e/support/traffic-recorder.ts): auto-attach + Network.enable in
 *     every target before it runs (the extension's service worker, DevTools, the extension's
 *     DevTools page and panel, the lab page), which says *who* made each request;
 *   - for the whole browser process from its first instruction, in Chromium's NetLog
 *     (`--log-net-log`), which sees requests no target reports.
 * The extension may load its own files and nothing else. Also: captured exchanges live only in
 * storage.session (storage.local holds no captured data), and Clear empties the store and
 * storage.session alike.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CorsLensTestHooks } from '../../src/background/test-hooks';
import { launchChromium, warmUp, type ChromiumSession } from './support/chromium';
import { openCorsPanel, type CorsPanel } from './support/chromium-devtools';
import { backgroundReady, backgroundSeen } from './support/extension-hooks';
import { runScenarios, scenariosFor, startTestLab, waitForLabPage, type Lab, type LabRun } from './support/lab';
import { recordAllTraffic, type RecordedRequest, type TrafficRecorder } from './support/traffic-recorder';
import { sleep, waitFor } from './support/wait';

type WithHooks = { __corsLens: CorsLensTestHooks };

const stripFragment = (u: string) => u.split('#')[0]!;
const isNetworkUrl = (u: string) => /^(https?|wss?|ftp):/i.test(u);

interface NetLogRequest {
  url: string;
  /** The requesting origin ("not an origin" for the browser's own requests). */
  initiator: string;
  networkIsolationKey: string;
  originHeader: string;
}

/** Every URL request of the browser's network stack, from a NetLog file (Chromium completes it on exit). */
function netLogRequests(file: string): NetLogRequest[] {
  const log = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    constants: { logEventTypes: Record<string, number>; logSourceType: Record<string, number> };
    events: Array<{ type: number; source: { id: number; type: number }; params?: Record<string, unknown> }>;
  };
  const { logEventTypes: ev, logSourceType: src } = log.constants;
  const bySource = new Map<number, NetLogRequest>();
  for (const e of log.events) {
    if (e.source.type !== src['URL_REQUEST'] || !e.params) continue;
    let r = bySource.get(e.source.id);
    if (!r) bySource.set(e.source.id, (r = { url: '', initiator: '', networkIsolationKey: '', originHeader: '' }));
    if (typeof e.params['url'] === 'string' && !r.url) r.url = e.params['url'];
    if (e.type === ev['URL_REQUEST_START_JOB']) {
      r.initiator ||= String(e.params['initiator'] ?? '');
      r.networkIsolationKey ||= String(e.params['network_isolation_key'] ?? '');
    }
    const headers = (e.params['request_headers'] as { headers?: string[] } | undefined)?.headers ?? (e.params['headers'] as string[] | undefined);
    const origin = Array.isArray(headers) ? headers.find((h) => /^origin:/i.test(h)) : undefined;
    if (origin && !r.originHeader) r.originHeader = origin.slice(7).trim();
  }
  return [...bySource.values()].filter((r) => r.url);
}

describe('Privacy: CORS Lens makes no network request of its own', () => {
  let lab: Lab;
  let browser: ChromiumSession;
  let sw: Worker;
  let traffic: TrafficRecorder;
  let panel: CorsPanel;
  let runs: LabRun[] = [];
  let extOrigin = '';
  const netLogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-netlog-'));
  const netLog = path.join(netLogDir, 'netlog.json');
  let requests: RecordedRequest[] = [];

  beforeAll(async () => {
    lab = await startTestLab();
    browser = await launchChromium({ extraArgs: [`--log-net-log=${netLog}`, '--net-log-capture-mode=Default'] });
    extOrigin = `chrome-extension://${browser.extensionId}/`;
    traffic = await recordAllTraffic(browser.cdp);
    sw = browser.sw;
    expect((await backgroundReady(sw)).listenerErrors).toEqual([]);
    const { page } = browser;
    await page.goto(lab.pageUrl);
    await waitForLabPage(page);
    await warmUp(page, sw, { url: `${lab.apiOrigin}/__lab/log?privacy-warmup`, recorded: async (w) => (await backgroundSeen(w, 'privacy-warmup')) > 0 });
    panel = await openCorsPanel(browser, page);
    runs = await runScenarios(page, lab, scenariosFor('chrome'), { tag: 'privacy', batchSize: 25 });
    // The panel has caught up with the last batch before anything is inspected.
    const last = runs.filter((r) => r.scenario.request.target === 'api').at(-1)!;
    await waitFor(async () => (await backgroundSeen(sw, last.nonce)) > 0, { message: 'the background to record the last run' });
    await sleep(1000); // late events (preflight cache, redirects) and the panel's batched updates
  }, 240_000);

  afterAll(async () => {
    traffic?.stop();
    await panel?.close();
    await browser?.close();
    await lab?.close();
    fs.rmSync(netLogDir, { recursive: true, force: true });
  });

  test('stored exchanges are in storage.session; storage.local holds no captured data', async () => {
    const { session, local, tabIds } = await sw.evaluate(async () => {
      const hooks = (self as unknown as WithHooks).__corsLens;
      await hooks.flush();
      return { session: await chrome.storage.session.get(null), local: await chrome.storage.local.get(null), tabIds: hooks.tabs() };
    });
    const sessionText = JSON.stringify(session);
    const apiHost = new URL(lab.apiOrigin).host;
    expect(tabIds.length).toBeGreaterThan(0);
    expect(sessionText).toContain(apiHost); // the recording is saved where the worker can restore it…
    const localText = JSON.stringify(local);
    for (const origin of [lab.pageOrigin, lab.apiOrigin, lab.apiSameSiteOrigin, lab.thirdOrigin]) expect(localText).not.toContain(new URL(origin).host);
    expect(localText).not.toMatch(/privacy-\d+/); // …and nothing of it outlives the browser
    // storage.local may only hold the panel's preferences.
    expect(Object.keys(local).filter((k) => k !== 'panelPrefs')).toEqual([]);
    console.log(`storage.session: ${Object.keys(session).length} keys, ${(sessionText.length / 1024).toFixed(0)} KB; storage.local: ${JSON.stringify(Object.keys(local))}`);
  });

  test('Clear empties the tab’s store and what storage.session holds of it', async () => {
    const tabId = await sw.evaluate(() => (self as unknown as WithHooks).__corsLens.tabs().find((id) => (self as unknown as WithHooks).__corsLens.snapshot(id).exchanges.length > 0));
    expect(tabId).toBeTypeOf('number');
    const before = await sw.evaluate((id) => (self as unknown as WithHooks).__corsLens.snapshot(id).exchanges.length, tabId!);
    expect(before).toBeGreaterThan(50);
    await panel.click('[data-action="clear"]');
    await waitFor(() => sw.evaluate((id) => (self as unknown as WithHooks).__corsLens.snapshot(id).exchanges.length === 0, tabId!), { message: 'the store to be empty' });
    await panel.waitForRows((rows) => rows.length === 0, 'the panel to be empty');
    const session = await sw.evaluate(async () => {
      await (self as unknown as WithHooks).__corsLens.flush();
      return chrome.storage.session.get(null);
    });
    // The tab's saved form (src/background/stored-tab.ts) holds no exchange.
    const tab = session[`cl:tab:${tabId}`] as { stored: number } | undefined;
    expect(tab?.stored ?? 0).toBe(0);
    // Not in the in-flight collector's saved state either: no run's URL is left anywhere.
    const text = JSON.stringify(session);
    const left = runs.filter((r) => text.includes(r.nonce)).map((r) => r.scenario.id);
    if (left.length > 0) console.log('left:', Object.keys(session).join(' '), text.slice(0, 3000));
    expect(left).toEqual([]);
    console.log(`Clear: ${before} exchanges → 0; storage.session keys left: ${JSON.stringify(Object.keys(session))}`);
  });

  test('every request of an extension context is for the extension’s own files', async () => {
    requests = traffic.requests();
    const targets = traffic.targets();
    const extensionTargets = targets.filter((t) => t.url.startsWith(extOrigin));
    // The recorder really was inside the extension: worker, DevTools page and panel.
    expect(extensionTargets.map((t) => t.type).sort()).toEqual(expect.arrayContaining(['iframe', 'iframe', 'service_worker']));
    // A request is the extension's when an extension page or worker made it, or when only
    // extension code is on the script stack that made it. (A page's own fetch may pass through a
    // content script's wrapper; the page's frames are then on the stack too: the page made it.)
    const isExt = (u: string | undefined) => !!u && u.startsWith(extOrigin);
    const fromExtension = requests.filter(
      (r) => isExt(r.target.url) || isExt(r.documentUrl) || (r.stackUrls.length > 0 && r.stackUrls.every(isExt)) || (r.stackUrls.length === 0 && isExt(r.initiatorUrl)),
    );
    expect(fromExtension.length).toBeGreaterThan(5); // its own scripts, at least
    // Its own files, or inline data: URLs (the panel's CSS icons) — nothing that leaves the browser.
    const foreign = fromExtension.filter((r) => !r.url.startsWith(extOrigin) && !r.url.startsWith('data:'));
    expect(foreign.map((r) => `${r.target.type} ${r.target.url} → ${r.method} ${r.url}`)).toEqual([]);
    console.log(
      `CDP: ${requests.length} requests in ${targets.length} targets; ${fromExtension.length} from extension contexts, all to ${extOrigin}` +
        ` (${[...new Set(fromExtension.map((r) => r.target.type))].join(', ')})`,
    );
  });

  test('every network request came from the lab page (or a worker or frame it started)', async () => {
    const labHosts = new Set([lab.pageOrigin, lab.apiOrigin, lab.apiSameSiteOrigin, lab.thirdOrigin, lab.closedOrigin].map((o) => new URL(o).host));
    const network = requests.filter((r) => isNetworkUrl(r.url));
    // The lab page's tab, by target (its first request, the navigation, leaves about:blank), and
    // the workers, service worker and frames the lab page starts (scenarios with a `context`).
    const LAB_TARGET_TYPES = new Set(['page', 'iframe', 'worker', 'shared_worker', 'service_worker']);
    const labPages = new Set(traffic.targets().filter((t) => LAB_TARGET_TYPES.has(t.type) && isNetworkUrl(t.url) && labHosts.has(new URL(t.url).host)).map((t) => t.targetId));
    const notFromLabPage = network.filter((r) => !labPages.has(r.target.targetId));
    expect(notFromLabPage.map((r) => `${r.target.type} ${r.target.url} → ${r.method} ${r.url}`)).toEqual([]);
    expect(network.filter((r) => !labHosts.has(new URL(r.url).host)).map((r) => r.url)).toEqual([]);
    expect(network.length).toBeGreaterThanOrEqual(runs.length);
  });

  test('the browser’s NetLog, which sees every request of the process, has none from the extension', async () => {
    await panel.close();
    await browser.close(); // Chromium completes the NetLog file on exit
    const logged = netLogRequests(netLog).filter((r) => isNetworkUrl(r.url));
    expect(logged.length).toBeGreaterThan(runs.length);
    const mentionsExtension = (r: NetLogRequest) => [r.initiator, r.networkIsolationKey, r.originHeader].some((v) => v.includes('chrome-extension:'));
    expect(logged.filter(mentionsExtension).map((r) => `${r.url} (initiator ${r.initiator}, NIK ${r.networkIsolationKey}, Origin ${r.originHeader})`)).toEqual([]);
    // Everything else is the lab page's, DevTools' or Chromium's own: say which, for the record.
    const labHosts = new Set([lab.pageOrigin, lab.apiOrigin, lab.apiSameSiteOrigin, lab.thirdOrigin, lab.closedOrigin].map((o) => new URL(o).host));
    const seenByCdp = new Set(requests.map((r) => stripFragment(r.url)));
    const others = logged.filter((r) => !seenByCdp.has(stripFragment(r.url)));
    // Anything not reported by a target went to the lab (DevTools' .well-known probe) or is the browser's own (no initiator).
    expect(others.filter((r) => !labHosts.has(new URL(r.url).host) && r.initiator !== 'not an origin').map((r) => `${r.url} (initiator ${r.initiator})`)).toEqual([]);
    console.log(
      `NetLog: ${logged.length} network requests, none initiated by or on behalf of the extension; ` +
        `${others.length} not reported by any target: ${[...new Set(others.map((r) => `${new URL(r.url).host}${new URL(r.url).pathname.slice(0, 40)} [${r.initiator}]`))].join(', ')}`,
    );
  });
});
