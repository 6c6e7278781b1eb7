/** The evaluator's use of `Exchange.pageHint` (what the page itself saw of the call). */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate';
import type { Exchange, PageHint } from '../../../src/core/model';
import { API, PAGE, ex } from './helpers';

const hint = (over: Partial<PageHint> = {}): PageHint => ({
  id: 'ph:1',
  kind: 'fetch',
  url: `${API}/x`,
  method: 'GET',
  mode: 'cors',
  credentials: 'include',
  headerNames: [],
  startTime: 0,
  outcome: 'rejected',
  error: 'TypeError',
  ...over,
});
const withHint = (e: Exchange, h: Partial<PageHint>): Exchange => ({ ...e, pageHint: hint(h) });

/** What Firefox's webRequest shows for a response it blocked: a normal completion, no error. */
const firefoxCompletion = (res: Record<string, string>) => ex({ res, status: 200 });

describe('page hints at the evaluator entry', () => {
  it('Firefox: a credentialed fetch answered `*` is blocked — only the page knew the credentials mode', () => {
    const e = firefoxCompletion({ 'Access-Control-Allow-Origin': '*' });
    expect(evaluate(e, { browser: 'firefox' }).outcome).toBe('allowed');
    const v = evaluate(withHint(e, {}), { browser: 'firefox' });
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('acao-wildcard-with-credentials');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSNotSupportingCredentials']);
    expect(v.credentials).toMatchObject({ mode: 'include', basis: 'observed' });
    // Observed, so said with the mode itself, never again under "Inferred".
    expect(v.credentials.note).toBe("The page called fetch with credentials: 'include'.");
    expect(v.inferences).not.toContain(v.credentials.note);
  });

  it('Firefox: a missing Allow-Credentials on a credentialed XHR; the hint says XHR and withCredentials', () => {
    const e = firefoxCompletion({ 'Access-Control-Allow-Origin': PAGE });
    const v = evaluate(withHint(e, { kind: 'xhr', outcome: 'rejected', error: 'NetworkError' }), { browser: 'firefox' });
    expect(v.outcome).toBe('blocked');
    expect(v.engines.firefox.firefoxKeys).toEqual(['CORSMissingAllowCredentials']);
    expect(v.credentials.note).toContain('withCredentials = true');
    // Chrome's console names the API the page used.
    expect(v.messages.chrome).toMatch(/^Access to XMLHttpRequest at /);
  });

  it('a non-credentialed call stays allowed, with the credentials mode observed rather than assumed', () => {
    const v = evaluate(withHint(firefoxCompletion({ 'Access-Control-Allow-Origin': '*' }), { credentials: 'same-origin', outcome: 'resolved' }), {
      browser: 'firefox',
    });
    expect(v.outcome).toBe('allowed');
    expect(v.credentials).toMatchObject({ mode: 'same-origin', basis: 'observed' });
  });

  it('what the caller gives wins over the hint (the what-if editor)', () => {
    const e = withHint(firefoxCompletion({ 'Access-Control-Allow-Origin': '*' }), {});
    const v = evaluate(e, { browser: 'firefox', credentials: 'omit', initiatorKind: 'fetch' });
    expect(v.outcome).toBe('allowed');
    expect(v.credentials).toEqual({ mode: 'omit', basis: 'given' });
    expect(evaluate(withHint(ex({ res: {} }), { kind: 'xhr' }), { initiatorKind: 'fetch' }).messages.chrome).toMatch(/^Access to fetch at /);
  });

  it('the hint supplies the request mode: a no-cors fetch is opaque', () => {
    const e = ex({ req: { 'Sec-Fetch-Mode': 'cors' }, res: {} });
    expect(evaluate(e).outcome).toBe('blocked');
    const v = evaluate(withHint(e, { mode: 'no-cors', credentials: 'same-origin', outcome: 'resolved' }));
    expect(v.requestMode).toBe('no-cors');
    expect(v.outcome).toBe('opaque');
  });

  it('credentials unknown but the page saw a network error: inferred exactly like an observed net::ERR_FAILED', () => {
    const res = { 'Access-Control-Allow-Origin': '*' };
    const fromPage = evaluate(withHint(firefoxCompletion(res), { credentials: undefined }), { browser: 'firefox' });
    const fromWire = evaluate(ex({ res, status: 200, error: 'NS_ERROR_DOM_BAD_URI' }), { browser: 'firefox' });
    expect(fromPage.credentials).toEqual({ mode: 'include', basis: 'inferred' });
    expect(fromPage.credentials).toEqual(fromWire.credentials);
    expect(fromPage.outcome).toBe('blocked');
    expect(fromPage.reason).toBe(fromWire.reason);
    // An abort or a timeout is not a sign of a CORS block.
    for (const error of ['AbortError', 'TimeoutError']) {
      const v = evaluate(withHint(firefoxCompletion(res), { credentials: undefined, error }), { browser: 'firefox' });
      expect(v.credentials.basis, error).toBe('assumed');
      expect(v.outcome, error).toBe('allowed');
    }
  });

  it('a hostile or malformed hint is ignored field by field and never throws', () => {
    const base = firefoxCompletion({ 'Access-Control-Allow-Origin': '*' });
    const junk = [
      'string',
      42,
      null,
      { credentials: '<img src=x onerror=alert(1)>', mode: 'navigate', kind: { toString: () => 'xhr' } },
      { credentials: ['include'], outcome: 'rejected', error: { name: 'TypeError' } },
    ];
    for (const pageHint of junk) {
      const v = evaluate({ ...base, pageHint } as unknown as Exchange, { browser: 'firefox' });
      expect(v.outcome).toBe('allowed');
      expect(v.credentials.basis).toBe('assumed');
    }
  });
});

describe('a page hint never contradicts what Chromium reported', () => {
  it('a request Chromium completed without error is not shown blocked because the page claimed credentials: include', () => {
    const e = ex({ res: { 'Access-Control-Allow-Origin': '*' }, status: 200 });
    for (const claim of [{ outcome: 'resolved' as const }, { outcome: 'rejected' as const, error: 'TypeError' }]) {
      const v = evaluate(withHint(e, claim), { browser: 'chrome' });
      expect(v.outcome).toBe('allowed');
      expect(v.inferences[0]).toMatch(/^The page reported credentials: 'include', but Chromium completed the request without a CORS error/);
    }
    // The default browser is Chrome too.
    expect(evaluate(withHint(e, {})).outcome).toBe('allowed');
  });

  it('where Chromium did fail the request (net::ERR_FAILED), the page’s credentials mode still explains why', () => {
    const e = ex({ res: { 'Access-Control-Allow-Origin': '*' }, status: 200, error: 'net::ERR_FAILED' });
    const v = evaluate(withHint(e, {}), { browser: 'chrome' });
    expect(v.outcome).toBe('blocked');
    expect(v.reason).toBe('acao-wildcard-with-credentials');
    expect(v.credentials).toMatchObject({ mode: 'include', basis: 'observed' });
  });

  it('Firefox reports blocked responses as completions: there the hint still decides', () => {
    const e = firefoxCompletion({ 'Access-Control-Allow-Origin': '*' });
    expect(evaluate(withHint(e, {}), { browser: 'firefox' }).outcome).toBe('blocked');
  });
});

describe('an error after the page already had the response', () => {
  // Chromium 156 under load (stress run, chromium-panel e2e): sub-eventsource-ok's EventSource
  // opened — the page got its event — and webRequest still ended the request with net::ERR_FAILED;
  // CDP reported no CORS error.
  const eventSource = () =>
    ex({ req: { Accept: 'text/event-stream' }, res: { 'Access-Control-Allow-Origin': PAGE, 'Content-Type': 'text/event-stream' }, error: 'net::ERR_FAILED' });
  const opened = { kind: 'eventsource' as const, credentials: 'same-origin' as const, outcome: 'resolved' as const, error: undefined };

  it('the page received it and its headers pass: allowed, and the verdict says why the error is not CORS', () => {
    const v = evaluate(withHint(eventSource(), opened));
    expect([v.outcome, v.reason]).toEqual(['allowed', 'ok']);
    expect(v.explanation).toMatch(/only after the response arrived, and the page received that response/);
  });
  it('without the page’s report it stays unexplained; a page that saw the call fail does not make it allowed', () => {
    expect(evaluate(eventSource()).outcome).toBe('blocked');
    expect(evaluate(withHint(eventSource(), { ...opened, outcome: 'rejected', error: 'NetworkError' })).outcome).toBe('blocked');
  });
  it('headers that fail the check are still the reason, whatever the page says', () => {
    const e = ex({ req: { Accept: 'text/event-stream' }, res: { 'Content-Type': 'text/event-stream' }, error: 'net::ERR_FAILED' });
    expect(evaluate(withHint(e, opened)).reason).toBe('acao-missing');
  });
});
