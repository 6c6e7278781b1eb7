/**
 * Cookies across origins, explained: for a credentialed (or cookie-carrying) exchange, whether a
 * Cookie header went out, and for each Set-Cookie of its responses whether the browser stores it,
 * and whether it will come back on the next cross-site request — with the rule that decides.
 * Browsers report none of this to extensions; where the outcome depends on the user's settings
 * (third-party cookie blocking), the report says so instead of guessing.
 */
import type { AnalyzedExchange, BrowserId, Exchange } from '../model';
import { headerValues } from '../http/headers';
import { hostOf, isLoopbackHost, isSameSiteApprox, schemeOf } from '../http/origin';
import { cookieNames, parseSetCookie, type SetCookieLine } from './set-cookie';

export type CookieFate =
  /** Stored, and sent again on later requests from this page. */
  | 'stored'
  /** Stored in a jar keyed by the top-level site (CHIPS `Partitioned`, Firefox's Total Cookie Protection). */
  | 'partitioned'
  /** Stored only where the browser allows third-party cookies (user setting; Safari never). */
  | 'third-party'
  /** The browser refuses to store it. */
  | 'rejected'
  /** The browser ignores every Set-Cookie of this response (the request was not credentialed). */
  | 'ignored';

export interface SetCookieVerdict {
  name: string;
  hop: number;
  fate: CookieFate;
  /** One sentence: the rule that decides, and what to change. */
  why: string;
  /** The line Firefox prints in the page's console for a rejected cookie (Chrome prints none). */
  firefoxLine?: string;
}

export interface CookieReport {
  /** Whether the request was sent with credentials (include): only then do cookies cross origins. */
  credentialed: boolean;
  /** Same site (scheme + registrable domain; ports do not count) as the page? */
  sameSite: boolean;
  /** Names of the cookies the request carried, per hop that carried any (values never shown). */
  sent: { hop: number; names: string[] }[];
  setCookies: SetCookieVerdict[];
  /** Context: why no Cookie went out, localhost vs 127.0.0.1, what a browser hides. */
  notes: string[];
}

const isSecureUrl = (url: string) => schemeOf(url) === 'https' || isLoopbackHost(hostOf(url));

type Fate = Pick<SetCookieVerdict, 'fate' | 'why' | 'firefoxLine'>;

const firefoxCrossSite = (name: string) => `Cookie “${name}” has been rejected because it is in a cross-site context and its “SameSite” is “Lax” or “Strict”.`;
const firefoxNoneInsecure = (name: string) => `Cookie “${name}” rejected because it has the “SameSite=None” attribute but is missing the “secure” attribute.`;
const TCP = "Firefox keeps it in this site's partition (Total Cookie Protection): it comes back only on requests from pages of this top-level site";

/** What `browser` does with one Set-Cookie of a response to `url` (measured in Chromium 156 and Firefox ESR 153). */
function fateOf(c: SetCookieLine, url: string, crossSite: boolean, browser: BrowserId): Fate {
  const label = c.name === '' ? 'This cookie' : `\`${c.name}\``;
  if (c.secure && !isSecureUrl(url)) {
    return { fate: 'rejected', why: `${label} is Secure but came over plain http: browsers only store Secure cookies from https (or localhost).` };
  }
  if (c.sameSite === 'none' && !c.secure) {
    return { fate: 'rejected', why: `${label} has SameSite=None without Secure: Chrome and Firefox reject it. Add Secure (and serve over https, or use localhost).`, firefoxLine: firefoxNoneInsecure(c.name) };
  }
  if (c.partitioned && !c.secure) return { fate: 'rejected', why: `${label} is Partitioned without Secure: browsers reject it. Add Secure.` };
  if (!crossSite) {
    return { fate: 'stored', why: `${label} is same-site with the page (ports do not count), so SameSite=${c.sameSite === 'unset' ? 'Lax (the default)' : c.sameSite} does not stop it.` };
  }
  if (c.sameSite === 'lax' || c.sameSite === 'strict') {
    return {
      fate: 'rejected',
      why: `${label} is SameSite=${c.sameSite === 'lax' ? 'Lax' : 'Strict'} but comes from a cross-site response to a fetch, not a top-level navigation: Chrome and Firefox refuse it. Send SameSite=None; Secure for a cross-site API, or serve the API on the page's site.`,
      firefoxLine: firefoxCrossSite(c.name),
    };
  }
  if (c.sameSite === 'unset') {
    return browser === 'firefox'
      ? { fate: 'partitioned', why: `${label} has no SameSite attribute, which Firefox reads as None here; ${TCP}. Chrome reads it as Lax and refuses it: send SameSite=None; Secure.` }
      : { fate: 'rejected', why: `${label} has no SameSite attribute, which Chrome treats as Lax: refused on a cross-site response. Send SameSite=None; Secure.` };
  }
  if (c.partitioned) {
    return { fate: 'partitioned', why: `${label} is SameSite=None; Secure; Partitioned: stored per top-level site (CHIPS) and sent back only when this page's site calls the API again.` };
  }
  if (browser === 'firefox') return { fate: 'partitioned', why: `${label} is SameSite=None; Secure on a cross-site response: ${TCP}.` };
  return {
    fate: 'third-party',
    why: `${label} is SameSite=None; Secure, so it is a third-party cookie here: Chrome stores it only where the user allows third-party cookies, Firefox partitions it per top-level site, Safari blocks it. For a durable session, serve the API on the page's site or use Partitioned.`,
  };
}

function sentNames(e: Exchange): CookieReport['sent'] {
  const out: CookieReport['sent'] = [];
  e.hops.forEach((h, hop) => {
    const names = headerValues(h.request.requestHeaders, 'cookie').flatMap(cookieNames);
    if (names.length) out.push({ hop, names });
  });
  return out;
}

/** Null when cookies play no part: not credentialed, and no Cookie or Set-Cookie on the wire. */
export function cookieReport({ exchange: e, verdict: v }: AnalyzedExchange, browser: BrowserId = 'chrome'): CookieReport | null {
  const page = typeof e.initiatorOrigin === 'string' ? e.initiatorOrigin : undefined;
  const credentialed = v.credentials.mode === 'include';
  const sent = sentNames(e);
  const lines = e.hops.map((h) => headerValues(h.request.responseHeaders, 'set-cookie'));
  if (!credentialed && sent.length === 0 && lines.every((l) => l.length === 0)) return null;

  const url = e.hops[0]?.request.url ?? e.url;
  const sameSite = page !== undefined && isSameSiteApprox(page, url);
  const setCookies: SetCookieVerdict[] = [];
  lines.forEach((values, hop) => {
    const hopUrl = e.hops[hop]!.request.url;
    const crossSite = page === undefined || !isSameSiteApprox(page, hopUrl);
    for (const value of values.flatMap((v) => v.split('\n'))) {
      const c = parseSetCookie(value);
      if (!c) continue;
      if (!credentialed) {
        setCookies.push({ name: c.name, hop, fate: 'ignored', why: `The request was not credentialed, so the browser ignores its Set-Cookie headers. Use fetch \`credentials: 'include'\` (XHR \`withCredentials\`) and allow credentials on the server.` });
      } else setCookies.push({ name: c.name, hop, ...fateOf(c, hopUrl, crossSite, browser) });
    }
  });

  const notes: string[] = [];
  const pageHost = page === undefined ? '' : hostOf(page);
  const apiHost = hostOf(url);
  if (isLoopbackHost(pageHost) && isLoopbackHost(apiHost) && pageHost !== apiHost) {
    notes.push(`${pageHost} and ${apiHost} are different sites (ports are not): cookies set for one are not sent to the other. Use the same host name for the page and the API.`);
  }
  if (credentialed && sent.length === 0 && v.outcome !== 'blocked') {
    notes.push(
      sameSite
        ? 'No Cookie header went out: the browser has no cookie for this host and path yet (or it was set with a different Domain or Path).'
        : 'No Cookie header went out on this cross-site request: either no cookie is stored for the API, or the browser withheld it (SameSite=Lax/Strict, third-party cookie blocking). Browsers do not tell extensions which cookies they withheld; DevTools\' Network → Cookies tab shows it.',
    );
  }
  if (!credentialed && sent.length === 0 && page !== undefined && !sameSite) {
    notes.push("The request was not credentialed: cookies are neither sent nor stored across origins without `credentials: 'include'`.");
  }
  return { credentialed, sameSite, sent, setCookies, notes };
}
