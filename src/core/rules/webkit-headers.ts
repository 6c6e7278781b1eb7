/**
 * How WebKit names and orders request headers in its preflight check (verified in WebKitGTK 2.50,
 * lab + held-out scenarios): headers WebKit knows by name (`HTTPHeaderNames.in`) are kept in its
 * canonical spelling and come first; any other header keeps the page's spelling (`X-Request-ID`)
 * and comes after them; each group in the order the page set them. The first one the preflight
 * does not allow is the one WebKit names.
 */

/** WebKit's `HTTPHeaderNames.in` (2022+), the names it stores as known headers. */
const KNOWN = [
  'Accept', 'Accept-Charset', 'Accept-Language', 'Accept-Encoding', 'Accept-Ranges',
  'Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers', 'Access-Control-Allow-Methods',
  'Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', 'Access-Control-Max-Age',
  'Access-Control-Request-Headers', 'Access-Control-Request-Method', 'Age', 'Authorization',
  'Cache-Control', 'Clear-Site-Data', 'Connection', 'Content-Disposition', 'Content-Encoding',
  'Content-Language', 'Content-Length', 'Content-Location', 'Content-Security-Policy',
  'Content-Security-Policy-Report-Only', 'Content-Type', 'Content-Range', 'Cookie', 'Cookie2',
  'Cross-Origin-Embedder-Policy', 'Cross-Origin-Embedder-Policy-Report-Only', 'Cross-Origin-Opener-Policy',
  'Cross-Origin-Opener-Policy-Report-Only', 'Cross-Origin-Resource-Policy', 'Date', 'DNT', 'Default-Style',
  'ETag', 'Expect', 'Expires', 'Host', 'If-Match', 'If-Modified-Since', 'If-None-Match', 'If-Range',
  'If-Unmodified-Since', 'Keep-Alive', 'Last-Event-ID', 'Last-Modified', 'Link', 'Location', 'Origin',
  'Ping-From', 'Ping-To', 'Purpose', 'Pragma', 'Proxy-Authorization', 'Range', 'Referer', 'Referrer-Policy',
  'Refresh', 'Report-To', 'Reporting-Endpoints', 'Sec-Fetch-Dest', 'Sec-Fetch-Mode', 'Sec-Fetch-Site',
  'Sec-WebSocket-Accept', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Key', 'Sec-WebSocket-Protocol',
  'Sec-WebSocket-Version', 'Server-Timing', 'Service-Worker', 'Service-Worker-Allowed',
  'Service-Worker-Navigation-Preload', 'Set-Cookie', 'Set-Cookie2', 'SourceMap', 'TE', 'Timing-Allow-Origin',
  'Trailer', 'Transfer-Encoding', 'Upgrade', 'Upgrade-Insecure-Requests', 'User-Agent', 'Vary', 'Via',
  'X-Content-Type-Options', 'X-DNS-Prefetch-Control', 'X-Frame-Options', 'X-SourceMap', 'X-XSS-Protection',
  'X-Temp-Tablet', 'Icy-MetaInt', 'Icy-Metadata',
];
const CANONICAL = new Map(KNOWN.map((n) => [n.toLowerCase(), n]));

/** The name as WebKit prints it: its canonical spelling when it knows the header, else as given. */
export function webkitHeaderSpelling(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

/**
 * The first of `disallowed` (lowercase names) in WebKit's order over the request's header names
 * as the page set them; null when none of them is among `names` (spelling or order not captured).
 */
export function webkitFirstDisallowed(names: readonly string[], disallowed: ReadonlySet<string>): string | null {
  const known = names.filter((n) => CANONICAL.has(n.toLowerCase()));
  const other = names.filter((n) => !CANONICAL.has(n.toLowerCase()));
  const first = [...known, ...other].find((n) => disallowed.has(n.toLowerCase()));
  return first === undefined ? null : webkitHeaderSpelling(first);
}
