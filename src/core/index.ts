/** Public API of the pure CORS core. */
export type * from './model';
export { evaluate, requestCorsProfile } from './evaluate';
export type { RequestCorsProfile } from './evaluate';
export { REASONS, REASON_IDS, reasonInfo } from './reasons';
export type { ReasonInfo } from './reasons';
export { originOf, isSameOrigin, parseUrl, schemeOf, isHttpScheme, hasUserinfo, isPotentiallyTrustworthy, displayUrl } from './http/origin';
export { getHeader, countHeader, headerValues, hasHeader, normalizeHeaderValue } from './http/headers';
export { isToken, parseTokenList } from './http/tokens';
export { parseMimeType } from './http/mime';
export {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  isForbiddenRequestHeader,
  isBrowserAddedHeader,
  CORS_SAFELISTED_RESPONSE_HEADERS,
} from './http/safelist';
export { isCorsSafelistedMethod, normalizeMethod, isForbiddenMethod } from './http/methods';
export { chromeCorsLine, chromeReasonText } from './messages/chrome';
export { firefoxLine } from './messages/firefox';
