/** Fix rendering is linear in the number of headers (bench/fix-render.ts measures it). */
import { describe, expect, it } from 'vitest';
import { renderModel } from '../../../../src/core/fixes/model';
import type { FixPolicy } from '../../../../src/core/policy';
import { renderTime } from '../../../../bench/fix-render';

describe('a huge exchange', () => {
  it('50,000 request headers: analysed and every fix rendered (10,000 used to take a minute)', () => {
    expect(renderTime(50_000)).toBeGreaterThan(0);
  });

  it('renderModel de-duplicates exactly, keeps first-seen order and names only a few invalid values', () => {
    const allowHeaders = [...Array.from({ length: 50_000 }, (_, i) => `x-${i % 1_000}`), ...Array.from({ length: 20 }, (_, i) => `bad name ${i}`)];
    const policy = { allowOrigins: ['http://a.test'], allowMethods: ['GET', 'GET', 'PUT'], allowHeaders, exposeHeaders: [], allowCredentials: false, preflight: true, request: { url: 'http://api.test/x' } } as unknown as FixPolicy;
    const m = renderModel(policy);
    expect(m.methods).toEqual(['GET', 'PUT']);
    expect(m.headers).toEqual(Array.from({ length: 1_000 }, (_, i) => `x-${i}`));
    expect(m.notes.filter((n) => n.startsWith('Left out the header name'))).toHaveLength(5);
    expect(m.notes).toContain('Left out 15 more invalid values of the header name.');
  });
});
