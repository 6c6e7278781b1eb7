/**
 * A site for the page-side scope tests (issue 13: the page-side scripts go only into tabs under
 * inspection). One server on every local address, so the same page is reachable on three sites
 * CORS Lens may see from install: http://127.0.0.1, http://localhost and http://[::1] (match
 * patterns ignore ports). A page fetches the API (a cross-origin server that shares its `/allowed`
 * answers), makes one preflighted PUT the API refuses (so that a tab nobody inspects is badged and
 * the panel offers "Reload and capture"), optionally loads a frame from another site that fetches
 * the API too, and resolves `window.loaded` when all are done. Every URL carries a tag.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type LocalSite = '127.0.0.1' | 'localhost' | '[::1]';

export interface PageScopeSite {
  origin(site: LocalSite): string;
  /** A page on `site`; with `frame`, it also loads a frame from that site. */
  pageUrl(site: LocalSite, tag: string, frame?: LocalSite): string;
  /** The API (cross-origin to every page, shares its answers). */
  apiUrl(tag: string): string;
  /** The PUT the page makes and the API refuses. */
  blockedUrl(tag: string): string;
  close(): Promise<void>;
}

function pageHtml(api: string, tag: string, frameUrl: string | undefined): string {
  const fetchApi = (from: string) => `fetch(${JSON.stringify(`${api}/allowed?tag=${encodeURIComponent(tag)}&from=${from}`)}).then((r) => r.text())`;
  const frame = frameUrl
    ? `await new Promise((done) => { addEventListener('message', (e) => { if (e.data === 'frame-done') done(); }); const f = document.createElement('iframe'); f.src = ${JSON.stringify(frameUrl)}; document.body.append(f); });`
    : '';
  const refused = `fetch(${JSON.stringify(`${api}/blocked?tag=${encodeURIComponent(tag)}`)}, { method: 'PUT' }).catch(() => 'blocked')`;
  return `<!doctype html><title>page-scope ${tag}</title><body><script>window.loaded = (async () => { await Promise.all([${fetchApi('top')}, ${refused}]); ${frame} return 'done'; })();</script></body>`;
}

export async function startPageScopeSite(): Promise<PageScopeSite> {
  const api = http.createServer((req, res) => {
    if ((req.url ?? '').startsWith('/allowed')) res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    res.end('ok');
  });
  let apiOrigin = '';
  let port = 0;
  const origin = (site: LocalSite) => `http://${site}:${port}`;
  const pages = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const tag = url.searchParams.get('tag') ?? 'none';
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    if (url.pathname === '/frame') {
      const fetchApi = `fetch(${JSON.stringify(`${apiOrigin}/allowed?tag=${encodeURIComponent(tag)}&from=frame`)})`;
      res.end(`<!doctype html><script>${fetchApi}.then((r) => r.text()).finally(() => parent.postMessage('frame-done', '*'));</script>`);
      return;
    }
    const frame = url.searchParams.get('frame');
    res.end(pageHtml(apiOrigin, tag, frame ? `${frame}/frame?tag=${encodeURIComponent(tag)}` : undefined));
  });
  await Promise.all([new Promise<void>((r) => api.listen(0, '127.0.0.1', r)), new Promise<void>((r) => pages.listen(0, '::', r))]);
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  port = (pages.address() as AddressInfo).port;
  return {
    origin,
    pageUrl: (site, tag, frame) => `${origin(site)}/page?tag=${encodeURIComponent(tag)}${frame ? `&frame=${encodeURIComponent(origin(frame))}` : ''}`,
    apiUrl: (tag) => `${apiOrigin}/allowed?tag=${encodeURIComponent(tag)}&from=test`,
    blockedUrl: (tag) => `${apiOrigin}/blocked?tag=${encodeURIComponent(tag)}`,
    close: async () => {
      api.closeAllConnections();
      pages.closeAllConnections();
      await Promise.all([new Promise<void>((r) => api.close(() => r())), new Promise<void>((r) => pages.close(() => r()))]);
    },
  };
}
