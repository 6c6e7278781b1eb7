/**
 * The lab's scenario registry: every scenario, grouped by taxonomy group in the files next to
 * this one. The lab server, the lab page and the e2e tests all read this one list.
 */
import type { Scenario } from '../scenario-types';
import { a1Scenarios } from './a1-actual-response';
import { a2Scenarios } from './a2-preflight';
import { a3Scenarios, healthyRedirects } from './a3-redirects';
import { a4Scenarios } from './a4-request-mode';
import { a6Scenarios } from './a6-not-cors';
import { a7Scenarios } from './a7-warnings';
import { CONTEXT_GROUPS, contextScenarios } from './contexts';
import { healthyScenarios } from './healthy';
import { repeatedFieldScenarios } from './repeated-fields';
import { nLnaScenarios, nNotCorsScenarios } from './n-not-cors';
import { SUBRESOURCE_GROUPS, SUBRESOURCE_GROUP_TITLES, subresourceScenarios } from './i-subresources';

/** The demo's buttons, in the order the lab page shows them. */
export const FEATURED_IDS: readonly string[] = [
  'healthy-get',
  'healthy-put',
  'healthy-post-json',
  'acao-missing-get',
  'acao-mismatch-get',
  'acao-trailing-slash-get',
  'acao-two-fields-get',
  'acao-comma-list-get',
  'wildcard-with-credentials-get-cred',
  'acac-missing-get-cred',
  'error-500-no-cors-get',
  'error-401-no-cors-post-json',
  'preflight-no-route-put',
  'preflight-401-no-cors-authorization',
  'preflight-404-with-cors-put',
  'preflight-redirect-302-put',
  'acam-missing-method-delete',
  'acah-missing-header-post-json',
  'acah-missing-header-authorization',
  'patch-lower-acam-upper',
  'acam-unparsable-put',
  'redirect-hop-acao-missing',
  'redirect-third-answers-page-origin',
  'redirect-userinfo',
  'healthy-preflight-cached',
  'preflight-max-age-zero',
  'connection-refused',
  'no-cors-opaque',
  'reflect-origin-without-vary',
  'reflect-any-origin-with-credentials',
  'authorization-under-acah-wildcard',
  'mode-same-origin-to-api',
];

const all: Scenario[] = [
  ...healthyScenarios,
  ...healthyRedirects,
  ...a1Scenarios,
  ...a2Scenarios,
  ...a3Scenarios,
  ...a4Scenarios,
  ...a6Scenarios,
  ...a7Scenarios,
  ...repeatedFieldScenarios,
  ...nLnaScenarios,
  ...nNotCorsScenarios,
  ...subresourceScenarios,
  ...contextScenarios,
];

const featured = new Set(FEATURED_IDS);

export const scenarios: Scenario[] = all.map((s) => {
  const { featured: _ignored, ...rest } = s;
  return featured.has(s.id) ? { ...rest, featured: true } : rest;
});

const byId = new Map(scenarios.map((s) => [s.id, s]));

export function scenarioById(id: string): Scenario | undefined {
  return byId.get(id);
}

/** Groups in display order. */
export const GROUP_ORDER = ['healthy', 'A1', 'A2', 'A3', 'A4', 'A6', 'A7', 'N-lna', 'N-notcors', ...SUBRESOURCE_GROUPS, 'workers', 'service-worker', 'frames', 'opaque-origin'] as const;

export const GROUP_TITLES: Record<string, string> = {
  healthy: 'Healthy',
  A1: 'A1 · Actual response fails the CORS check',
  A2: 'A2 · Preflight failures',
  A3: 'A3 · Redirects',
  A4: 'A4 · Request mode and construction',
  A6: 'A6 · Not CORS (but looks like it)',
  A7: 'A7 · Works, with a warning',
  'N-lna': 'Local Network Access (a permission, not CORS)',
  'N-notcors': 'Not CORS: CORP, COEP, ORB, WebSockets',
  ...SUBRESOURCE_GROUP_TITLES,
  ...CONTEXT_GROUPS,
};
