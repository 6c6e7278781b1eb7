// How many tests failed, from Vitest's JSON report, for the closing line of `npm test`.

/**
 * Failed tests, plus each file that failed without a failed test (it did not load, or a hook
 * threw), once. Vitest's numFailedTestSuites is not added: it counts every file and describe
 * block around a failed test, which turned one failing test into "3 failed".
 */
export function failedCount(json) {
  let count = json.numFailedTests ?? 0;
  for (const file of json.testResults ?? []) {
    if (file.status !== 'failed') continue;
    if (!(file.assertionResults ?? []).some((t) => t.status === 'failed')) count += 1;
  }
  return count;
}
