/**
 * The Firefox part of `npm run verify:lab`: every scenario in headless Firefox ESR over WebDriver
 * BiDi, with the console lines of pages and (from the console service) of workers.
 */
import puppeteer from 'puppeteer-core';
import type { LabAutomation } from '../src/lab/page/automation';
import type { Scenario } from '../src/lab/scenario-types';
import type { Lab } from '../src/lab/server';
import { LAB_API_HOSTNAME } from '../src/lab/lab-urls';
import { firefoxLnaPrefs } from '../src/lab/firefox-prefs';
import { chromeWindowContext, consoleServiceLines, type BidiSender } from '../test/e2e/support/firefox-console-service';
import { SETTLE_MS, forEachScenario, scenarioOfText, sleep, type CollectedRun, type RunnerOptions } from './verify-lab-common';

const FIREFOX_PATH = '/usr/bin/firefox-esr';

interface BidiLogEntry {
  text?: string;
  level?: string;
}

export async function runFirefox(lab: Lab, list: Scenario[], { publicPort, runId }: RunnerOptions): Promise<Map<string, CollectedRun>> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // System access: workers' console errors are only in the console service (chrome context).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // The public lab page is "public" for Local Network Access too, and the permission prompt is
      // answered "deny" at once (src/lab/firefox-prefs.ts).
      ...firefoxLnaPrefs(publicPort),
      // The API's DNS name resolves to loopback (mixed-content scenarios); the https page's certificate is self-signed.
      'network.dns.localDomains': LAB_API_HOSTNAME,
    },
    acceptInsecureCerts: true,
  });
  const out = new Map<string, CollectedRun>();
  try {
    let current = '';
    const lines = new Map<string, string[]>();
    const connection = (browser as unknown as { connection: { on(ev: string, fn: (e: BidiLogEntry) => void): void } }).connection;
    connection.on('log.entryAdded', (e) => {
      const text = String(e.text ?? '');
      const id = scenarioOfText(text) ?? current;
      lines.set(id, [...(lines.get(id) ?? []), `[${e.level ?? '?'}] ${text}`]);
    });
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await forEachScenario(lab, list, page, async (s) => {
      current = s.id;
      const nonce = `${runId}f`;
      const result = await page.evaluate((id: string, n: string) => (window as unknown as LabAutomation).runScenario(id, n), s.id, nonce);
      await sleep(SETTLE_MS + 60);
      out.set(s.id, { console: [], corsError: null, result });
    });
    await sleep(300);
    // Workers' and service workers' lines, which BiDi does not deliver: the worker's own reason
    // comes first (a page fetch its service worker answered logs only "did not succeed").
    const bidi = connection as unknown as BidiSender;
    const fromWorkers = new Map<string, string[]>();
    for (const line of await consoleServiceLines(bidi, await chromeWindowContext(bidi), 'Cross-Origin Request Blocked')) {
      const id = scenarioOfText(line);
      if (id && list.find((x) => x.id === id)?.request.context) fromWorkers.set(id, [...(fromWorkers.get(id) ?? []), line]);
    }
    for (const [id, extra] of fromWorkers) {
      const seen = lines.get(id) ?? [];
      const missing = extra.filter((l) => !seen.includes(l));
      lines.set(id, [...missing, ...seen.filter((l) => !missing.includes(l))]);
    }
    for (const [id, o] of out) {
      const c = lines.get(id) ?? [];
      out.set(id, { ...o, console: c });
    }
  } finally {
    await browser.close();
  }
  return out;
}
