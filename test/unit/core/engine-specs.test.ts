/**
 * The engines' rows (src/core/engine-specs.ts) and the browser-neutral problems: each row is a
 * complete check order, and one Problem renders into each browser's own message pieces.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, type PreflightStep } from '../../../src/core/engine-specs';
import { renderFinding } from '../../../src/core/messages/render';
import type { Problem } from '../../../src/core/rules/types';

const ALL_STEPS: PreflightStep[] = ['redirect', 'access', 'status', 'methods-parse', 'headers-parse', 'method', 'headers'];

describe('ENGINES', () => {
  it.each(Object.entries(ENGINES))('%s runs every preflight step exactly once', (_browser, spec) => {
    expect([...spec.preflightSteps].sort()).toEqual([...ALL_STEPS].sort());
  });

  it("Chromium's order is PreflightController's: redirect first, both lists parsed before either is matched", () => {
    const order = ENGINES.chrome.preflightSteps;
    expect(order[0]).toBe('redirect');
    expect(order.indexOf('headers-parse')).toBeLessThan(order.indexOf('method'));
  });

  it('a list is always parsed before it is matched', () => {
    for (const spec of Object.values(ENGINES)) {
      expect(spec.preflightSteps.indexOf('methods-parse')).toBeLessThan(spec.preflightSteps.indexOf('method'));
      expect(spec.preflightSteps.indexOf('headers-parse')).toBeLessThan(spec.preflightSteps.indexOf('headers'));
    }
  });
});

describe('renderFinding', () => {
  const problem: Problem = {
    outcome: 'blocked',
    reason: 'preflight-header-not-allowed',
    phase: 'preflight',
    hop: 0,
    url: 'http://api.test/x',
    check: { kind: 'header-not-allowed', name: 'x-request-id', spelled: 'X-Request-ID' },
    evidence: [],
    notes: [],
  };

  it('gives each browser its own pieces from one problem, and nobody else’s', () => {
    const chrome = renderFinding('chrome', problem);
    expect(chrome).toMatchObject({ browser: 'chrome', corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'x-request-id' });
    expect(chrome.firefoxLines).toBeUndefined();
    const firefox = renderFinding('firefox', problem);
    expect(firefox.corsError).toBeNull();
    expect(firefox.firefoxLines?.map((l) => l.key)).toEqual(['CORSMissingAllowHeaderFromPreflight2', 'CORSDidNotSucceed2']);
    const safari = renderFinding('safari', problem);
    expect(safari.corsError).toBeNull();
    expect(safari.safari).toEqual({ kind: 'header-not-allowed', value: 'X-Request-ID' });
  });

  it('a problem without a failed check has no message pieces', () => {
    const allowed: Problem = { ...problem, outcome: 'allowed', reason: 'ok', check: undefined };
    for (const browser of ['chrome', 'firefox', 'safari'] as const) {
      const f = renderFinding(browser, allowed);
      expect(f.corsError).toBeNull();
      expect(f.firefoxLines ?? []).toEqual([]);
      expect(f.safari ?? null).toBeNull();
    }
  });
});
