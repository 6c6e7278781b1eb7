/* Mock Service Worker (msw's browser build, window.MockServiceWorker): a mocked cross-origin
 * API, a request passed through to the network, and a blocked one. */
/* eslint-disable */
window.runMswProbe = async (P) => {
  const { setupWorker, http, HttpResponse } = window.MockServiceWorker;
  const worker = setupWorker(http.get(P.mocked, () => HttpResponse.json({ mocked: true })));
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  const view = async (p) => {
    try {
      const r = await p;
      return { resolved: r.status + ' ' + r.type + ' ' + (await r.text()) };
    } catch (e) {
      return { rejected: { name: e.name, message: e.message, stack: String(e.stack) } };
    }
  };
  const result = { mocked: await view(fetch(P.mocked)), ok: await view(fetch(P.ok)), blocked: await view(fetch(P.blocked)) };
  worker.stop();
  return result;
};
