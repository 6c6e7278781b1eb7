/**
 * The five failing lab scenarios every runnable stack must reproduce and then fix, and the
 * "base app" behaviour derived from them: the same answers the lab server gives, on /api/ paths.
 */
import type { RequestSpec, ResponseSpec, Scenario } from '../../../src/lab/scenario-types';
import { scenarioById } from '../../../src/lab/scenarios/index';

/** Scenario id → what it shows. The order is the order of the README table. */
export const FIX_SCENARIO_IDS = [
  'acao-missing-get', // missing Access-Control-Allow-Origin
  'wildcard-with-credentials-get-cred', // `*` with credentials
  'preflight-401-no-cors-authorization', // preflight rejected by the auth middleware
  'acah-missing-header-post-json', // request header not allowed
  'acam-missing-method-delete', // method not allowed
] as const;
export type FixScenarioId = (typeof FIX_SCENARIO_IDS)[number];

/** Paths under this prefix need `Authorization: <AUTH_TOKEN>` (OPTIONS included): the base app's auth. */
export const PRIVATE_PREFIX = '/api/private/';
export const PUBLIC_PREFIX = '/api/public/';
export const AUTH_TOKEN = 'Bearer lab-token';
/** The prefix every generated snippet is rendered for. */
export const API_PREFIX = '/api/';

export interface FixScenario {
  id: FixScenarioId;
  scenario: Scenario;
  request: RequestSpec;
  /** Path on the stack servers. */
  path: string;
  private: boolean;
}

export function fixScenarios(): FixScenario[] {
  return FIX_SCENARIO_IDS.map((id) => {
    const scenario = scenarioById(id);
    if (!scenario) throw new Error(`the lab has no scenario ${id}`);
    const isPrivate = Object.entries(scenario.request.headers ?? {}).some(([n, v]) => n.toLowerCase() === 'authorization' && v === AUTH_TOKEN);
    return { id, scenario, request: scenario.request, path: `${isPrivate ? PRIVATE_PREFIX : PUBLIC_PREFIX}${id}`, private: isPrivate };
  });
}

/** One route of the base app: the lab's answers for the scenario, minus what the auth middleware does. */
export interface BaseRoute {
  /** The legacy (broken) preflight answer, or null when the route has none of its own. */
  preflight: { status: number; headers: Array<[string, string]> } | null;
  /** Legacy headers the route adds to its answer; `{origin}` is the request's Origin. */
  actual: Array<[string, string]>;
}

export interface BaseSpec {
  privatePrefix: string;
  token: string;
  routes: Record<string, BaseRoute>;
}

const plain = (r: ResponseSpec | undefined) => (r ? { status: r.status, headers: [...(r.headers ?? [])] } : null);

/**
 * The base app reproduces each scenario the way real apps get there: a private route's preflight
 * is rejected by the auth middleware (the lab's 401 without CORS headers), every other answer is
 * the scenario's own. Only `{origin}` placeholders are used (the apps expand nothing else).
 */
export function baseSpec(list: FixScenario[]): BaseSpec {
  const routes: Record<string, BaseRoute> = {};
  for (const f of list) {
    const main = f.scenario.server.main;
    if (!main) throw new Error(`${f.id} has no main step`);
    if (main.actual.status !== 200 || main.actual.redirect) throw new Error(`${f.id}: the base app only answers 200`);
    const pre = plain(main.preflight);
    if (f.private && pre?.status !== 401) throw new Error(`${f.id}: a private route's preflight must be the auth middleware's 401`);
    const all = [...(main.actual.headers ?? []), ...(pre?.headers ?? [])];
    if (all.some(([, v]) => /\{(?!origin\})[^}]*\}/.test(v))) throw new Error(`${f.id}: only {origin} placeholders are supported`);
    routes[f.path] = { preflight: f.private ? null : pre, actual: [...(main.actual.headers ?? [])] };
  }
  return { privatePrefix: PRIVATE_PREFIX, token: AUTH_TOKEN, routes };
}
