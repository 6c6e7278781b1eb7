import { existsSync, readFileSync } from 'node:fs';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/lab/scenario-types';
import { FEATURED_IDS, scenarios } from '../../../src/lab/scenarios/index';

const OUTCOMES = ['allowed', 'blocked', 'opaque', 'not-cors', 'network-error', 'unknown'];
const TARGETS = ['page', 'api', 'api-same-site', 'third', 'closed', 'api-named'];

function responses(s: Scenario) {
  return Object.entries(s.server).flatMap(([step, st]) => [
    { step, kind: 'actual', r: st.actual },
    ...(st.preflight ? [{ step, kind: 'preflight', r: st.preflight }] : []),
  ]);
}

describe('scenario registry', () => {
  it('has at least 160 scenarios with unique kebab-case ids', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(160);
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every group the lab can produce, with at least 20 healthy scenarios', () => {
    const groups = new Set(scenarios.map((s) => s.group));
    for (const g of ['healthy', 'A1', 'A2', 'A3', 'A4', 'A6', 'A7']) expect(groups).toContain(g);
    expect(scenarios.filter((s) => s.group === 'healthy' && s.expect.outcome === 'allowed').length).toBeGreaterThanOrEqual(20);
  });

  it('covers every Chromium failure the taxonomy lists for loopback HTTP', () => {
    const errors = new Set(scenarios.map((s) => s.expect.corsError));
    for (const e of [
      'MissingAllowOriginHeader',
      'AllowOriginMismatch',
      'MultipleAllowOriginValues',
      'InvalidAllowOriginValue',
      'WildcardOriginNotAllowed',
      'InvalidAllowCredentials',
      'PreflightMissingAllowOriginHeader',
      'PreflightInvalidStatus',
      'PreflightDisallowedRedirect',
      'PreflightAllowOriginMismatch',
      'PreflightMultipleAllowOriginValues',
      'PreflightInvalidAllowOriginValue',
      'PreflightWildcardOriginNotAllowed',
      'PreflightInvalidAllowCredentials',
      'MethodDisallowedByPreflightResponse',
      'HeaderDisallowedByPreflightResponse',
      'InvalidAllowMethodsPreflightResponse',
      'InvalidAllowHeadersPreflightResponse',
      'RedirectContainsCredentials',
      'CorsDisabledScheme',
      'DisallowedByMode',
    ])
      expect(errors, e).toContain(e);
    const outcomes = new Set(scenarios.map((s) => s.expect.outcome));
    for (const o of ['allowed', 'blocked', 'opaque', 'not-cors', 'network-error']) expect(outcomes).toContain(o);
    expect(scenarios.some((s) => s.request.method === 'patch')).toBe(true);
    expect(scenarios.some((s) => s.request.via === 'xhr' && s.request.credentials === 'include')).toBe(true);
  });

  it('has a main step, and every redirect points to a step that exists', () => {
    for (const s of scenarios) {
      expect(s.server.main, s.id).toBeDefined();
      for (const { r } of responses(s)) {
        if (!r.redirect) continue;
        expect(TARGETS).toContain(r.redirect.target);
        if (r.redirect.target !== 'closed' && r.redirect.scheme !== 'data') expect(s.server[r.redirect.step], `${s.id} → ${r.redirect.step}`).toBeDefined();
        expect(r.status, s.id).toBeGreaterThanOrEqual(300);
        expect(r.status, s.id).toBeLessThan(400);
      }
    }
  });

  it('only uses header names and values Node can send', () => {
    for (const s of scenarios) {
      for (const { r } of responses(s)) {
        for (const [n, v] of r.headers ?? []) {
          expect(() => validateHeaderName(n), `${s.id}: ${n}`).not.toThrow();
          expect(() => validateHeaderValue(n, v.replace(/\{[a-z-]+\}/g, 'x')), `${s.id}: ${n}`).not.toThrow();
        }
      }
      expect(TARGETS).toContain(s.request.target);
    }
  });

  it('has expectations consistent with their outcome', () => {
    for (const s of scenarios) {
      const e = s.expect;
      expect(OUTCOMES, s.id).toContain(e.outcome);
      expect(Array.isArray(e.firefoxKeys), `${s.id} firefoxKeys`).toBe(true);
      if (e.outcome === 'blocked') expect(e.corsError !== null || (e.firefoxKeys?.length ?? 0) > 0, s.id).toBe(true);
      if (e.corsError !== null) {
        expect(e.outcome, s.id).toBe('blocked');
        expect(e.corsError).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(e.failedParameter, `${s.id} failedParameter`).toBeDefined();
      }
      if (['allowed', 'opaque', 'not-cors'].includes(e.outcome)) {
        expect(e.corsError, s.id).toBeNull();
        expect(e.firefoxKeys, s.id).toEqual([]);
      }
      if (e.outcome === 'opaque') expect(s.request.mode === 'no-cors' || s.request.redirect === 'manual', s.id).toBe(true);
      // Not CORS: same-origin requests, and WebSockets (never CORS, whatever the origin).
      if (e.outcome === 'not-cors') expect(s.request.target === 'page' || s.request.via === 'websocket', s.id).toBe(true);
      if ((s.request.repeat ?? 1) > 1) expect(e.preflights, `${s.id} repeats: say how many preflights`).toBeDefined();
      if (s.only) expect(['chrome', 'firefox']).toContain(s.only);
    }
  });

  it('features about thirty scenarios, all in the registry, covering several groups', () => {
    const featured = scenarios.filter((s) => s.featured);
    expect(featured.map((s) => s.id)).toEqual(scenarios.filter((s) => FEATURED_IDS.includes(s.id)).map((s) => s.id));
    expect(featured.length).toBe(FEATURED_IDS.length);
    expect(featured.length).toBeGreaterThanOrEqual(25);
    expect(featured.length).toBeLessThanOrEqual(35);
    expect(new Set(featured.map((s) => s.group)).size).toBeGreaterThanOrEqual(5);
  });
});

// The recorded real-browser observations (scripts/verify-lab.ts) must agree with the expectations.
describe.each(['chromium', 'firefox'] as const)('expectations agree with recorded %s observations', (browser) => {
  const file = new URL(`../../fixtures/lab-observed/${browser}.json`, import.meta.url);
  const present = existsSync(file);
  it.skipIf(!present)('every scenario was observed and matches', () => {
    const observed = (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Record<string, { outcome: string; corsError: string | null; firefoxKeys?: string[] }> }).scenarios;
    const skip = browser === 'chromium' ? 'firefox' : 'chrome';
    for (const s of scenarios.filter((x) => x.only !== skip)) {
      const o = observed[s.id];
      expect(o, `${s.id} not observed: rerun scripts/verify-lab.ts`).toBeDefined();
      if (!o) continue;
      if (browser === 'chromium') {
        expect([s.id, o.outcome, o.corsError]).toEqual([s.id, s.expect.outcome, s.expect.corsError]);
      } else {
        expect([s.id, o.outcome, o.firefoxKeys]).toEqual([s.id, s.expect.firefoxOutcome ?? s.expect.outcome, s.expect.firefoxKeys]);
      }
    }
  });
});
