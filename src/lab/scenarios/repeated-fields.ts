/**
 * Preflight answers that spread an allow-list over repeated header lines (two
 * `Access-Control-Allow-Methods` lines, two `Access-Control-Allow-Headers` lines), as servers do
 * that add one header per middleware. Browsers combine repeated fields into one list, so the
 * exchange is one: pairing once split it into an "allowed" exchange and a phantom blocked one.
 */
import type { RequestSpec, Scenario } from '../scenario-types';
import { ACAH, ACAM, FF_DID_NOT_SUCCEED, REFLECT, allowed, answer, blocked, preflight, step } from './build';

const PUT_TWO_HEADERS: RequestSpec = { target: 'api', method: 'PUT', headers: { 'X-Custom': '1', 'X-Trace': 't' }, body: 'x' };

export const repeatedFieldScenarios: Scenario[] = [
  {
    id: 'preflight-repeated-allow-lines',
    title: 'Allow-Methods and Allow-Headers each on two lines',
    group: 'healthy',
    description: 'The preflight answer lists GET and PUT on two Allow-Methods lines and the two headers on two Allow-Headers lines: browsers join them.',
    request: PUT_TWO_HEADERS,
    server: {
      main: step(answer(200, REFLECT), preflight({ methods: null, headers: null, extra: [[ACAM, 'GET'], [ACAM, 'PUT'], [ACAH, 'X-Custom'], [ACAH, 'X-Trace']] })),
    },
    expect: allowed(),
  },
  {
    id: 'preflight-repeated-allow-lines-method-missing',
    title: 'Allow-Methods on two lines, neither with PUT',
    group: 'A2',
    description: 'Two Allow-Methods lines (GET, then POST) are one list without PUT: the PUT is refused.',
    request: PUT_TWO_HEADERS,
    server: {
      main: step(answer(200, REFLECT), preflight({ methods: null, headers: null, extra: [[ACAM, 'GET'], [ACAM, 'POST'], [ACAH, 'X-Custom'], [ACAH, 'X-Trace']] })),
    },
    expect: blocked('MethodDisallowedByPreflightResponse', ['CORSMethodNotFound', FF_DID_NOT_SUCCEED], 'PUT'),
  },
];
