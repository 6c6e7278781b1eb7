/**
 * A4: request-mode and request-construction failures — the request is refused (or changed) by
 * the browser before or instead of the usual CORS check.
 */
import type { Scenario } from '../scenario-types';
import { REFLECT, allowed, answer, outcome, step } from './build';

export const a4Scenarios: Scenario[] = [
  {
    id: 'mode-same-origin-to-api',
    title: "mode: 'same-origin' to another origin",
    group: 'A4',
    description: "The request says mode: 'same-origin' but targets the API origin: refused without a request.",
    request: { target: 'api', method: 'GET', mode: 'same-origin' },
    server: { main: step(answer(200, REFLECT)) },
    expect: { outcome: 'blocked', corsError: 'DisallowedByMode', failedParameter: '', firefoxKeys: ['CheckSameOriginError'], firefoxOutcome: 'network-error' },
  },
  {
    id: 'no-cors-redirect-manual',
    title: "no-cors with redirect: 'manual'",
    group: 'A4',
    description: "mode: 'no-cors' requires redirect: 'follow'; the request is refused.",
    request: { target: 'api', method: 'GET', mode: 'no-cors', redirect: 'manual' },
    server: { main: step(answer(200, REFLECT)) },
    expect: { outcome: 'blocked', corsError: 'NoCorsRedirectModeNotFollow', failedParameter: '', firefoxKeys: [], firefoxOutcome: 'network-error' },
  },
  {
    id: 'no-cors-put',
    title: 'no-cors PUT',
    group: 'A4',
    description: "mode: 'no-cors' only allows GET, HEAD and POST: fetch throws a TypeError before any request.",
    request: { target: 'api', method: 'PUT', mode: 'no-cors', body: 'x' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('network-error', []),
  },
  {
    id: 'get-with-body',
    title: 'GET with a body',
    group: 'A4',
    description: 'fetch refuses a GET (or HEAD) request with a body: TypeError, nothing is sent.',
    request: { target: 'api', method: 'GET', body: 'x' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('network-error', []),
  },
  {
    id: 'forbidden-method-connect',
    title: 'Forbidden method CONNECT',
    group: 'A4',
    description: 'CONNECT, TRACE and TRACK are forbidden methods: fetch throws a TypeError.',
    request: { target: 'api', method: 'CONNECT' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('network-error', []),
  },
  {
    id: 'no-cors-json-header-dropped',
    title: 'no-cors POST with Content-Type JSON',
    group: 'A4',
    description: 'In no-cors mode a non-safelisted Content-Type is silently dropped; the response is opaque.',
    request: { target: 'api', method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
    server: { main: step(answer(200, REFLECT)) },
    expect: outcome('opaque', []),
  },
  {
    id: 'xhr-forbidden-header',
    title: 'XHR setting a forbidden header',
    group: 'A4',
    description: 'XHR refuses to set Origin ("Refused to set unsafe header"); the request still goes out, correctly.',
    request: { target: 'api', method: 'GET', via: 'xhr', headers: { Origin: 'http://evil.example' } },
    server: { main: step(answer(200, REFLECT)) },
    expect: allowed(),
  },
];
