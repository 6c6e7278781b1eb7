/**
 * Firefox has no service worker to warm up: the event page's listeners are live once a request
 * shows up in the panel. Fire same-origin-to-API requests until one does, then navigate back to
 * the lab page (a navigation clears the warm-up rows).
 */
import type { FirefoxPanel, FirefoxSession } from './firefox';
import { waitForLabPage, type Lab } from './lab';
import { waitFor } from './wait';

export async function warmUpFirefoxPanel(browser: FirefoxSession, panel: FirefoxPanel, lab: Lab, tag: string): Promise<void> {
  let n = 0;
  await waitFor(
    async () => {
      n += 1;
      await browser.page.evaluate((u) => fetch(u).then((r) => r.text(), () => ''), `${lab.apiOrigin}/__lab/log?${tag}=${n}`);
      return (await panel.rows()).some((r) => r.url.includes(`${tag}=`));
    },
    { message: 'a warm-up request in the Firefox panel', interval: 200 },
  );
  await browser.page.goto(lab.pageUrl);
  await waitForLabPage(browser.page);
}
