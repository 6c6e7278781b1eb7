/**
 * Redirect handling (Fetch "HTTP-redirect fetch", Chromium `CorsURLLoader::OnReceiveRedirect`):
 * every 3xx in CORS mode is CORS-checked like a final response (done by the caller with
 * access-check), then the Location is checked (userinfo, scheme), then the request may become
 * *tainted*: once it has left its origin and is redirected to yet another origin, `Origin: null`
 * is sent — and stays for the rest of the chain, even back to the page's own origin
 * (verified in Chromium 156).
 */
import type { Hop, Observation, ReasonId } from '../model';
import type { EngineSpec } from './types';
import { getHeader } from '../http/headers';
import { hasUserinfo, isHttpScheme, isSameOrigin, parseUrl, schemeOf } from '../http/origin';
import type { Check } from './types';

/** Where this hop's response redirected to, or null when it was not a followed redirect. */
export function redirectTarget(hop: Hop, next: Hop | undefined): string | null {
  const req: Observation = hop.request;
  if (typeof req.redirectUrl === 'string' && req.redirectUrl !== '') return req.redirectUrl;
  const status = req.status ?? 0;
  if (status < 300 || status > 399) return null;
  const location = getHeader(req.responseHeaders, 'location');
  if (location !== null) {
    try {
      return new URL(location, req.url).href;
    } catch {
      return location;
    }
  }
  return next ? next.request.url : null;
}

/**
 * Fetch "redirect-taint": set when the Location's origin differs from the current URL's origin
 * and the request's origin differs from the current URL's origin. Once set it never clears.
 */
export function nextTainted(tainted: boolean, initiator: string | undefined, currentUrl: string, location: string): boolean {
  if (tainted) return true;
  return !isSameOrigin(location, currentUrl) && !isSameOrigin(initiator, currentUrl);
}

export interface LocationProblem {
  reason: ReasonId;
  /** The URL the failure is about, when it is the Location rather than the 3xx's URL. */
  url?: string;
  check: Check & { kind: 'location' };
}

/**
 * Location checks after the 3xx passed its CORS check. Userinfo in a CORS redirect is a
 * network error everywhere (Chromium names no value: `Redirect location ''`, verified in 156;
 * Firefox prints only "CORS request did not succeed").
 */
export function checkRedirectLocation(
  spec: Pick<EngineSpec, 'schemesRefusedAtRedirect'>,
  i: { location: string; url: string; corsActive: boolean; tainted: boolean; initiator: string | undefined },
): LocationProblem | null {
  const parsed = parseUrl(i.location);
  const refused = (refusal: LocationRefusal) => ({ kind: 'location', location: i.location, from: i.url, refusal }) as const;
  if (parsed && hasUserinfo(i.location) && (i.corsActive || i.tainted || !isSameOrigin(i.initiator, i.location))) {
    return { reason: 'redirect-contains-credentials', check: refused('credentials') };
  }
  if (parsed && !isHttpScheme(i.location)) {
    // data: (and other schemes //net deems unsafe) fail as net::ERR_UNSAFE_REDIRECT before CORS
    // sees them, which the caller reads from the hop's error. Any other scheme reaches the CORS
    // loader, which refuses it as for a first request: Chromium 156 reports CorsDisabledScheme
    // naming the Location, Firefox prints CORSRequestNotHttp for the Location, then "did not
    // succeed" for the 3xx (both verified, lab scenario redirect-non-http-scheme).
    const scheme = schemeOf(i.location);
    if (NET_UNSAFE_REDIRECT_SCHEMES.has(scheme)) return { reason: 'redirect-non-http-scheme', check: refused('unsafe-scheme') };
    // WebKit refuses ftp: before CORS sees it, naming the 3xx's URL (WebKitGTK 2.50).
    if (spec.schemesRefusedAtRedirect.has(scheme)) return { reason: 'redirect-non-http-scheme', check: refused('refused-scheme') };
    return { reason: 'redirect-non-http-scheme', url: i.location, check: refused('non-http') };
  }
  return null;
}

type LocationRefusal = (Check & { kind: 'location' })['refusal'];

/**
 * Schemes whose //net protocol handler refuses to be a redirect target (`IsSafeRedirectTarget`):
 * ERR_UNSAFE_REDIRECT. Schemes without a handler (ftp:, custom ones) count as safe and reach CORS.
 */
const NET_UNSAFE_REDIRECT_SCHEMES = new Set(['data', 'file']);
