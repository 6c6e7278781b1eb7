/**
 * The what-if editor: change the preflight's or the actual response's status and headers (and
 * the credentials mode when it was only inferred), and see the verdict and the fix recomputed at
 * once by the same `evaluate` on an edited copy. Traffic is never touched.
 */
import { useMemo, useState } from 'preact/hooks';
import type { AnalyzedExchange, BrowserId, CredentialsMode } from '../../core/model';
import { shownUrl, visibleControls } from '../display-text';
import { shortError } from '../format';
import { VerdictBadge } from '../VerdictBadge';
import {
  changedResponses,
  draftWithFix,
  editableResponses,
  isEdited,
  newDraftHeader,
  observedDraft,
  parseStatus,
  type DraftResponse,
  type EditableResponse,
  type WhatIfDraft,
} from '../what-if';
import { useFixEngine } from '../use-fix-engine';
import { HeaderDiff, policyFor } from './FixView';

const MODES: CredentialsMode[] = ['omit', 'same-origin', 'include'];

export function WhatIfView({ analyzed, browser }: { analyzed: AnalyzedExchange; browser: BrowserId }) {
  const e = analyzed.exchange;
  const [draft, setDraft] = useState<WhatIfDraft>(() => observedDraft(e));
  const responses = useMemo(() => editableResponses(e), [e]);
  const edited = isEdited(e, draft);
  const changed = changedResponses(e, draft);
  const engine = useFixEngine();
  // The evaluator rides in the fix engine's chunk; until it is there an edit is not judged yet.
  const result = useMemo((): { a: AnalyzedExchange; error?: string; pending?: true } => {
    if (!edited) return { a: analyzed };
    if (!engine) return { a: analyzed, pending: true };
    try {
      return { a: engine.evaluateDraft(analyzed, draft, browser) };
    } catch (err) {
      return { a: analyzed, error: err instanceof Error ? err.message : String(err) };
    }
  }, [analyzed, draft, browser, edited, engine]);
  const fix = useMemo(() => policyFor(engine, result.a), [engine, result.a]);
  const observedFix = useMemo(() => policyFor(engine, analyzed), [engine, analyzed]);
  const v = result.a.verdict;
  const networkFailure = analyzed.verdict.outcome === 'network-error';
  const credentialsEditable = analyzed.verdict.credentials.basis === 'inferred' || analyzed.verdict.credentials.basis === 'assumed';

  const setResponse = (key: string, next: DraftResponse) => setDraft((d) => ({ ...d, responses: { ...d.responses, [key]: next } }));

  return (
    <div class="whatif">
      <div
        class={`whatif-verdict outcome-${v.outcome}${edited ? ' edited' : ''}`}
        data-testid="whatif-verdict"
        data-outcome={v.outcome}
        data-reason={v.reason}
        aria-live="polite"
      >
        <span class="whatif-label">{result.pending ? 'Evaluating your edits…' : edited ? 'With your edits' : 'As observed'}</span>
        <VerdictBadge verdict={v} />
        <span class="whatif-summary">{visibleControls(v.summary)}</span>
        {edited && analyzed.verdict.outcome !== v.outcome && (
          <span class="whatif-flip">
            (was {analyzed.verdict.outcome})
          </span>
        )}
      </div>
      {result.error && <p class="fix-error">Could not evaluate the edited exchange: {result.error}</p>}
      {networkFailure && (
        <p class="whatif-note">
          This request failed below CORS ({shortError(e.hops[analyzed.verdict.hop]?.request.error ?? 'network error')}): no response header can change that.
        </p>
      )}
      <div class="whatif-actions">
        <button
          type="button"
          class="tool-button primary"
          data-action="apply-fix"
          disabled={!observedFix.policy || observedFix.policy.diff.length === 0}
          title="Fill the editor with the suggested fix's header changes"
          onClick={() => observedFix.policy && setDraft(draftWithFix(e, observedDraft(e), observedFix.policy))}
        >
          Apply the suggested fix
        </button>
        <button type="button" class="tool-button" data-action="reset" disabled={!edited} onClick={() => setDraft(observedDraft(e))}>
          Reset to observed
        </button>
        <span class="whatif-hint">Edits stay in this panel: nothing is sent, no traffic is rewritten.</span>
      </div>
      <div class="whatif-credentials">
        <label>
          Credentials mode{' '}
          <select
            data-action="credentials"
            disabled={!credentialsEditable}
            value={draft.credentials ?? analyzed.verdict.credentials.mode}
            onChange={(ev) => {
              const mode = (ev.currentTarget as HTMLSelectElement).value as CredentialsMode;
              setDraft((d) => {
                const next = { ...d };
                if (mode === analyzed.verdict.credentials.mode) delete next.credentials;
                else next.credentials = mode;
                return next;
              });
            }}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <span class="whatif-hint">
          {credentialsEditable
            ? `${analyzed.verdict.credentials.basis === 'inferred' ? 'Inferred' : 'Assumed'}: the browser does not report it. Try the other modes.`
            : analyzed.verdict.credentials.basis === 'observed'
              ? 'Reported by the page itself.'
              : 'Given.'}
        </span>
      </div>
      {responses.map((r) => (
        <ResponseEditor
          key={r.key}
          response={r}
          multiHop={e.hops.length > 1}
          draft={draft.responses[r.key] ?? { status: String(r.status ?? ''), headers: [] }}
          changed={changed.has(r.key)}
          onChange={(next) => setResponse(r.key, next)}
        />
      ))}
      <section class="whatif-fix" aria-label="Fix for the edited version">
        <div class="section-title">{edited ? 'What would still need to change' : 'What needs to change'}</div>
        {fix.policy && fix.policy.diff.some((c) => c.required) ? (
          <HeaderDiff diff={fix.policy.diff} multiHop={e.hops.length > 1} />
        ) : v.outcome === 'allowed' ? (
          <p class="whatif-done">Nothing required: the browser would allow this request{fix.policy && fix.policy.diff.length > 0 ? ' (the recommended changes below still help)' : ''}.</p>
        ) : (
          <p class="whatif-done">No header change fixes this one: see the Fix tab.</p>
        )}
        {fix.policy && v.outcome === 'allowed' && fix.policy.diff.length > 0 && !fix.policy.diff.some((c) => c.required) && (
          <HeaderDiff diff={fix.policy.diff} multiHop={e.hops.length > 1} />
        )}
      </section>
    </div>
  );
}

function ResponseEditor({ response: r, draft, changed, multiHop, onChange }: { response: EditableResponse; draft: DraftResponse; changed: boolean; multiHop: boolean; onChange(next: DraftResponse): void }) {
  const title = `${r.kind === 'preflight' ? 'Preflight response' : r.hop > 0 ? 'Redirected response' : 'Actual response'} · ${r.method}`;
  const statusValid = parseStatus(draft.status) !== undefined;
  const observed = new Set(r.headers.map((h) => `${h.name}\u0000${h.value}`));
  return (
    <section class={`response-editor${changed ? ' changed' : ''}`} data-response={r.key} aria-label={title}>
      <div class="editor-head">
        <span class="editor-title">
          {title}
          {multiHop && ` · hop ${r.hop + 1}`}
        </span>
        <span class="editor-url" title={shownUrl(r.url)}>
          {shownUrl(r.url)}
        </span>
        {!r.observed && <span class="editor-note">not observed: the browser never sent it (assumed {draft.status || '200'})</span>}
      </div>
      <div class="editor-status">
        <label>
          Status{' '}
          <input
            class={`status-input${statusValid ? '' : ' invalid'}`}
            data-field="status"
            inputMode="numeric"
            maxLength={3}
            size={4}
            value={draft.status}
            aria-invalid={!statusValid}
            onInput={(ev) => onChange({ ...draft, status: (ev.currentTarget as HTMLInputElement).value })}
          />
        </label>
      </div>
      <table class="editor-table">
        <tbody>
          {draft.headers.map((h, i) => {
            const rowChanged = !observed.has(`${h.name}\u0000${h.value}`);
            return (
              <tr key={h.id} class={rowChanged ? 'row-changed' : undefined} data-header-row={i}>
                <td>
                  <input
                    class="header-name"
                    data-field="name"
                    aria-label="Header name"
                    spellcheck={false}
                    value={h.name}
                    onInput={(ev) => onChange({ ...draft, headers: draft.headers.map((x) => (x.id === h.id ? { ...x, name: (ev.currentTarget as HTMLInputElement).value } : x)) })}
                  />
                </td>
                <td>
                  <input
                    class="header-value-input"
                    data-field="value"
                    aria-label={`Value of ${h.name || 'the header'}`}
                    spellcheck={false}
                    value={h.value}
                    onInput={(ev) => onChange({ ...draft, headers: draft.headers.map((x) => (x.id === h.id ? { ...x, value: (ev.currentTarget as HTMLInputElement).value } : x)) })}
                  />
                </td>
                <td class="editor-remove">
                  <button
                    type="button"
                    class="icon-button remove-button"
                    data-action="remove-header"
                    aria-label={`Remove ${h.name || 'this header'}`}
                    title="Remove"
                    onClick={() => onChange({ ...draft, headers: draft.headers.filter((x) => x.id !== h.id) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        class="tool-button add-header"
        data-action="add-header"
        onClick={() => onChange({ ...draft, headers: [...draft.headers, newDraftHeader()] })}
      >
        + Add header
      </button>
    </section>
  );
}
