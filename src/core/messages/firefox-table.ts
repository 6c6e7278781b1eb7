/**
 * Firefox's console lines for each failed check: `security.properties` keys with their arguments,
 * in the order Firefox 153 logs them (`nsCORSListenerProxy::LogBlockedRequest`), including the
 * trailing "CORS request did not succeed" lines. `./firefox.ts` prints them.
 */
import type { AccessProblem } from '../rules/access-check';
import { DID_NOT_SUCCEED, type CheckTable, type FirefoxLine } from '../rules/types';

const statusArg = (status: number | undefined): string => (status ? String(status) : '(null)');

/** "CORS request did not succeed … (null)" for `url`, `count` times. */
function didNotSucceed(url: string, count = 1): FirefoxLine[] {
  return Array.from({ length: count }, () => ({ key: DID_NOT_SUCCEED, url, arg: '(null)' }));
}

function accessLine(p: AccessProblem, url: string, status: number | undefined): FirefoxLine {
  switch (p.kind) {
    case 'missing':
      return { key: 'CORSMissingAllowOrigin2', url, arg: statusArg(status) };
    case 'wildcard-with-credentials':
      return { key: 'CORSNotSupportingCredentials', url };
    case 'multiple':
      return { key: 'CORSMultipleAllowOriginNotAllowed', url };
    case 'invalid':
    case 'mismatch':
      return { key: 'CORSAllowOriginNotMatchingOrigin', url, arg: p.value };
    case 'acac':
      return { key: 'CORSMissingAllowCredentials', url };
  }
}

/** A failed preflight check: its line, then "did not succeed" for the actual request. */
const preflightLine = (line: FirefoxLine): FirefoxLine[] => [line, ...didNotSucceed(line.url)];

export const FIREFOX_LINES: CheckTable<FirefoxLine[]> = {
  scheme: (_c, p) => [{ key: 'CORSRequestNotHttp', url: p.url }],
  // Verified in Firefox 153: a redirected preflight that fails its CORS check logs "did not succeed"
  // twice; a redirect hop of the actual request once.
  access: (c, p) => [accessLine(c.access, p.url, p.status), ...didNotSucceed(p.url, (c.preflight ? 1 : 0) + (c.redirected ? 1 : 0))],
  // External redirect, then "preflight response did not succeed" with the 3xx status, then the request's line.
  'preflight-redirect': (_c, p) => [{ key: 'CORSExternalRedirectNotAllowed', url: p.url }, ...preflightLine({ key: 'CORSPreflightDidNotSucceed3', url: p.url, arg: statusArg(p.status) })],
  'preflight-status': (_c, p) => preflightLine({ key: 'CORSPreflightDidNotSucceed3', url: p.url, arg: statusArg(p.status) }),
  'list-unparsable': (c, p) => preflightLine({ key: c.list === 'methods' ? 'CORSInvalidAllowMethod' : 'CORSInvalidAllowHeader', url: p.url, arg: c.invalid }),
  'method-not-allowed': (_c, p) => preflightLine({ key: 'CORSMethodNotFound', url: p.url }),
  'header-not-allowed': (c, p) => preflightLine({ key: 'CORSMissingAllowHeaderFromPreflight2', url: p.url, arg: c.name }),
  // Userinfo and data:/file: targets print only "did not succeed" for the 3xx; another scheme is
  // refused as a request of its own first (lab scenario redirect-non-http-scheme).
  location: (c) => {
    if (c.refusal === 'refused-scheme') return [];
    const notHttp: FirefoxLine[] = c.refusal === 'non-http' ? [{ key: 'CORSRequestNotHttp', url: c.location }] : [];
    return [...notHttp, ...didNotSucceed(c.from)];
  },
  'mode-same-origin': () => [],
  'no-cors-redirect-mode': () => [],
  corp: () => [],
  network: (c, p) => (c.corsRequest ? didNotSucceed(p.url) : []),
  'redirect-mode-error': () => [],
  // Firefox 153: "did not succeed" for the preflight and again for the request; nothing for no-cors loads.
  'local-network': (c, p) => (c.corsRequest ? didNotSucceed(p.url, c.preflighted ? 2 : 1) : []),
  // Firefox 153 adds "did not succeed" after refusing a module (not an EventSource).
  mime: (c, p) => (c.as === 'module-script' ? didNotSucceed(p.url) : []),
};
