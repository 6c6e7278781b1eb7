import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { failedCount } from '../../../scripts/test-totals.mjs';

/** The shape Vitest 4's JSON reporter writes (trimmed to the fields read). */
const report = (files: { status: string; tests: string[] }[], numFailedTestSuites: number) => ({
  numFailedTests: files.flatMap((f) => f.tests).filter((t) => t === 'failed').length,
  numFailedTestSuites,
  testResults: files.map((f) => ({ status: f.status, assertionResults: f.tests.map((status) => ({ status })) })),
});

describe('the closing line of npm test', () => {
  it('counts one failing test inside nested describe blocks as 1 failed', () => {
    expect(failedCount(report([{ status: 'failed', tests: ['failed', 'passed'] }, { status: 'passed', tests: ['passed'] }], 3))).toBe(1);
  });

  it('counts a file that failed to load once, and never double with its failed tests', () => {
    const json = report([{ status: 'failed', tests: [] }, { status: 'failed', tests: ['failed', 'failed'] }], 4);
    expect(failedCount(json)).toBe(3);
  });

  it('counts nothing for a green run', () => {
    expect(failedCount(report([{ status: 'passed', tests: ['passed', 'skipped'] }], 0))).toBe(0);
  });
});
