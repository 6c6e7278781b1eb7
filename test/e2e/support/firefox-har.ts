/**
 * Firefox's own HAR of the inspected tab (`devtools.network.getHAR()`, read in the CORS panel),
 * once its network monitor has caught up with the page.
 *
 * Under load the monitor lags behind the page, takes requests in in order, and may leave part of
 * a large burst out for good (tests list such runs as "not in Firefox's HAR"). So this waits for a
 * barrier: a same-origin request the page makes after everything else, whose response is in the
 * HAR once the monitor has taken in everything before it. A new barrier each try, in case one is
 * itself left out. Same-origin, so no CORS verdict, console line or Local Network Access prompt
 * comes of it.
 *
 * "Its response is in" means its response headers, not its status: after the lab's burst of 330
 * runs, Firefox ESR 153 gives every later entry its headers but leaves `status: 0` and
 * `httpVersion: ""` for good, on a quiet machine too (measured: 73 reads over 60 s). The HAR
 * importer reads such an entry as a response of unknown status (src/sources/har.ts).
 */
import type { Page } from 'puppeteer-core';
import type { FirefoxPanel } from './firefox';
import { waitFor } from './wait';

export interface FirefoxHar {
  entries: Array<{ request: { url: string; method: string }; response: { status: number; headers: unknown[] } }>;
}

const MARK = 'cors-lens-har-barrier';

export function readFirefoxHar(panel: FirefoxPanel): Promise<FirefoxHar> {
  // The frame script sees the panel window through an Xray: the extension's `browser` is on the page side.
  return panel.run<FirefoxHar>('const api = (window.wrappedJSObject || window).browser; return JSON.parse(JSON.stringify(await api.devtools.network.getHAR()));');
}

/** The HAR, read once a request the page made after every earlier one has its response in it. */
export async function readFirefoxHarCaughtUp(panel: FirefoxPanel, page: Page): Promise<FirefoxHar> {
  const barriers: string[] = [];
  return waitFor(
    async () => {
      const url = await page.evaluate(async (mark: string) => {
        const u = new URL(location.href);
        u.search = `?${mark}=${Date.now()}-${Math.random().toString(36).slice(2)}`;
        u.hash = '';
        await fetch(u.href, { cache: 'no-store' }).then((r) => r.text()).catch(() => '');
        return u.href;
      }, MARK);
      barriers.push(url);
      const har = await readFirefoxHar(panel);
      return har.entries.some((e) => barriers.includes(e.request.url) && (e.response.status > 0 || e.response.headers.length > 0)) ? har : null;
    },
    { message: 'Firefox’s HAR to hold the response of a request made after every run' },
  );
}
