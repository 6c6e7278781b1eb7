/**
 * URL building shared by the lab server (redirect Locations, `urlFor`) and the lab page (the
 * requests it makes). Pure: no Node or DOM API.
 */
import type { LabPageVariant, LabTarget } from './scenario-types';

export interface LabOrigins {
  pageOrigin: string;
  /** http://localhost:API — cross-site to the page. */
  apiOrigin: string;
  /** http://127.0.0.1:API — cross-origin but same-site (cookies flow). */
  apiSameSiteOrigin: string;
  thirdOrigin: string;
  /** An origin whose port nothing listens on. */
  closedOrigin: string;
  /** http://127.0.0.1:PUBLIC — the lab page again, on a port tests declare public (Local Network Access). */
  publicPageOrigin?: string;
  /** https://127.0.0.1:SECURE — the lab page over https (mixed content); absent without openssl. */
  securePageOrigin?: string;
  /** http://api.cors-lab.test:API — the API under a name tests map to 127.0.0.1. */
  namedApiOrigin?: string;
}

/** The API's DNS name (target `api-named`): tests map it to 127.0.0.1. */
export const LAB_API_HOSTNAME = 'api.cors-lab.test';

/** The URL of the lab page a scenario runs from (see `Scenario.page`). */
export function labPageUrl(o: LabOrigins, variant?: LabPageVariant): string {
  if (variant === 'public') return `${o.publicPageOrigin ?? o.pageOrigin}/`;
  if (variant === 'coep') return `${o.pageOrigin}/coep`;
  // Without openssl the lab has no https page: the scenarios then run on the http page (and disagree visibly).
  if (variant === 'secure') return `${o.securePageOrigin ?? o.pageOrigin}/`;
  return `${o.pageOrigin}/`;
}

/** `ws://` for an `http://` origin (WebSocket scenarios), `wss://` for `https://`. */
export function webSocketOrigin(httpOrigin: string): string {
  return httpOrigin.replace(/^http/, 'ws');
}

export function originFor(target: LabTarget, o: LabOrigins): string {
  switch (target) {
    case 'page':
      return o.pageOrigin;
    case 'api':
      return o.apiOrigin;
    case 'api-same-site':
      return o.apiSameSiteOrigin;
    case 'third':
      return o.thirdOrigin;
    case 'closed':
      return o.closedOrigin;
    case 'api-named':
      return o.namedApiOrigin ?? o.apiOrigin;
  }
}

/** `/s/{id}/{step}?n={nonce}`; the nonce keeps each run's URL (and preflight cache key) unique. */
export function scenarioPath(id: string, step = 'main', nonce?: string): string {
  const base = `/s/${encodeURIComponent(id)}/${encodeURIComponent(step)}`;
  return nonce === undefined || nonce === '' ? base : `${base}?n=${encodeURIComponent(nonce)}`;
}

/** Parses `/s/{id}/{step}` (query ignored); null for any other path. */
export function parseScenarioPath(url: string): { id: string; step: string; query: string } | null {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const m = /^\/s\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  try {
    return { id: decodeURIComponent(m[1]), step: decodeURIComponent(m[2]), query: q === -1 ? '' : url.slice(q) };
  } catch {
    return null;
  }
}
