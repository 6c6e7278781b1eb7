/**
 * Invisible to the page (issue 13): real client libraries from npm (axios, ky, ofetch, jQuery,
 * whatwg-fetch, zone.js, msw, Sentry's browser SDK with its documented extension `denyUrls`) and
 * the raw fetch / XMLHttpRequest / EventSource edge cases (test/e2e/transparency/) run in one page,
 * in separate launches of each browser without CORS Lens and with it as installed, and must observe
 * exactly the same: error names, messages and full stacks, function name/length/toString,
 * constructor and prototype identities, microtask order, event order, Sentry's delivered events,
 * and (Chromium) DevTools' initiator of every request.
 *
 * In Chromium, another launch keeps the product's defaults and opens DevTools with the CORS panel
 * on each probe's tab before the probe loads: the service-worker watch (src/content/sw-watch.ts)
 * then runs in its documents, and msw's worker gives it a controller to report.
 *
 * A third launch turns "Read calls inside the page" on (the MAIN-world page hooks) and records
 * what a page can then tell; that it differs proves the probe can see a wrapper at all, and the
 * categories are what the README and the panel's toggle say the opt-in costs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { differences, visitChromium, visitFirefox, type ProbePage, type Setup, type Visit } from './support/transparency-launch';
import { startTransparencySite, type TransparencySite } from './support/transparency-site';

const PAGES: ProbePage[] = ['raw', 'libs', 'zone', 'msw'];

/** "results.raw.sync.xhrBadMethod.stack" → "stack"; "initiators.3" → "initiator". */
function category(difference: string): string {
  const path = difference.split(':')[0]!;
  if (path.startsWith('initiators')) return 'initiator';
  if (/\.sentry\./.test(path)) return 'sentry events';
  if (/\.order\./.test(path)) return 'microtask order';
  if (/\.identities\./.test(path)) return 'identities';
  if (/\.functions\./.test(path)) return 'function toString';
  if (/stack$/.test(path)) return 'error stack';
  return path;
}

function summary(diffs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of diffs) out[category(d)] = (out[category(d)] ?? 0) + 1;
  return out;
}

/** Things the probe itself must have seen, or the comparison proves nothing. */
function expectProbeRan(visit: Visit): void {
  const raw = visit.results.raw as { async: { blocked: { rejected?: unknown }; ok: { resolved?: string } }; order: { abort: string } };
  expect(raw.async.blocked.rejected).toBeDefined();
  expect(raw.async.ok.resolved).toMatch(/^200 cors/);
  expect(raw.order.abort).toMatch(/fetch-rejected/);
  const libs = visit.results.libs as { sentry: { captured: number; delivered: number }; axios: { ok: { ok?: unknown } } };
  expect(libs.axios.ok.ok).toEqual({ ok: true });
  expect(libs.sentry.captured).toBe(7);
  expect(libs.sentry.delivered).toBeGreaterThanOrEqual(6);
  const msw = visit.results.msw as { mocked: { resolved?: string } };
  expect(msw.mocked.resolved).toMatch(/mocked/);
}

for (const [name, visit] of [
  ['Chromium', visitChromium],
  ['Firefox', visitFirefox],
] as const) {
  describe(`${name}: the page sees nothing`, () => {
    let site: TransparencySite;
    const visits: Partial<Record<Setup, Visit>> = {};

    beforeAll(async () => {
      site = await startTransparencySite();
      visits.without = await visit(site, PAGES, 'without');
    });
    afterAll(async () => {
      await site?.close();
    });

    test('with CORS Lens installed, every observable is the same as without it', async () => {
      visits.installed = await visit(site, PAGES, 'installed');
      expectProbeRan(visits.without!);
      // CORS Lens was really there, recording the probes' traffic.
      expect(visits.installed.recorded).toBeGreaterThan(0);
      const { recorded: _recorded, ...installed } = visits.installed;
      const diffs = differences(installed, visits.without);
      console.log(`${name}, installed vs without: ${diffs.length} differences ${JSON.stringify(summary(diffs))}; CORS Lens recorded ${_recorded} API requests`);
      expect(diffs).toEqual([]);
    });

    if (name === 'Chromium') {
      test('DevTools and the CORS panel open on the tab (the service-worker watch in its documents): every observable is the same', async () => {
        visits.inspected = await visit(site, PAGES, 'inspected');
        const { recorded, controlledTabs, ...inspected } = visits.inspected;
        // Recording the inspected tabs, and the watch ran: msw's worker controls its probe's tab.
        expect(recorded).toBeGreaterThan(0);
        expect(controlledTabs).toBeGreaterThan(0);
        const diffs = differences(inspected, visits.without!);
        console.log(`${name}, inspected vs without: ${diffs.length} differences ${JSON.stringify(summary(diffs))}; CORS Lens recorded ${recorded} API requests; ${controlledTabs} tab(s) told controlled`);
        expect(diffs).toEqual([]);
      });
    }

    test('"Read calls inside the page" on: what a page can tell (the opt-in\'s stated cost)', async () => {
      visits['page-hooks'] = await visit(site, PAGES, 'page-hooks');
      const { recorded: _recorded, ...withHooks } = visits['page-hooks'];
      const diffs = differences(withHooks, visits.without);
      const cost = summary(diffs);
      const libs = (v: Visit | undefined) => (v!.results.libs as { sentry: { delivered: number; captured: number } }).sentry;
      console.log(
        `${name}, page hooks on vs without: ${diffs.length} differences ${JSON.stringify(cost)}; ` +
          `Sentry (denyUrls for extensions) delivered ${libs(visits['page-hooks']).delivered}/${libs(visits['page-hooks']).captured} ` +
          `vs ${libs(visits.without).delivered}/${libs(visits.without).captured} without`,
      );
      // The wrapper is visible: the probe can see it, so the equality above is meaningful.
      expect(cost['function toString']).toBeGreaterThan(0);
      expect(cost['error stack']).toBeGreaterThan(0);
    });
  });
}
