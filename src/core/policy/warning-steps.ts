/** One step per warning id: risky configurations that work today. */
import type { PlanInput } from './reason-plans';

/** Steps for warnings: risky configurations that work today. */
const WARNING_STEPS: Record<string, (p: PlanInput) => string> = {
  'warn-reflected-origin-without-vary': () => 'Add `Vary: Origin`: the answer depends on Origin, and without it caches can serve one origin\'s answer to another (intermittent CORS errors).',
  'warn-reflect-any-origin-with-credentials': (p) => `Security: the server echoes any Origin together with credentials, so any website can read your users' data. Check Origin against an allow-list (${p.origin ?? 'your front-end origins'}) instead of echoing it.`,
  'warn-acao-null': () => 'Security: never allow the origin `null` (sandboxed iframes, file: pages and redirected requests all send it, so any site can).',
  'warn-max-age-exceeds-cap': () => 'Access-Control-Max-Age is above what browsers honour (Safari 600 s, Chrome 7200 s): use 600.',
  'warn-max-age-invalid-or-zero': () => 'Access-Control-Max-Age is missing, zero or not a number, so every request pays a preflight: send `Access-Control-Max-Age: 600`.',
  'warn-expose-headers-missing': (p) => `List the response headers the page reads in Access-Control-Expose-Headers (${p.facts.exposeHeaders.join(', ') || 'e.g. Location, ETag'}); otherwise the page reads null, with no error.`,
  'warn-set-cookie-not-exposable': () => 'Set-Cookie can never be read by page script, even if exposed: the browser stores the cookie itself. Return what the page needs in the body or another header.',
  'warn-acac-with-wildcard': () => '`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true` is contradictory: for credentialed requests send the exact origin instead of `*`.',
  'warn-wildcard-methods-headers-with-credentials': () => 'With credentials, `*` in Access-Control-Allow-Methods/-Headers is a literal name: list the methods and headers explicitly.',
  'warn-authorization-wildcard': () => 'List `authorization` explicitly in Access-Control-Allow-Headers: `*` does not cover it by the standard, and browsers warn that this will stop working.',
  'warn-lowercase-method': (p) => `Write the method in upper case (\`${p.facts.method.toUpperCase()}\`): \`${p.facts.method}\` is sent as written and most servers reject it.`,
  'warn-unexpected-preflight': (p) => `This request is preflighted because of ${[p.facts.method !== 'GET' && p.facts.method !== 'POST' && p.facts.method !== 'HEAD' ? `the method ${p.facts.method}` : '', p.facts.unsafeHeaders.join(', ')].filter(Boolean).join(' and ') || 'its shape'}; either keep it simple (no custom headers, a safelisted Content-Type) or make sure OPTIONS is answered quickly with a Max-Age.`,
  'warn-third-party-cookies': () => 'The session cookie did not travel with this cross-site request: set it with `SameSite=None; Secure` (and expect browsers that block third-party cookies), or serve the API from the same site.',
  'warn-304-cors': () => 'A 304 reuses the cached response\'s CORS headers: send the same CORS headers on 200 and 304 answers.',
  'warn-preflight-cache-defeated': () => 'The preflight cannot be cached (unique URLs, alternating credentials, or DevTools "Disable cache"): keep request URLs stable and send Access-Control-Max-Age.',
  'warn-credentials-in-request-url': () => 'The URL contains user:password; browsers strip it from CORS requests. Send credentials in an Authorization header instead.',
  'redirect-authorization-stripped': () => 'A cross-origin redirect removed the Authorization header: call the final URL directly.',
};
WARNING_STEPS['preflight-authorization-not-covered-by-wildcard'] = WARNING_STEPS['warn-authorization-wildcard']!;
WARNING_STEPS['warn-chrome-authorization-deprecation-issue'] = WARNING_STEPS['warn-authorization-wildcard']!;

export function warningSteps(ids: string[], p: PlanInput): string[] {
  const out: string[] = [];
  for (const id of new Set(ids)) {
    const step = WARNING_STEPS[id];
    if (step) out.push(step(p));
  }
  return out;
}
