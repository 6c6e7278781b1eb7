/**
 * Groups N-lna and N-notcors: failures that are not CORS but look like it, each verified in
 * Chromium 156 and Firefox ESR 153 (scripts/verify-lab.ts).
 *
 * N-lna runs from the `public` lab page: tests launch Chromium with
 * `--ip-address-space-overrides=127.0.0.1:PUBLIC=public` and Firefox with
 * `network.lna.address_space.public.override`, so its calls to the loopback API need the Local
 * Network Access permission, which an automated browser never has.
 */
import type { Scenario } from '../scenario-types';
import { REFLECT, answer, blocked, outcome, preflight, step } from './build';

const LNA = 'LocalNetworkAccessPermissionDenied';
const FF_FAILED = 'CORSDidNotSucceed2';
const CORP = 'Cross-Origin-Resource-Policy';

const lna: Scenario[] = [
  {
    id: 'lna-fetch-get',
    title: 'Public page → loopback API: GET',
    group: 'N-lna',
    page: 'public',
    description: 'A page in the public address space fetches http://127.0.0.1: Local Network Access needs the user’s permission; headless browsers deny it. The server never sees the request.',
    request: { target: 'api-same-site', method: 'GET' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-fetch-put-preflighted',
    title: 'Public page → localhost API: preflighted PUT',
    group: 'N-lna',
    page: 'public',
    description: 'The preflight itself is refused by Local Network Access (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS); nothing reaches the server.',
    request: { target: 'api', method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' },
    server: { main: step(answer(200, REFLECT), preflight({ headers: 'Content-Type' })) },
    expect: blocked(LNA, [FF_FAILED, FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-cors-headers-do-not-help',
    title: 'Public page → loopback: perfect CORS headers',
    group: 'N-lna',
    page: 'public',
    description: 'The server would send ACAO and Access-Control-Allow-Private-Network: true — it does not matter: the permission decides, and the request is never sent.',
    request: { target: 'api-same-site', method: 'GET' },
    server: {
      main: step(answer(200, [...REFLECT, ['Access-Control-Allow-Private-Network', 'true'], ['Access-Control-Allow-Local-Network', 'true']])),
    },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-xhr-get',
    title: 'Public page → loopback: XHR',
    group: 'N-lna',
    page: 'public',
    description: 'XMLHttpRequest gets the same refusal as fetch.',
    request: { target: 'api-same-site', method: 'GET', via: 'xhr' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-no-cors',
    title: "Public page → loopback: mode 'no-cors'",
    group: 'N-lna',
    page: 'public',
    description: "mode: 'no-cors' does not get around it: Chrome still reports a CORS error (LocalNetworkAccessPermissionDenied).",
    request: { target: 'api-same-site', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [])) },
    expect: blocked(LNA, [], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-websocket',
    title: 'Public page → loopback: WebSocket',
    group: 'N-lna',
    page: 'public',
    description: 'Chrome applies Local Network Access to WebSockets too (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS); Firefox ESR 153 does not yet.',
    request: { target: 'api-same-site', method: 'GET', via: 'websocket' },
    server: { main: step(answer(101)) },
    expect: outcome('network-error', [], { firefoxOutcome: 'not-cors' }),
  },
  {
    id: 'lna-worker-fetch',
    title: 'Public page’s dedicated worker → loopback API',
    group: 'N-lna',
    page: 'public',
    description: 'A dedicated worker of the public page fetches http://127.0.0.1: the worker is as public as its page, so Local Network Access applies to it too.',
    request: { target: 'api-same-site', method: 'GET', context: 'dedicated-worker' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-frame-same-origin',
    title: 'Public page’s same-origin iframe → loopback API',
    group: 'N-lna',
    page: 'public',
    description: 'An iframe on the public page’s own origin inherits its permission policy: its call to the loopback API needs the same permission.',
    request: { target: 'api-same-site', method: 'GET', context: 'same-origin-frame' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-frame-cross-origin',
    title: 'Cross-origin public iframe without allow → loopback API',
    group: 'N-lna',
    page: 'public',
    description: 'A cross-origin iframe (also public) without allow="local-network" / "loopback-network": the permission policy does not delegate Local Network Access to it.',
    request: { target: 'api-same-site', method: 'GET', context: 'public-cross-frame' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
  {
    id: 'lna-frame-cross-origin-allowed',
    title: 'Cross-origin public iframe with allow="loopback-network" → loopback API',
    group: 'N-lna',
    page: 'public',
    description: 'The iframe is delegated the permission (allow="local-network; loopback-network"); the user (here: nobody, an automated browser) still has to grant it.',
    request: { target: 'api-same-site', method: 'GET', context: 'public-cross-frame-allowed' },
    server: { main: step(answer(200, REFLECT)) },
    expect: blocked(LNA, [FF_FAILED], '', { firefoxOutcome: 'network-error', preflights: 0 }),
  },
];

const notCors: Scenario[] = [
  {
    id: 'notcors-corp-same-origin',
    title: 'CORP same-origin on a no-cors load',
    group: 'N-notcors',
    description: 'The resource sends Cross-Origin-Resource-Policy: same-origin: the browser refuses it to other origins (net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin). Not CORS.',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [[CORP, 'same-origin']])) },
    expect: outcome('network-error', []),
  },
  {
    id: 'notcors-corp-same-site',
    title: 'CORP same-site, cross-site page',
    group: 'N-notcors',
    description: 'Cross-Origin-Resource-Policy: same-site on localhost, asked for by a 127.0.0.1 page (another site): refused (NotSameSite).',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [[CORP, 'same-site']])) },
    expect: outcome('network-error', []),
  },
  {
    id: 'notcors-corp-cross-origin',
    title: 'CORP cross-origin (passes)',
    group: 'N-notcors',
    description: 'Cross-Origin-Resource-Policy: cross-origin lets any page embed it: the no-cors load gets its opaque response.',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [[CORP, 'cross-origin']])) },
    expect: outcome('opaque', []),
  },
  {
    id: 'notcors-coep-no-corp',
    title: 'COEP page, resource without CORP',
    group: 'N-notcors',
    page: 'coep',
    description: 'The page sends Cross-Origin-Embedder-Policy: require-corp; a no-cors resource without Cross-Origin-Resource-Policy is refused. Not CORS.',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [])) },
    expect: outcome('network-error', []),
  },
  {
    id: 'notcors-coep-corp-cross-origin',
    title: 'COEP page, resource with CORP cross-origin',
    group: 'N-notcors',
    page: 'coep',
    description: 'The resource opts in with Cross-Origin-Resource-Policy: cross-origin: the COEP page may load it (opaque).',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [[CORP, 'cross-origin']])) },
    expect: outcome('opaque', []),
  },
  {
    id: 'notcors-coep-cors-mode',
    title: 'COEP page, CORS-mode fetch',
    group: 'N-notcors',
    page: 'coep',
    description: 'A CORS-mode request satisfies COEP through CORS itself: no CORP needed when the server allows the origin.',
    request: { target: 'api', method: 'GET' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('allowed', []),
  },
  {
    id: 'notcors-orb-json-no-cors',
    title: "ORB: JSON fetched with mode 'no-cors'",
    group: 'N-notcors',
    description: 'Opaque Response Blocking empties a JSON response to a no-cors request: the page gets an opaque response either way.',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [['Content-Type', 'application/json']], '{"secret":1}')) },
    expect: outcome('opaque', []),
  },
  {
    id: 'notcors-module-script-text-plain',
    title: '<script type="module"> answered as text/plain',
    group: 'N-notcors',
    description: 'The API allows the origin, so CORS passes — then the module loader refuses the response: a module script must be served with a JavaScript MIME type (strict MIME checking). Not CORS.',
    request: { target: 'api', method: 'GET', via: 'module-script' },
    server: { main: step(answer(200, [...REFLECT, ['Content-Type', 'text/plain; charset=utf-8']], 'export const loaded = true;\n')) },
    expect: outcome('network-error', [FF_FAILED]),
  },
  {
    id: 'notcors-dynamic-import-json-type',
    title: 'import() answered as application/json',
    group: 'N-notcors',
    description: 'A dynamic import() of a module the server labels application/json: CORS passes, the module loader refuses the MIME type (a JSON module needs an import attribute).',
    request: { target: 'api', method: 'GET', via: 'dynamic-import' },
    server: { main: step(answer(200, [...REFLECT, ['Content-Type', 'application/json']], '{"loaded":true}')) },
    expect: outcome('network-error', [FF_FAILED]),
  },
  {
    id: 'notcors-eventsource-json',
    title: 'EventSource answered as application/json',
    group: 'N-notcors',
    description: 'The API allows the origin, but answers the EventSource with application/json instead of text/event-stream: the browser aborts the connection. Not CORS.',
    request: { target: 'api', method: 'GET', via: 'eventsource' },
    server: { main: step(answer(200, [...REFLECT, ['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], '{"data":"hello"}')) },
    expect: outcome('network-error', []),
  },
  {
    id: 'notcors-websocket-origin-refused',
    title: 'WebSocket refused by the server’s Origin check',
    group: 'N-notcors',
    description: 'The server answers the handshake 403 because it does not accept the page origin. WebSockets have no CORS: no header would change it, only the server’s own Origin check.',
    request: { target: 'api', method: 'GET', via: 'websocket' },
    server: { main: step(answer(403, [], 'origin not allowed')) },
    expect: outcome('network-error', []),
  },
  {
    id: 'notcors-websocket-ok',
    title: 'WebSocket accepted',
    group: 'N-notcors',
    description: 'The server accepts the handshake (101): WebSockets are not subject to CORS at all.',
    request: { target: 'api', method: 'GET', via: 'websocket' },
    server: { main: step(answer(101)) },
    expect: outcome('not-cors', []),
  },
];

export const nLnaScenarios: Scenario[] = lna;
export const nNotCorsScenarios: Scenario[] = notCors;
