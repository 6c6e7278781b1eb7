/**
 * A3: redirects. Every hop is CORS-checked; a hop to a third origin taints the request so later
 * hops carry `Origin: null`; userinfo and non-http locations are refused; more than 20 hops fail.
 */
import type { RequestSpec, ResponseSpec, Scenario } from '../scenario-types';
import { ACAC, ACAO, FF_DID_NOT_SUCCEED, REFLECT, REFLECT_CRED, allowed, answer, blocked, outcome, preflight, step } from './build';
import type { LabTarget } from '../scenario-types';

function redirect(status: number, target: LabTarget, next: string, headers = REFLECT, extra: Partial<NonNullable<ResponseSpec['redirect']>> = {}): ResponseSpec {
  return { status, headers, redirect: { target, step: next, ...extra } };
}

const GET: RequestSpec = { target: 'api', method: 'GET' };
const GET_CRED: RequestSpec = { target: 'api', method: 'GET', credentials: 'include' };
const PUT: RequestSpec = { target: 'api', method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'x' };

export const a3Scenarios: Scenario[] = [
  {
    id: 'redirect-hop-acao-missing',
    title: 'Redirect without Allow-Origin on the 302',
    group: 'A3',
    description: 'The API answers 302 from a layer that adds no CORS headers; the target itself would be fine.',
    request: GET,
    server: { main: step(redirect(302, 'api', 'next', [])), next: step(answer(200, REFLECT)) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2', FF_DID_NOT_SUCCEED], ''),
  },
  {
    id: 'redirect-target-acao-missing',
    title: 'Redirect to a target without Allow-Origin',
    group: 'A3',
    description: 'The 302 is fine, but the resource it points to sends no CORS headers (a CDN or bucket).',
    request: GET,
    server: { main: step(redirect(302, 'api', 'next')), next: step(answer(200, [])) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  },
  {
    id: 'redirect-third-answers-page-origin',
    title: 'Redirect to a third origin answering the page origin',
    group: 'A3',
    description: 'After a hop to a third origin the request carries Origin: null; the target answers the page origin.',
    request: GET,
    server: { main: step(redirect(302, 'third', 'next')), next: step(answer(200, [[ACAO, '{page}']])) },
    expect: blocked('AllowOriginMismatch', ['CORSAllowOriginNotMatchingOrigin'], '{page}'),

  },
  {
    id: 'redirect-third-answers-null',
    title: "Redirect to a third origin answering 'null'",
    group: 'A7',
    description: "The tainted request (Origin: null) is let through by Allow-Origin: null — which any sandboxed page can also match.",
    request: GET,
    server: { main: step(redirect(302, 'third', 'next')), next: step(answer(200, [[ACAO, 'null']])) },
    expect: allowed(),
  },
  {
    id: 'redirect-third-answers-star',
    title: "Redirect to a third origin answering '*'",
    group: 'healthy',
    description: 'A public resource on a third origin (Allow-Origin: *) accepts the tainted request.',
    request: GET,
    server: { main: step(redirect(302, 'third', 'next')), next: step(answer(200, [[ACAO, '*']])) },
    expect: allowed(),
  },
  {
    id: 'redirect-third-reflects-origin',
    title: 'Redirect to a third origin reflecting Origin',
    group: 'A7',
    description: 'The third origin echoes the Origin header, which is now "null": it passes, by accident.',
    request: GET,
    server: { main: step(redirect(302, 'third', 'next')), next: step(answer(200, REFLECT)) },
    expect: allowed(),
  },
  {
    id: 'redirect-third-star-with-credentials',
    title: "Credentialed redirect to a third origin answering '*'",
    group: 'A3',
    description: 'A credentialed request redirected to a third origin that answers Allow-Origin: *.',
    request: GET_CRED,
    server: {
      main: step(redirect(302, 'third', 'next', REFLECT_CRED)),
      next: step(answer(200, [[ACAO, '*'], [ACAC, 'true']])),
    },
    expect: blocked('WildcardOriginNotAllowed', ['CORSNotSupportingCredentials'], ''),
  },
  {
    id: 'redirect-third-page-origin-with-credentials',
    title: 'Credentialed redirect to a third origin answering the page origin',
    group: 'A3',
    description: 'The target allows the page origin with credentials, but the tainted request says Origin: null.',
    request: GET_CRED,
    server: {
      main: step(redirect(302, 'third', 'next', REFLECT_CRED)),
      next: step(answer(200, [[ACAO, '{page}'], [ACAC, 'true']])),
    },
    expect: blocked('AllowOriginMismatch', ['CORSAllowOriginNotMatchingOrigin'], '{page}'),
  },
  {
    id: 'redirect-third-null-with-credentials',
    title: "Credentialed redirect to a third origin answering 'null'",
    group: 'A3',
    description: "A credentialed request tainted by the hop; the target answers null + Allow-Credentials: true.",
    request: GET_CRED,
    server: {
      main: step(redirect(302, 'third', 'next', REFLECT_CRED)),
      next: step(answer(200, [[ACAO, 'null'], [ACAC, 'true']])),
    },
    expect: allowed(),
  },
  {
    id: 'redirect-userinfo',
    title: 'Redirect to a URL with user:pass@',
    group: 'A3',
    description: 'The Location carries credentials in the URL (http://user:pass@host/…), which CORS forbids.',
    request: GET,
    server: {
      main: step(redirect(302, 'api', 'next', REFLECT, { userinfo: 'user:pass' })),
      next: step(answer(200, REFLECT)),
    },
    expect: blocked('RedirectContainsCredentials', [FF_DID_NOT_SUCCEED], '', { firefoxOutcome: 'network-error' }),

  },
  {
    id: 'redirect-non-http-scheme',
    title: 'Redirect to a non-http scheme',
    group: 'A3',
    description: 'The Location points to ftp://… — CORS requests only follow http(s) redirects.',
    request: GET,
    server: {
      main: step(redirect(302, 'api', 'next', REFLECT, { scheme: 'ftp' })),
      next: step(answer(200, REFLECT)),
    },
    expect: blocked('CorsDisabledScheme', ['CORSRequestNotHttp', FF_DID_NOT_SUCCEED], ''),
  },
  {
    id: 'redirect-data-url',
    title: 'Redirect to a data: URL',
    group: 'A3',
    description: 'The Location is a data: URL; fetch allows that only in no-cors mode.',
    request: GET,
    server: {
      main: step(redirect(302, 'api', 'next', REFLECT, { scheme: 'data' })),
      next: step(answer(200, REFLECT)),
    },
    expect: outcome('network-error', [FF_DID_NOT_SUCCEED]),
  },
  {
    id: 'redirect-307-third-put-page-origin',
    title: '307 PUT to a third origin whose preflight names the page',
    group: 'A3',
    description:
      'A 307 keeps the PUT, so the third origin gets a preflight; Chromium sends it with Origin: null, the answer names the page origin.',
    request: PUT,
    server: {
      main: step(redirect(307, 'third', 'next'), preflight()),
      next: step(answer(200, REFLECT), preflight({ acao: '{page}' })),
    },
    expect: blocked('PreflightAllowOriginMismatch', [], '{page}', { firefoxOutcome: 'allowed' }),
  },
  {
    id: 'redirect-307-third-put-reflect',
    title: '307 PUT to a third origin that reflects Origin',
    group: 'A3',
    description: 'The third origin echoes whatever Origin arrives, on the preflight and on the PUT.',
    request: PUT,
    server: {
      main: step(redirect(307, 'third', 'next'), preflight()),
      next: step(answer(200, REFLECT), preflight()),
    },
    expect: allowed(),
  },
  {
    id: 'redirect-307-third-put-no-options',
    title: '307 PUT to a third origin without OPTIONS route',
    group: 'A3',
    description: 'The redirect target needs a preflight of its own, and has no OPTIONS handler.',
    request: PUT,
    server: {
      main: step(redirect(307, 'third', 'next'), preflight()),
      next: step(answer(200, REFLECT)),
    },
    expect: blocked('PreflightMissingAllowOriginHeader', ['CORSMissingAllowOrigin2', FF_DID_NOT_SUCCEED], ''),
  },
  {
    id: 'redirect-loop',
    title: 'Redirect loop (more than 20 hops)',
    group: 'A3',
    description: 'The API redirects to itself forever; browsers stop after 20 redirects.',
    request: GET,
    server: { main: step(redirect(302, 'api', 'main')) },
    expect: outcome('network-error', [FF_DID_NOT_SUCCEED]),
  },
  {
    id: 'redirect-mode-error',
    title: "redirect: 'error' meets a 302",
    group: 'A3',
    description: "The request forbids redirects (redirect: 'error') and the API answers 302.",
    request: { ...GET, redirect: 'error' },
    server: { main: step(redirect(302, 'api', 'next')), next: step(answer(200, REFLECT)) },
    expect: outcome('network-error', []),
  },
  {
    id: 'redirect-manual-opaque',
    title: "redirect: 'manual' returns an opaque redirect",
    group: 'A3',
    description: "With redirect: 'manual' the page gets an opaqueredirect response: status 0, no Location to read.",
    request: { ...GET, redirect: 'manual' },
    server: { main: step(redirect(302, 'api', 'next')), next: step(answer(200, REFLECT)) },
    expect: outcome('opaque', []),
  },
  {
    id: 'redirect-to-closed-port',
    title: 'Redirect to a port nothing listens on',
    group: 'A6',
    description: 'The redirect target refuses the connection: a network error, not a CORS one.',
    request: GET,
    server: { main: step(redirect(302, 'closed', 'next')) },
    expect: outcome('network-error', [FF_DID_NOT_SUCCEED]),
  },
  {
    id: 'same-origin-redirect-to-api-no-acao',
    title: 'Same-origin URL redirecting to the API without Allow-Origin',
    group: 'A3',
    description: 'A same-origin endpoint redirects to the API, which answers without CORS headers.',
    request: { target: 'page', method: 'GET' },
    server: { main: step(redirect(302, 'api', 'next', [])), next: step(answer(200, [])) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  },
  {
    id: 'redirect-back-to-page-origin',
    title: 'API redirecting back to the page origin',
    group: 'A3',
    description: 'A hop back to the page origin: the request stays tainted, and the page server answers without CORS headers.',
    request: GET,
    server: { main: step(redirect(302, 'page', 'next')), next: step(answer(200, [])) },
    expect: blocked('MissingAllowOriginHeader', ['CORSMissingAllowOrigin2'], ''),
  },
];

/** Healthy redirects live here too: same mechanism, correct headers on every hop. */
export const healthyRedirects: Scenario[] = [
  ...[301, 302, 307, 308].map<Scenario>((status) => ({
    id: `redirect-ok-${status}`,
    title: `Good ${status} redirect within the API`,
    group: 'healthy',
    description: `The ${status} and its target both carry Access-Control-Allow-Origin.`,
    request: GET,
    server: { main: step(redirect(status, 'api', 'next')), next: step(answer(200, REFLECT)) },
    expect: allowed(),
  })),
  {
    id: 'redirect-ok-303-post',
    title: 'POST answered with 303 See Other',
    group: 'healthy',
    description: 'A 303 turns the POST into a GET on the target; both hops have CORS headers.',
    request: { target: 'api', method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' },
    server: { main: step(redirect(303, 'api', 'next')), next: step(answer(200, REFLECT)) },
    expect: allowed(),
  },
  {
    id: 'same-origin-redirect-to-api-ok',
    title: 'Same-origin URL redirecting to a good API',
    group: 'healthy',
    description: 'A same-origin endpoint redirects to the API, which answers with the page origin.',
    request: { target: 'page', method: 'GET' },
    server: { main: step(redirect(302, 'api', 'next', [])), next: step(answer(200, REFLECT)) },
    expect: allowed(),
  },
];
