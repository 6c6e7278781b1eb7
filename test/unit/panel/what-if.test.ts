import { describe, expect, it } from 'vitest';
import { synthesizePolicy } from '../../../src/core/policy';
import {
  applyDraft,
  changedResponses,
  draftWithFix,
  editableResponses,
  isEdited,
  newDraftHeader,
  observedDraft,
  parseStatus,
} from '../../../src/panel/what-if';
import { evaluateDraft } from '../../../src/panel/what-if-evaluate';
import { analyzedFixture, byReason } from './fixtures';

const chrome = analyzedFixture('chrome-basic.har');

describe('what-if editor model', () => {
  it('lists the preflight and the actual response of every hop; a never-sent actual is unobserved, assumed 200', () => {
    const a = byReason(chrome, 'preflight-header-not-allowed');
    const rs = editableResponses(a.exchange);
    expect(rs.map((r) => [r.key, r.method, r.observed])).toEqual([
      ['0:preflight', 'OPTIONS', true],
      ['0:actual', 'GET', false],
    ]);
    const draft = observedDraft(a.exchange);
    expect(draft.responses['0:actual']!.status).toBe('200');
    expect(draft.responses['0:preflight']!.status).toBe('204');
    expect(isEdited(a.exchange, draft)).toBe(false);
  });

  it('adding the missing Access-Control-Allow-Origin flips a blocked GET to allowed, with the same evaluate', () => {
    const a = byReason(chrome, 'acao-missing');
    const draft = observedDraft(a.exchange);
    draft.responses['0:actual']!.headers.push(newDraftHeader('Access-Control-Allow-Origin', a.exchange.initiatorOrigin as string));
    expect([...changedResponses(a.exchange, draft)]).toEqual(['0:actual']);
    const r = evaluateDraft(a, draft, 'chrome');
    expect(r.verdict.outcome).toBe('allowed');
    expect(r.verdict.reason).toBe('ok');
    // The observation was copied, not changed.
    expect(a.exchange.hops[0]!.request.responseHeaders!.some((h) => h.name === 'Access-Control-Allow-Origin')).toBe(false);
    expect(a.verdict.outcome).toBe('blocked');
  });

  it('a wrong value keeps it blocked, with the new reason', () => {
    const a = byReason(chrome, 'acao-missing');
    const draft = observedDraft(a.exchange);
    draft.responses['0:actual']!.headers.push(newDraftHeader('Access-Control-Allow-Origin', 'https://elsewhere.example'));
    const r = evaluateDraft(a, draft, 'chrome');
    expect(r.verdict.outcome).toBe('blocked');
    expect(r.verdict.reason).toBe('acao-mismatch');
  });

  it('applying the suggested fix makes every blocked exchange of both fixtures pass', () => {
    for (const [name, browser] of [['chrome-basic.har', 'chrome'], ['firefox-basic.har', 'firefox']] as const) {
      for (const a of analyzedFixture(name).filter((x) => x.verdict.outcome === 'blocked' && x.exchange.hops.length === 1)) {
        const policy = synthesizePolicy(a.exchange, a.verdict);
        const r = evaluateDraft(a, draftWithFix(a.exchange, observedDraft(a.exchange), policy), browser);
        expect(`${name} ${a.verdict.reason} → ${r.verdict.outcome}`).toBe(`${name} ${a.verdict.reason} → allowed`);
      }
    }
  });

  it('fixing only the preflight lets the actual request through to its own check', () => {
    const a = byReason(chrome, 'preflight-non-ok-status');
    const policy = synthesizePolicy(a.exchange, a.verdict);
    const preflightOnly = { diff: policy.diff.filter((c) => c.response === 'preflight') };
    const r = evaluateDraft(a, draftWithFix(a.exchange, observedDraft(a.exchange), preflightOnly), 'chrome');
    expect(r.exchange.actualNeverSent).toBeUndefined();
    expect(r.verdict.outcome).toBe('blocked');
    expect(r.verdict.reason).toBe('acao-missing');
    expect(r.verdict.phase).toBe('actual');
  });

  it('a preflight redirect answered with 204 drops the redirect', () => {
    const a = byReason(chrome, 'preflight-redirect');
    const draft = draftWithFix(a.exchange, observedDraft(a.exchange), synthesizePolicy(a.exchange, a.verdict));
    const e = applyDraft(a, draft);
    expect(e.hops[0]!.preflight!.status).toBe(204);
    expect(e.hops[0]!.preflight!.redirectUrl).toBeUndefined();
    expect(evaluateDraft(a, draft, 'chrome').verdict.outcome).toBe('allowed');
  });

  it('the credentials mode, when inferred, can be changed: `*` passes without credentials', () => {
    const a = byReason(chrome, 'acao-wildcard-with-credentials');
    expect(a.verdict.credentials.basis).toBe('inferred');
    const r = evaluateDraft(a, { ...observedDraft(a.exchange), credentials: 'same-origin' }, 'chrome');
    expect(r.verdict.outcome).toBe('allowed');
    const still = evaluateDraft(a, { ...observedDraft(a.exchange), credentials: 'include' }, 'chrome');
    expect(still.verdict.reason).toBe('acao-wildcard-with-credentials');
  });

  it('a network failure stays one: headers cannot cure a refused connection', () => {
    const a = byReason(chrome, 'net-error-not-cors');
    const draft = observedDraft(a.exchange);
    draft.responses['0:actual']!.headers.push(newDraftHeader('Access-Control-Allow-Origin', '*'));
    expect(evaluateDraft(a, draft, 'chrome').verdict.outcome).toBe('network-error');
  });

  it('removing a header and blank names are handled; statuses are validated', () => {
    const a = byReason(chrome, 'preflight-header-not-allowed');
    const draft = observedDraft(a.exchange);
    const pre = draft.responses['0:preflight']!;
    pre.headers = pre.headers.filter((h) => h.name.toLowerCase() !== 'access-control-allow-origin');
    pre.headers.push(newDraftHeader('   ', 'ignored'));
    const e = applyDraft(a, draft);
    expect(e.hops[0]!.preflight!.responseHeaders!.some((h) => h.name.toLowerCase() === 'access-control-allow-origin')).toBe(false);
    expect(e.hops[0]!.preflight!.responseHeaders!.some((h) => h.value === 'ignored')).toBe(false);
    expect(evaluateDraft(a, draft, 'chrome').verdict.reason).toBe('preflight-acao-missing');
    expect([parseStatus('204'), parseStatus('99'), parseStatus('2x4'), parseStatus(' 302 '), parseStatus('600')]).toEqual([204, undefined, undefined, 302, undefined]);
  });
});
