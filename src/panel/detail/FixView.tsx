/**
 * The fix: the smallest safe server change (`synthesizePolicy`), as a header diff per response,
 * plain steps, a copy-ready snippet for the stack the user picked (remembered across sessions),
 * the curl reproduction, and links to the spec and MDN. Snippets and copies never carry the
 * page's secrets.
 */
import { useMemo } from 'preact/hooks';
import type { RenderedFix } from '../../core/fixes/index';
import type { AnalyzedExchange } from '../../core/model';
import type { FixPolicy, HeaderChange } from '../../core/policy';
import { scrub, secretsOf } from '../../core/redact';
import { CopyButton } from '../CopyButton';
import { shownValue, visibleControls } from '../display-text';
import { useFixEngine, type FixEngine } from '../use-fix-engine';
import { StackPicker } from './StackPicker';
import { LearnMore } from './VerdictView';

export const DEFAULT_STACK = 'http-headers';

const KIND_TITLE: Record<FixPolicy['kind'], string> = {
  'server-headers': 'Fix it on the server: send these CORS headers',
  'server-behaviour': 'Fix it on the server: change how it answers',
  client: 'Fix it in the page: change the request',
  none: 'Nothing to fix',
};

export function policyFor(engine: FixEngine | undefined, a: AnalyzedExchange): { policy?: FixPolicy; error?: string } {
  if (!engine) return {};
  try {
    return { policy: engine.synthesizePolicy(a.exchange, a.verdict) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function renderStack(engine: FixEngine, stackId: string, policy: FixPolicy): RenderedFix {
  const stack = engine.stackById(stackId) ?? engine.stackById(DEFAULT_STACK)!;
  try {
    return stack.render(policy);
  } catch (e) {
    return { label: stack.label, language: stack.language, code: '', notes: [`Could not render this stack: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

const RESPONSE_LABEL = (c: HeaderChange) =>
  c.response === 'preflight' ? 'Preflight response (OPTIONS)' : c.response === 'redirect' ? `Redirect response (${c.method})` : `Actual response (${c.method})`;

/** The diff grouped by response, in order. */
export function diffGroups(diff: HeaderChange[]): Array<{ key: string; label: string; hop: number; observed: boolean; changes: HeaderChange[] }> {
  const groups = new Map<string, { key: string; label: string; hop: number; observed: boolean; changes: HeaderChange[] }>();
  for (const c of diff) {
    const key = `${c.response}#${c.hop}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: RESPONSE_LABEL(c), hop: c.hop, observed: c.observed, changes: [] }));
    g.changes.push(c);
  }
  return [...groups.values()];
}

const ACTION_SIGN: Record<HeaderChange['action'], string> = { add: '+', set: '~', remove: '−', 'remove-duplicate': '−' };

export function HeaderDiff({ diff, multiHop }: { diff: HeaderChange[]; multiHop: boolean }) {
  if (diff.length === 0) return null;
  return (
    <div class="diff" data-testid="fix-diff">
      {diffGroups(diff).map((g) => (
        <section key={g.key} class="diff-group" aria-label={g.label}>
          <div class="diff-title">
            {g.label}
            {multiHop && ` · hop ${g.hop + 1}`}
            {!g.observed && <span class="diff-unobserved"> · not observed yet</span>}
          </div>
          <table class="diff-table">
            <tbody>
              {g.changes.map((c, i) => (
                <tr key={i} class={`diff-${c.action}${c.required ? ' required' : ''}`} data-action-kind={c.action} data-header={c.name}>
                  <td class="diff-sign" aria-label={c.action}>
                    {ACTION_SIGN[c.action]}
                  </td>
                  <th scope="row">{c.name === ':status' ? 'Status' : c.name}</th>
                  <td class="diff-values">
                    {c.from !== null && c.action !== 'add' && <del>{shownValue(c.from, 300)}</del>}
                    {c.from !== null && c.to !== undefined && c.action !== 'add' && ' → '}
                    {c.to !== undefined && <ins>{shownValue(c.to, 300)}</ins>}
                  </td>
                  <td class="diff-note">
                    {c.required ? <span class="required-tag">required</span> : <span class="optional-tag">recommended</span>} {visibleControls(c.note)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

export function FixView({ analyzed, stack, onStack }: { analyzed: AnalyzedExchange; stack: string; onStack(id: string): void }) {
  const engine = useFixEngine();
  const { policy, error } = useMemo(() => policyFor(engine, analyzed), [engine, analyzed]);
  const secrets = useMemo(() => secretsOf(analyzed.exchange), [analyzed]);
  const stackId = engine?.stackById(stack) ? stack : DEFAULT_STACK;
  const rendered = useMemo(() => (engine && policy ? renderStack(engine, stackId, policy) : undefined), [engine, policy, stackId]);
  const curl = useMemo(() => (engine && policy ? renderStack(engine, 'curl', policy) : undefined), [engine, policy]);
  if (!engine) return <p class="fix-loading">Working out the fix…</p>;
  if (!policy || !rendered) {
    return <p class="fix-error">The fix could not be worked out for this request ({error}).</p>;
  }
  // Redacted, and hostile controls made visible, for display and for copying alike: what you see
  // is what you paste.
  const snippet = visibleControls(scrub(rendered.code, secrets), true);
  const curlCode = curl ? visibleControls(scrub(curl.code, secrets), true) : '';
  const multiHop = analyzed.exchange.hops.length > 1;
  return (
    <div class="fix-view" data-fix-kind={policy.kind}>
      <p class={`fix-title fix-${policy.kind}`}>{KIND_TITLE[policy.kind]}</p>
      {policy.clientChange && (
        <section class="client-change" aria-label="Change in the page">
          <p>{visibleControls(policy.clientChange.description)}</p>
          {policy.clientChange.before && (
            <pre class="code code-before" aria-label="Before">
              {visibleControls(scrub(policy.clientChange.before, secrets), true)}
            </pre>
          )}
          {policy.clientChange.after && (
            <pre class="code code-after" aria-label="After">
              {visibleControls(scrub(policy.clientChange.after, secrets), true)}
            </pre>
          )}
        </section>
      )}
      <HeaderDiff diff={policy.diff} multiHop={multiHop} />
      <section class="snippet-section" aria-label="Server snippet">
        <div class="snippet-head">
          <StackPicker engine={engine} stackId={stackId} onStack={onStack} />
          <span class="toolbar-spacer" />
          {snippet && <CopyButton text={() => snippet} what={`the ${rendered.label} snippet`} testId="copy-fix" />}
        </div>
        {snippet ? (
          <pre class="code snippet" data-testid="fix-snippet" data-stack={stackId} data-language={rendered.language}>
            <code>{snippet}</code>
          </pre>
        ) : (
          <p class="snippet-none">No server change for this stack.</p>
        )}
        {rendered.notes && rendered.notes.length > 0 && (
          <ul class="snippet-notes">
            {rendered.notes.map((n, i) => (
              <li key={i}>{visibleControls(scrub(n, secrets))}</li>
            ))}
          </ul>
        )}
      </section>
      {policy.steps.length > 0 && (
        <section class="fix-steps-section" aria-label="Steps">
        <div class="section-title">Step by step</div>
        <ol class="fix-steps">
          {policy.steps.map((s, i) => (
            <li key={i}>{visibleControls(scrub(s, secrets))}</li>
          ))}
        </ol>
        </section>
      )}
      {curlCode && (
        <section class="snippet-section" aria-label="Reproduce with curl">
          <div class="snippet-head">
            <span class="section-title">Reproduce with curl</span>
            <span class="toolbar-spacer" />
            <CopyButton text={() => curlCode} what="the curl command" testId="copy-curl" />
          </div>
          <pre class="code snippet" data-testid="curl">
            <code>{curlCode}</code>
          </pre>
        </section>
      )}
      <LearnMore reason={analyzed.verdict.reason} />
    </div>
  );
}
