/**
 * Where the browsers' CORS engines differ, one row each: the order of the preflight checks, how a
 * response's Access-Control-Allow-Origin is classified, and the few behaviours one engine has and
 * the others lack. The rules (`rules/`) and the walk (`engine.ts`) read these rows and never ask
 * which browser they run for; what each browser *prints* lives in `messages/`.
 *
 * Chromium's row mirrors `services/network/public/cpp/cors/` (`cors.cc` CheckAccess,
 * `preflight_result.cc`, `preflight_controller.cc`), Firefox's `nsCORSListenerProxy.cpp`, WebKit's
 * `CrossOriginAccessControl.cpp` / `CrossOriginPreflightResultCache.cpp`; each verified in the lab.
 */
import type { BrowserId } from './model';
import { isCorsSafelistedMethod } from './http/methods';
import { chromeCheckAccess, firefoxCheckAccess, safariCheckAccess } from './rules/access-check';
import type { DisallowedHeaderPick, EngineSpec } from './rules/types';
import { webkitFirstDisallowed } from './rules/webkit-headers';

export type { EngineSpec, PreflightStep } from './rules/types';

/** Firefox and WebKit accept GET/HEAD/POST only in uppercase here (Firefox `EqualsLiteral`). */
const isUppercaseSafelistedMethod = (method: string): boolean => method === 'GET' || method === 'HEAD' || method === 'POST';

/** The first disallowed name in sorted order (the order Chromium and Firefox build the list in). */
const firstSorted: DisallowedHeaderPick = (unsafeSorted, disallowed) => unsafeSorted.find((n) => disallowed.has(n)) ?? null;

/** WebKit's order and spelling (rules/webkit-headers.ts), when the page's names were captured. */
const webkitOrder: DisallowedHeaderPick = (unsafeSorted, disallowed, namesAsSent) =>
  webkitFirstDisallowed(namesAsSent(), disallowed) ?? firstSorted(unsafeSorted, disallowed, namesAsSent);

const NO_ENGINE_OWN_BEHAVIOUR = {
  redirectLimit: null,
  refusesRedirectModeError: false,
  manualRedirectWithoutError: false,
  noCorsNeedsFollowRedirect: false,
  enforcesCorpOnNoCors: false,
  lostAfterPreflightIsNetworkError: false,
  schemesRefusedAtRedirect: new Set<string>(),
} as const;

export const ENGINES: Readonly<Record<BrowserId, EngineSpec>> = {
  chrome: {
    ownErrors: 'chrome',
    checkAccess: chromeCheckAccess,
    // PreflightController: any redirect first; then CheckAccess, status, parse both lists, match.
    preflightSteps: ['redirect', 'access', 'status', 'methods-parse', 'headers-parse', 'method', 'headers'],
    preflightOriginAfterTaint: 'null',
    implicitlyAllowedMethod: isCorsSafelistedMethod,
    namedDisallowedHeader: firstSorted,
    localNetworkAccess: 'cors-error',
    ...NO_ENGINE_OWN_BEHAVIOUR,
  },
  firefox: {
    ownErrors: 'firefox',
    checkAccess: firefoxCheckAccess,
    // The preflight channel is CORS-checked first, a 3xx included (then refused as a redirect);
    // parse and match interleave. Firefox 153 keeps the page's Origin after a tainting redirect.
    preflightSteps: ['access', 'redirect', 'status', 'methods-parse', 'method', 'headers-parse', 'headers'],
    preflightOriginAfterTaint: 'page',
    implicitlyAllowedMethod: isUppercaseSafelistedMethod,
    namedDisallowedHeader: firstSorted,
    localNetworkAccess: 'network-error',
    ...NO_ENGINE_OWN_BEHAVIOUR,
  },
  safari: {
    ownErrors: null,
    checkAccess: safariCheckAccess,
    // A redirect is a failed status (not followed, verified in WebKitGTK 2.50); status before ACAO.
    preflightSteps: ['redirect', 'status', 'access', 'methods-parse', 'method', 'headers-parse', 'headers'],
    preflightOriginAfterTaint: 'null',
    implicitlyAllowedMethod: isUppercaseSafelistedMethod,
    namedDisallowedHeader: webkitOrder,
    localNetworkAccess: 'absent',
    redirectLimit: 20,
    refusesRedirectModeError: true,
    manualRedirectWithoutError: true,
    noCorsNeedsFollowRedirect: true,
    enforcesCorpOnNoCors: true,
    lostAfterPreflightIsNetworkError: true,
    schemesRefusedAtRedirect: new Set(['ftp']),
  },
};
