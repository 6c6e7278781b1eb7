/**
 * Per taxonomy reason: what kind of fix it is, the reason-specific steps, and the client change
 * when the client is at fault. The header values themselves come from the policy and the diff.
 */
import type { ReasonId, Verdict } from '../model';
import type { FixFacts } from './facts';
import type { ClientChange, FixKind } from './types';
import { jsString } from '../fixes/escape';
import { absolute, ERROR_STATUS_HINT, errorStatusStep, fetchCall, netErrorStep, oddCaseMethodChange, originValueHint, requestOpts, status } from './plan-steps';

export { oddCaseMethodChange } from './plan-steps';
export { warningSteps } from './warning-steps';
import { getHeader, headerValues } from '../http/headers';
import { isUnnormalizedLowercaseMethod } from '../http/methods';

export interface Plan {
  kind: FixKind;
  steps: string[];
  clientChange?: ClientChange;
  /** Compute the header diff against the observed responses. */
  diff: boolean;
  /** Diff the deciding hop's response as a redirect response. */
  diffAsRedirect?: boolean;
  /** Append the general "configure CORS like this" steps. */
  serverSteps: boolean;
}

export interface PlanInput {
  facts: FixFacts;
  verdict: Verdict;
  /** The origin the policy allows, when known. */
  origin: string | undefined;
}

type Planner = (p: PlanInput) => Plan;

const serverHeaders = (steps: string[]): Plan => ({ kind: 'server-headers', steps, diff: true, serverSteps: true });

/** The access-check plans, worded for the actual response or for the preflight. */
function acaoPlan(where: 'actual' | 'preflight') {
  const on = where === 'preflight' ? 'preflight (OPTIONS) response' : 'response';
  const obs = (p: PlanInput) => (where === 'preflight' ? p.facts.preflight : p.facts.actual);
  const acao = (p: PlanInput) => getHeader(obs(p)?.responseHeaders, 'access-control-allow-origin');
  return {
    wildcard: (p: PlanInput) => {
      const plan = serverHeaders([
        `The ${on} says \`Access-Control-Allow-Origin: *\`, which browsers refuse for requests with credentials (cookies or HTTP auth). Send the exact origin ${p.origin ?? 'of the page'} from an allow-list, plus \`Access-Control-Allow-Credentials: true\`.`,
        'If the request does not need cookies, the alternative is to stop sending them (remove `credentials: \'include\'` / `withCredentials`).',
      ]);
      return plan;
    },
    multiple: (p: PlanInput) => {
      const fields = headerValues(obs(p)?.responseHeaders, 'access-control-allow-origin');
      return serverHeaders([
        fields.length > 1
          ? `The ${on} carries ${fields.length} Access-Control-Allow-Origin fields: two layers (typically a reverse proxy or CDN and the application) both add CORS headers. Keep CORS in exactly one layer and remove it from the other.`
          : `The ${on} puts several origins in one Access-Control-Allow-Origin value. The header holds one origin: check the request's Origin against your allow-list and send back only that one.`,
      ]);
    },
    invalid: (p: PlanInput) =>
      serverHeaders([
        `The ${on} has Access-Control-Allow-Origin \`${acao(p) ?? ''}\`, which is not an origin. ${originValueHint(acao(p), p.origin) ?? ''} Send the full origin ${p.origin ?? ''} (scheme://host[:port]).`.replace(/\s+/g, ' ').trim(),
      ]),
    mismatch: (p: PlanInput) =>
      serverHeaders([
        `The ${on} allows \`${acao(p) ?? ''}\` but the page's origin is ${p.origin ?? 'different'}. ${originValueHint(acao(p), p.origin) ?? 'Add the page origin to the allow-list and send it when it matches.'}`.trim(),
      ]),
    acac: (p: PlanInput) =>
      serverHeaders([
        `The request carries credentials, so the ${on} must send \`Access-Control-Allow-Credentials: true\` (exactly, lower case); it sent \`${getHeader(obs(p)?.responseHeaders, 'access-control-allow-credentials') ?? '(nothing)'}\`.`,
        ...(where === 'preflight' ? ['Servers often set it only on the actual response: the OPTIONS answer needs it too.'] : []),
      ]),
  } satisfies Record<string, Planner>;
}

const ACTUAL = acaoPlan('actual');
const PREFLIGHT = acaoPlan('preflight');

/** One plan per reason: a reason without one is a compile error. */
const PLANS: Readonly<Record<ReasonId, Planner>> = {
  'acao-wildcard-with-credentials': ACTUAL.wildcard,
  'acao-multiple-values': ACTUAL.multiple,
  'acao-invalid-value': ACTUAL.invalid,
  'acao-mismatch': ACTUAL.mismatch,
  'acac-invalid': ACTUAL.acac,
  'preflight-acao-wildcard-with-credentials': PREFLIGHT.wildcard,
  'preflight-acao-multiple-values': PREFLIGHT.multiple,
  'preflight-acao-invalid-value': PREFLIGHT.invalid,
  'preflight-acao-mismatch': PREFLIGHT.mismatch,
  'preflight-acac-invalid': PREFLIGHT.acac,

  'acao-missing': ({ facts: f }) => {
    const s = status(f.actual);
    if (isUnnormalizedLowercaseMethod(f.method) && s === 400)
      return { kind: 'client', steps: ['The server rejected the lower-case method with 400 (Node and nginx refuse it before any handler runs).'], clientChange: oddCaseMethodChange(f), diff: true, serverSteps: true };
    if (s !== undefined && s >= 400)
      return { kind: 'server-behaviour', steps: [errorStatusStep(s, 'request')], diff: true, serverSteps: true };
    return serverHeaders([`The response (HTTP ${s ?? '?'}) has no Access-Control-Allow-Origin header: the server does not answer CORS for this URL. Add CORS for it.`]);
  },

  // The evaluator's name for acao-missing on a 4xx/5xx answer: the same fix as that branch.
  'server-error-without-cors': (p) => PLANS['acao-missing']!(p),

  'preflight-acao-missing': ({ facts: f }) => {
    const s = status(f.preflight);
    if (s !== undefined && (s < 200 || s > 299))
      return {
        kind: 'server-behaviour',
        steps: [`The preflight (OPTIONS) got HTTP ${s} without CORS headers: ${ERROR_STATUS_HINT[s] ?? 'the server refused it'}. OPTIONS requests never carry cookies or tokens, so they must be answered before authentication and routing: return 204 with the CORS headers.`],
        diff: true,
        serverSteps: true,
      };
    return serverHeaders(['The preflight (OPTIONS) answer has no Access-Control-Allow-Origin: the CORS layer does not handle OPTIONS for this URL. Answer it with 204 and the CORS headers.']);
  },

  'preflight-non-ok-status': ({ facts: f }) => ({
    kind: 'server-behaviour',
    steps: [`The preflight (OPTIONS) got HTTP ${status(f.preflight) ?? '?'}; a preflight needs a 2xx answer. Answer OPTIONS with 204 before authentication, routing and method checks (preflights never carry credentials).`],
    diff: true,
    serverSteps: true,
  }),

  'preflight-redirect': ({ facts: f }) => {
    const target = f.redirectLocation ? absolute(f.redirectLocation, f.url) : undefined;
    return {
      kind: 'client',
      steps: [
        `The server answered the preflight with a redirect${target ? ` to ${target}` : ''}; browsers never follow redirects for preflights.`,
        target ? `Call the final URL directly: ${target}.` : 'Call the final URL directly (the one the redirect points to).',
        'On the server, do not redirect OPTIONS (http→https, trailing-slash and login redirects): answer it with 204 and the CORS headers.',
      ],
      ...(target ? { clientChange: { description: 'Request the URL the server redirects to.', before: fetchCall(f.url, requestOpts(f)), after: fetchCall(target, requestOpts(f)) } } : {}),
      diff: true,
      serverSteps: true,
    };
  },

  'preflight-acam-unparsable': ({ facts: f }) =>
    serverHeaders([`Access-Control-Allow-Methods \`${getHeader(f.preflight?.responseHeaders, 'access-control-allow-methods') ?? ''}\` cannot be parsed: it must be method names separated by commas (\`GET, PUT\`), not spaces or semicolons.`]),

  'preflight-acah-unparsable': ({ facts: f }) =>
    serverHeaders([`Access-Control-Allow-Headers \`${getHeader(f.preflight?.responseHeaders, 'access-control-allow-headers') ?? ''}\` cannot be parsed: it must be header names separated by commas (\`content-type, authorization\`).`]),

  'preflight-method-not-allowed': ({ facts: f }) => {
    const acam = getHeader(f.preflight?.responseHeaders, 'access-control-allow-methods');
    if (isUnnormalizedLowercaseMethod(f.method))
      return {
        kind: 'client',
        steps: [`The page sends \`${f.method}\` and the server allows \`${acam ?? '(nothing)'}\`; the match is case-sensitive.`, `If you cannot change the client, list \`${f.method}\` exactly in Access-Control-Allow-Methods.`],
        clientChange: oddCaseMethodChange(f),
        diff: true,
        serverSteps: true,
      };
    const star = acam !== null && /(^|,)\s*\*\s*(,|$)/.test(acam) && f.credentials;
    return serverHeaders([
      star
        ? `Access-Control-Allow-Methods is \`*\`, which is a literal name (not a wildcard) for requests with credentials: list ${f.method} explicitly.`
        : `The preflight answer does not allow ${f.method} (it allows \`${acam ?? 'nothing'}\`). Add ${f.method} to Access-Control-Allow-Methods (the \`Allow\` header does not count).`,
    ]);
  },

  'preflight-header-not-allowed': ({ facts: f, verdict: v }) => {
    const acah = getHeader(f.preflight?.responseHeaders, 'access-control-allow-headers');
    const named = v.failedParameter ? `\`${v.failedParameter}\`` : 'a header the page sends';
    return serverHeaders([
      `The preflight answer does not allow the request header ${named} (Access-Control-Allow-Headers: \`${acah ?? 'absent'}\`). List every header the page sets: ${f.unsafeHeaders.join(', ') || '(see the request)'}.`,
      'If a library adds the header (tracing, SDKs), you can also stop sending it instead.',
    ]);
  },

  'preflight-network-failure': ({ facts: f }) => ({
    kind: 'server-behaviour',
    steps: [netErrorStep(f.preflight?.error, f.url)],
    diff: false,
    serverSteps: false,
  }),

  'net-error-not-cors': ({ facts: f }) => ({
    kind: 'server-behaviour',
    steps: [netErrorStep(f.actual?.error ?? f.preflight?.error, f.url), 'This is not a CORS failure: do not change CORS headers for it.'],
    diff: false,
    serverSteps: false,
  }),

  'redirect-hop-cors-check-failed': ({ facts: f }) => {
    const target = f.redirectLocation ? absolute(f.redirectLocation, f.url) : undefined;
    return {
      kind: 'client',
      steps: [
        `The redirect response (HTTP ${status(f.actual) ?? '3xx'}) from ${f.url} has no valid CORS headers, and a cross-origin redirect is CORS-checked like any response.`,
        target ? `Best: call the final URL directly (${target}).` : 'Best: call the final URL directly.',
        'Otherwise, add the CORS headers to the redirect response too (and to the final response).',
      ],
      ...(target ? { clientChange: { description: 'Request the URL the server redirects to.', before: fetchCall(f.firstUrl, requestOpts(f)), after: fetchCall(target, requestOpts(f)) } } : {}),
      diff: true,
      diffAsRedirect: true,
      serverSteps: true,
    };
  },

  'redirect-tainted-origin': ({ facts: f }) => ({
    kind: 'client',
    steps: [
      'The request was redirected across origins, so the browser now sends `Origin: null` and the final server cannot match it safely (allowing `null` would let any sandboxed page in).',
      `Call the final URL directly (${f.url}) so the browser sends the page's origin, and allow that origin there.`,
    ],
    clientChange: { description: 'Request the final URL instead of the one that redirects.', before: fetchCall(f.firstUrl, requestOpts(f)), after: fetchCall(f.url, requestOpts(f)) },
    diff: false,
    serverSteps: true,
  }),

  'opaque-origin-mismatch': () => ({
    kind: 'client',
    steps: [
      "The page's origin is opaque, so the browser sends `Origin: null`: a sandboxed iframe, a page opened from file://, or a data: URL document. Allowing `null` on the server would let every sandboxed page on the web in.",
      'Serve the page over http(s) (`npx serve`, `python3 -m http.server`), load frames from real URLs, or drop the sandbox (or add allow-same-origin) on a frame you control; then allow that origin on the server.',
    ],
    diff: false,
    serverSteps: false,
  }),

  'redirect-target-acao-missing': ({ facts: f }) =>
    f.originSent === null
      ? {
          kind: 'client',
          steps: [
            `The redirect target ${f.url} sends no CORS headers, and after the cross-origin redirect the browser sends \`Origin: null\`.`,
            `Call ${f.url} directly so the page's origin is sent, and configure CORS there (for a public file store without credentials, \`Access-Control-Allow-Origin: *\` on the bucket is also safe).`,
          ],
          clientChange: { description: 'Request the final URL instead of the one that redirects.', before: fetchCall(f.firstUrl, requestOpts(f)), after: fetchCall(f.url, requestOpts(f)) },
          diff: true,
          serverSteps: true,
        }
      : serverHeaders([`The request was redirected to ${f.url}, which sends no CORS headers. Configure CORS on that server (a CDN or file store needs its own CORS rules).`]),

  'redirect-contains-credentials': () => ({
    kind: 'server-behaviour',
    steps: [
      'The server redirects to a URL with `user:password@` in it, which browsers refuse for cross-origin requests (and it leaks the secret).',
      'Redirect to a URL without credentials and let the client authenticate with an Authorization header or a cookie instead.',
    ],
    diff: false,
    serverSteps: false,
  }),

  'redirect-non-http-scheme': () => ({
    kind: 'server-behaviour',
    steps: ['The server redirects a fetch/XHR to a non-HTTP URL (an app scheme, data:, file:). CORS requests can only follow http(s) redirects: return the target URL in the response body and navigate to it from the page instead.'],
    diff: false,
    serverSteps: false,
  }),

  'mode-same-origin-violated': ({ facts: f }) => ({
    kind: 'client',
    steps: ["The page asked for `mode: 'same-origin'` but the URL is on another origin. Use the default `mode: 'cors'` and configure CORS on the server."],
    clientChange: { description: "Drop `mode: 'same-origin'`.", before: fetchCall(f.url, { ...requestOpts(f), mode: jsString('same-origin') }), after: fetchCall(f.url, requestOpts(f)) },
    diff: false,
    serverSteps: true,
  }),

  'cors-disabled-scheme': ({ facts: f }) => ({
    kind: 'client',
    steps: [
      `The page (or the URL ${f.url}) uses a scheme CORS does not support, typically a page opened from file://.`,
      'Serve the page over http(s), e.g. `npx vite` or `python3 -m http.server 8000`, and open it from http://localhost:8000/.',
    ],
    clientChange: { description: 'Serve the page over HTTP instead of opening it as a file.', before: 'file:///…/index.html', after: 'http://localhost:8000/index.html' },
    diff: false,
    serverSteps: false,
  }),

  'mixed-content': ({ facts: f }) => {
    const https = f.url.replace(/^http:/i, 'https:');
    return {
      kind: 'client',
      steps: ['An https page requested an http URL; the browser blocked it as mixed content (not CORS). Call the API over https (and serve it over https).'],
      clientChange: { description: 'Use https for the API URL.', before: fetchCall(f.url, requestOpts(f)), after: fetchCall(https, requestOpts(f)) },
      diff: false,
      serverSteps: false,
    };
  },

  'opaque-no-cors-response': ({ facts: f }) => ({
    kind: 'client',
    steps: [
      "`mode: 'no-cors'` does not bypass CORS: it gives the page an opaque response (status 0, no headers, no body) and silently drops non-simple headers. Remove it and configure CORS on the server.",
    ],
    clientChange: { description: "Remove `mode: 'no-cors'`.", before: fetchCall(f.url, { ...requestOpts(f), mode: jsString('no-cors') }), after: fetchCall(f.url, requestOpts(f)) },
    diff: true,
    serverSteps: true,
  }),

  'opaque-redirect': () => ({
    kind: 'none',
    steps: [
      "`redirect: 'manual'` makes the page receive the redirect itself as an opaque response (type 'opaqueredirect', status 0, no Location): not CORS. Drop it to follow the redirect, or have the server return the target URL in a readable response.",
    ],
    diff: false,
    serverSteps: false,
  }),

  'blocked-by-client': () => ({
    kind: 'client',
    steps: ['A browser extension (ad or privacy blocker) blocked the request before it left the browser: not CORS. Allow the URL in the extension, or avoid paths it matches (e.g. /ads/, /track/).'],
    diff: false,
    serverSteps: false,
  }),

  'request-canceled': () => ({
    kind: 'none',
    steps: ['The page canceled the request itself (AbortController, a navigation, or a newer request replacing it): not CORS, nothing to change on the server.'],
    diff: false,
    serverSteps: false,
  }),

  'redirect-limit': () => ({
    kind: 'server-behaviour',
    steps: ['The server redirected more than 20 times, usually a loop (http ↔ https, www ↔ apex, a login redirect to itself). Fix the redirect rules; call the final URL directly.'],
    diff: false,
    serverSteps: false,
  }),

  'no-cors-redirect-mode-not-follow': ({ facts: f }) => ({
    kind: 'client',
    steps: ["`mode: 'no-cors'` only works with `redirect: 'follow'`. Remove `mode: 'no-cors'` (it hides the response anyway) and configure CORS on the server."],
    clientChange: { description: "Remove `mode: 'no-cors'` and the redirect option.", before: fetchCall(f.url, { ...requestOpts(f), mode: jsString('no-cors'), redirect: jsString('manual') }), after: fetchCall(f.url, requestOpts(f)) },
    diff: false,
    serverSteps: true,
  }),

  'websocket-no-cors': () => ({
    kind: 'server-behaviour',
    steps: ['WebSockets do not use CORS: no preflight, and Access-Control-* headers have no effect. The server must check the Origin header of the handshake against its allow-list itself.'],
    diff: false,
    serverSteps: false,
  }),

  navigation: () => ({ kind: 'none', steps: ['A page navigation: CORS does not apply, nothing to change.'], diff: false, serverSteps: false }),

  'same-origin': () => ({ kind: 'none', steps: ['Same-origin request: CORS does not apply, nothing to change.'], diff: false, serverSteps: false }),

  unknown: () => ({
    kind: 'none',
    steps: ['Not enough was captured to tell what the browser did (no response, no error). Reload with the panel open; the configuration below is what this request would need if it is cross-origin.'],
    diff: false,
    serverSteps: false,
  }),

  ok: () => ({ kind: 'none', steps: [], diff: true, serverSteps: false }),

  // Reasons the taxonomy lists that are not about this server's CORS headers (A5/A6).
  'csp-connect-src': () => ({ kind: 'client', steps: ["The page's Content-Security-Policy (`connect-src`) blocks the API origin; add the API origin to connect-src. The server's CORS headers are not involved."], diff: false, serverSteps: false }),
  'orb-corb': () => ({ kind: 'client', steps: ['Opaque Response Blocking stopped a no-cors load (an element or `mode: \'no-cors\'`) whose response looks like data (JSON, HTML, XML). Point it at the real resource, or serve the resource with its correct Content-Type. Not CORS: do not change CORS headers for it.'], diff: false, serverSteps: false }),
  'corp-blocked': () => ({ kind: 'server-behaviour', steps: ['The resource\'s own `Cross-Origin-Resource-Policy` header forbids other origins: if they may embed it, send `Cross-Origin-Resource-Policy: cross-origin` (or `same-site`). Not CORS: do not change CORS headers for it.'], diff: false, serverSteps: false }),
  'coep-blocked': () => ({ kind: 'server-behaviour', steps: ['The page sends `Cross-Origin-Embedder-Policy: require-corp`, and this cross-origin resource has no `Cross-Origin-Resource-Policy`: send `Cross-Origin-Resource-Policy: cross-origin` on the resource, or use `Cross-Origin-Embedder-Policy: credentialless` on the page. Not CORS: do not change CORS headers for it.'], diff: false, serverSteps: false }),
  'mime-type-refused': ({ verdict: v }) => ({
    kind: 'server-behaviour',
    steps: [
      /EventSource/.test(v.messages.chrome ?? '')
        ? 'The endpoint must answer an EventSource with `Content-Type: text/event-stream`. CORS already passed: do not change CORS headers for it.'
        : 'Serve the module script with a JavaScript MIME type (`Content-Type: text/javascript`). CORS already passed: do not change CORS headers for it.',
    ],
    diff: false,
    serverSteps: false,
  }),
  'lna-insecure-context': () => ({
    kind: 'client',
    steps: ['Local Network Access: an http:// page that is not on localhost may never reach a local or loopback address. Serve the page over https (the user is then asked for permission), or serve page and service from the same address space. No server header fixes it: do not change CORS headers for it.'],
    diff: false,
    serverSteps: false,
  }),
  'lna-permission-denied': () => ({
    kind: 'client',
    steps: [
      'Local Network Access: the browser needs the user\'s permission before a public page reaches a local or loopback address, and it was not granted. No server header fixes it: do not change CORS headers for it.',
      'Let the user allow "Local network" / "Apps on device" for the site; a cross-origin <iframe> also needs `allow="local-network"` (or `allow="loopback-network"`); in automated/headless runs grant the permission in the setup (e.g. Chrome policy LocalNetworkAccessAllowedForUrls) or serve page and service from the same address space.',
    ],
    diff: false,
    serverSteps: false,
  }),
};

export function planFor(p: PlanInput): Plan {
  const reason = p.verdict.reason;
  // Own-property lookup: ids from outside the core (`__proto__`, future ids) fall through below.
  const planner = Object.hasOwn(PLANS, reason) ? PLANS[reason] : undefined;
  if (planner) return planner(p);
  if (reason.startsWith('warn-')) return { kind: 'none', steps: [], diff: true, serverSteps: false };
  if (reason.startsWith('lna-') || reason.startsWith('pna-'))
    return {
      kind: 'client',
      steps: ['Chrome\'s Local Network Access blocked a public page from reaching a local address. Serve the page from a secure (https) origin and accept the local-network permission prompt, or call the service through a public URL.'],
      diff: false,
      serverSteps: false,
    };
  return { kind: 'server-headers', steps: [`Reason \`${reason}\`: configure CORS for this request as below.`], diff: true, serverSteps: true };
}
