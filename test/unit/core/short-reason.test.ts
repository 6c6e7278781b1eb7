/** The list's reason column says the cause in a few words, from the real evaluator's verdicts. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate';
import type { CredentialsMode, Exchange } from '../../../src/core/model';
import { shortReason } from '../../../src/core/short-reason';
import { API, PAGE, exchange } from './fixes/build';
import { analyzedFixture } from '../panel/fixtures';

const words = (e: Exchange, credentials?: CredentialsMode) => shortReason({ exchange: e, verdict: evaluate(e, credentials ? { credentials } : {}) });
const ACAO: [string, string] = ['Access-Control-Allow-Origin', PAGE];

describe('shortReason', () => {
  it('names the cause of each failure the way a developer says it', () => {
    expect(words(exchange({ actual: { status: 200 } }))).toBe('No ACAO');
    expect(words(exchange({ actual: { status: 200, headers: [['Access-Control-Allow-Origin', 'http://localhost:3000']] } }))).toBe('ACAO ≠ origin');
    expect(words(exchange({ actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } }), 'include')).toBe('ACAO * with credentials');
    expect(
      words(exchange({ method: 'POST', requestHeaders: [['X-Request-ID', '1']], preflight: { status: 204, headers: [ACAO] }, actualNeverSent: true })),
    ).toBe('X-Request-ID not allowed');
    expect(words(exchange({ method: 'DELETE', preflight: { status: 204, headers: [ACAO, ['Access-Control-Allow-Methods', 'GET']] }, actualNeverSent: true }))).toBe(
      'DELETE not allowed',
    );
    expect(words(exchange({ method: 'PUT', preflight: { status: 401 }, actualNeverSent: true }))).toBe('preflight 401 — auth before CORS');
    expect(words(exchange({ url: `${API}/x`, actual: { status: 0, error: 'net::ERR_CONNECTION_REFUSED' } }))).toBe('not CORS: connection refused');
    expect(words(exchange({ actual: { status: 200, headers: [ACAO, ['Vary', 'Origin']] } }))).toBe('OK');
  });

  it('never repeats the URL for allowed rows; a warning is said in a few words', () => {
    for (const a of analyzedFixture('chrome-basic.har')) {
      const text = shortReason(a);
      expect(text.length, text).toBeLessThanOrEqual(45);
      expect(text).not.toContain('http');
    }
    const warned = analyzedFixture('chrome-basic.har').find((a) => a.verdict.outcome === 'allowed' && a.verdict.warnings.length);
    expect(shortReason(warned!)).toBe('works, but no Vary: Origin');
  });
});
