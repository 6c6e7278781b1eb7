/**
 * A6: failures and results that are not CORS failures but look like them (or hide them):
 * refused connections, opaque no-cors responses, and same-origin requests that CORS never sees.
 */
import type { Scenario } from '../scenario-types';
import { REFLECT, allowed, answer, outcome, preflight, step } from './build';

export const a6Scenarios: Scenario[] = [
  {
    id: 'connection-refused',
    title: 'Connection refused',
    group: 'A6',
    description: 'Nothing listens on the port: fetch fails exactly like a CORS error, but it is a network error.',
    request: { target: 'closed', method: 'GET' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('network-error', ['CORSDidNotSucceed2']),

  },
  {
    id: 'connection-refused-put',
    title: 'Connection refused on a preflighted PUT',
    group: 'A6',
    description: 'The preflight itself cannot connect; no response exists to check.',
    request: { target: 'closed', method: 'PUT', body: 'x' },
    server: { main: step(answer(200, REFLECT)) },
    // Firefox reports the failed preflight and then the request: two identical lines.
    expect: outcome('network-error', ['CORSDidNotSucceed2', 'CORSDidNotSucceed2']),
  },
  {
    id: 'connection-lost-after-preflight',
    title: 'Connection lost after a passing preflight',
    group: 'A6',
    // Chromium and Firefox send the PUT again and get the 200. WebKit (libsoup) re-sends only when the
    // dropped connection was a reused idle one: after the other scenarios it does; alone it fails.
    description: 'The preflight passes; the server drops the connection of the actual PUT once, then answers the re-sent PUT.',
    request: { target: 'api', method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'x' },
    server: { main: { preflight: preflight({}), actual: answer(200, REFLECT), actualTurns: [{ status: 200, hangup: true }, answer(200, REFLECT)] } },
    expect: allowed(),
  },
  {
    id: 'no-cors-opaque',
    title: "no-cors GET: opaque response",
    group: 'A6',
    description: "mode: 'no-cors' \"fixes\" the error: the request succeeds but the page can read nothing (status 0).",
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(200, [])) },
    expect: outcome('opaque', []),

  },
  {
    id: 'no-cors-post-text',
    title: 'no-cors POST text/plain',
    group: 'A6',
    description: 'A fire-and-forget POST in no-cors mode: it reaches the server, the response stays opaque.',
    request: { target: 'api', method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: 'ping' },
    server: { main: step(answer(200, [])) },
    expect: outcome('opaque', []),
  },
  {
    id: 'no-cors-error-500',
    title: 'no-cors GET answered 500',
    group: 'A6',
    description: 'An opaque response hides even the server error: the page sees status 0.',
    request: { target: 'api', method: 'GET', mode: 'no-cors' },
    server: { main: step(answer(500, [], 'boom')) },
    expect: outcome('opaque', []),
  },
  {
    id: 'same-origin-get',
    title: 'Same-origin GET',
    group: 'A6',
    description: 'The page calls its own origin: CORS does not apply, no headers needed.',
    request: { target: 'page', method: 'GET' },
    server: { main: step(answer(200, [])) },
    expect: outcome('not-cors', []),
  },
  {
    id: 'same-origin-put-json',
    title: 'Same-origin PUT with JSON',
    group: 'A6',
    description: 'Same-origin requests are never preflighted, whatever the method or headers.',
    request: { target: 'page', method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Custom': '1' }, body: '{}' },
    server: { main: step(answer(200, [])) },
    expect: outcome('not-cors', []),
  },
  {
    id: 'same-origin-error-500',
    title: 'Same-origin 500',
    group: 'A6',
    description: 'A same-origin server error is readable: it is a plain HTTP error, not CORS.',
    request: { target: 'page', method: 'GET' },
    server: { main: step(answer(500, [], 'boom')) },
    expect: outcome('not-cors', []),
  },
  {
    id: 'same-origin-xhr',
    title: 'Same-origin XHR',
    group: 'A6',
    description: 'XMLHttpRequest to the page origin: no CORS involved.',
    request: { target: 'page', method: 'GET', via: 'xhr' },
    server: { main: step(answer(200, [])) },
    expect: outcome('not-cors', []),
  },
  {
    id: 'readable-error-500-with-cors',
    title: '500 with CORS headers',
    group: 'A6',
    description: 'The error handler keeps the CORS headers: the page can read the 500 — an HTTP error, not a CORS one.',
    request: { target: 'api', method: 'GET' },
    server: { main: step(answer(500, REFLECT, 'boom')) },
    expect: outcome('allowed', []),
  },
];
