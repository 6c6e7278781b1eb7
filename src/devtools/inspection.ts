/**
 * Tells the background that DevTools is open on a tab, for as long as it is: a port named
 * `devtools:<tabId>` (the background records that tab while one is connected). When the
 * background stops (Chrome stops its service worker; Firefox suspends its event page), the port
 * drops, and the DevTools page connects again at once, which starts the background again and
 * gives it the tab back. A ping every DEVTOOLS_PING_MS keeps Chrome's worker from idling out:
 * an open port alone does not, messages do.
 */
import { connectPort, type PortLike } from '../platform/ports';
import { DEVTOOLS_PING_MS, devtoolsPortName, type FromDevtoolsPage } from '../shared/protocol';

export function holdInspection(tabId: number): void {
  let port: PortLike<unknown, FromDevtoolsPage> | undefined;
  let retries = 0;
  const connect = () => {
    const p = connectPort<unknown, FromDevtoolsPage>(devtoolsPortName(tabId));
    port = p;
    p.onMessage(() => undefined);
    p.onDisconnect(() => {
      if (port !== p) return;
      port = undefined;
      // At once the first time (the background was stopped); then back off, should it keep
      // refusing (the extension is being reloaded).
      const delay = retries === 0 ? 0 : Math.min(2000, 50 * 2 ** retries);
      retries++;
      setTimeout(() => {
        if (!port) connect();
      }, delay);
    });
  };
  connect();
  setInterval(() => {
    try {
      port?.post({ type: 'ping' });
      retries = 0;
    } catch {
      // Disconnected: onDisconnect reconnects.
    }
  }, DEVTOOLS_PING_MS);
}
