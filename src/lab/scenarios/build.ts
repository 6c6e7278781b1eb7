/**
 * Small builders the scenario files share: header names, server answers and expectations.
 * Header values may use placeholders the lab server expands per request (see `respond.ts`):
 * `{origin}` = the request's Origin (or `null`), `{origin-upper}` = the same upper-cased,
 * `{page}` / `{api}` / `{third}` = the lab's own origins.
 * Expectation strings (`failedParameter`) use the same placeholders; `expandPlaceholders` fills them.
 */
import type { Outcome } from '../../core/model';
import type { ResponseSpec, ScenarioExpectation, ServerStep } from '../scenario-types';

export type HeaderPairs = Array<[string, string]>;

export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';
export const ACAM = 'Access-Control-Allow-Methods';
export const ACAH = 'Access-Control-Allow-Headers';
export const ACMA = 'Access-Control-Max-Age';
export const ACEH = 'Access-Control-Expose-Headers';

/** The correct dynamic answer: echo the origin and tell caches that the answer depends on it. */
export const REFLECT: HeaderPairs = [
  [ACAO, '{origin}'],
  ['Vary', 'Origin'],
];
/** Reflect plus credentials: what a credentialed endpoint must send. */
export const REFLECT_CRED: HeaderPairs = [...REFLECT, [ACAC, 'true']];

export function answer(status: number, headers: HeaderPairs = [], body?: string): ResponseSpec {
  return body === undefined ? { status, headers } : { status, headers, body };
}

export function okActual(headers: HeaderPairs = REFLECT): ResponseSpec {
  return answer(200, headers);
}

export interface PreflightOptions {
  status?: number;
  acao?: string | null;
  credentials?: boolean;
  methods?: string | null;
  headers?: string | null;
  /** `Access-Control-Max-Age`; default `0` so the browser never reuses a preflight across runs. */
  maxAge?: string | null;
  extra?: HeaderPairs;
}

/** A preflight answer; every field can be left out (null) to build a broken one. */
export function preflight(o: PreflightOptions = {}): ResponseSpec {
  const h: HeaderPairs = [];
  const acao = o.acao === undefined ? '{origin}' : o.acao;
  if (acao !== null) h.push([ACAO, acao]);
  if (acao === '{origin}') h.push(['Vary', 'Origin']);
  if (o.credentials) h.push([ACAC, 'true']);
  const methods = o.methods === undefined ? 'GET, POST, PUT, DELETE, PATCH' : o.methods;
  if (methods !== null) h.push([ACAM, methods]);
  if (o.headers !== undefined && o.headers !== null) h.push([ACAH, o.headers]);
  const maxAge = o.maxAge === undefined ? '0' : o.maxAge;
  if (maxAge !== null) h.push([ACMA, maxAge]);
  h.push(...(o.extra ?? []));
  return answer(o.status ?? 204, h);
}

/** One step answering the actual request (and, optionally, the preflight). */
export function step(actual: ResponseSpec, pre?: ResponseSpec): ServerStep {
  return pre ? { preflight: pre, actual } : { actual };
}

export function allowed(extra: Partial<ScenarioExpectation> = {}): ScenarioExpectation {
  return { outcome: 'allowed', corsError: null, firefoxKeys: [], ...extra };
}

export function blocked(
  corsError: string,
  firefoxKeys: string[],
  failedParameter?: string,
  extra: Partial<ScenarioExpectation> = {},
): ScenarioExpectation {
  const e: ScenarioExpectation = { outcome: 'blocked', corsError, firefoxKeys, ...extra };
  if (failedParameter !== undefined) e.failedParameter = failedParameter;
  return e;
}

export function outcome(o: Outcome, firefoxKeys: string[] = [], extra: Partial<ScenarioExpectation> = {}): ScenarioExpectation {
  return { outcome: o, corsError: null, firefoxKeys, ...extra };
}

/** Firefox's trailing line after a failed preflight or a failing redirect hop. */
export const FF_DID_NOT_SUCCEED = 'CORSDidNotSucceed2';

/** The lab origins placeholders in header values and expectations refer to. */
export interface PlaceholderOrigins {
  page: string;
  api: string;
  third: string;
}

/** Expands `{origin}`, `{origin-upper}`, `{page}`, `{api}`, `{third}` in a template. */
export function expandPlaceholders(template: string, origin: string, origins: PlaceholderOrigins): string {
  return template.replace(/\{(origin-upper|origin|page|api|third)\}/g, (_m, name: string) => {
    switch (name) {
      case 'origin':
        return origin;
      case 'origin-upper':
        return origin.toUpperCase();
      case 'page':
        return origins.page;
      case 'api':
        return origins.api;
      default:
        return origins.third;
    }
  });
}
