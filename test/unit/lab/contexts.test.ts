import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_PATHS, LAB_CONTEXTS } from '../../../src/lab/contexts/types';
import { scenarios } from '../../../src/lab/scenarios/index';
import { startLab, type Lab } from '../../../src/lab/server';

describe('lab contexts: workers, the service worker and frames', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(() => lab.close());

  it('serves the agent, the service worker (with its scope allowed) and the frame pages on every origin', async () => {
    for (const origin of [lab.pageOrigin, lab.thirdOrigin, lab.apiSameSiteOrigin]) {
      const agent = await fetch(origin + CONTEXT_PATHS.agent);
      expect(agent.headers.get('content-type')).toMatch(/javascript/);
      expect(await agent.text()).toContain('respondWith');
      const frame = await fetch(origin + CONTEXT_PATHS.frame);
      expect(await frame.text()).toContain(CONTEXT_PATHS.agent);
    }
    const sw = await fetch(lab.pageOrigin + CONTEXT_PATHS.serviceWorker);
    expect(sw.headers.get('service-worker-allowed')).toBe(CONTEXT_PATHS.swScope);
    expect(CONTEXT_PATHS.swFrame.startsWith(CONTEXT_PATHS.swScope)).toBe(true);
    expect((await fetch(lab.pageOrigin + CONTEXT_PATHS.swFrame)).status).toBe(200);
  });

  it('has, per context, a passing scenario and the typical failures', () => {
    for (const context of LAB_CONTEXTS) {
      const mine = scenarios.filter((s) => s.request.context === context);
      const errors = new Set(mine.map((s) => s.expect.corsError));
      expect(mine.some((s) => s.expect.outcome === 'allowed'), context).toBe(true);
      for (const e of ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'WildcardOriginNotAllowed', 'PreflightMissingAllowOriginHeader']) expect(errors, `${context} ${e}`).toContain(e);
    }
    // importScripts exists only in classic workers.
    for (const s of scenarios.filter((x) => x.request.via === 'import-scripts')) expect(s.request.context).toBe('dedicated-worker');
  });
});
