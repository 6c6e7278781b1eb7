/**
 * The "Fix this server" view (merged policy, snippet, the evaluator's proof per exchange). It
 * only shows once the fix engine is loaded, so it rides in that lazily loaded chunk.
 */
import { useMemo } from 'preact/hooks';
import type { Ref } from 'preact';
import type { ServerFix } from '../core/server-fix/servers';
import { scrub, secretsOf } from '../core/redact';
import { CopyButton } from './CopyButton';
import { DEFAULT_STACK } from './detail/FixView';
import { StackPicker } from './detail/StackPicker';
import { shownUrl, visibleControls } from './display-text';
import type { FixEngine } from './use-fix-engine';

export interface ServerFixViewProps {
  fix: ServerFix;
  engine: FixEngine;
  stack: string;
  onStack(id: string): void;
  onClose(): void;
  onSelectExchange(id: string): void;
  focusRef?: Ref<HTMLElement>;
}

export function ServerFixView({ fix, engine, stack, onStack, onClose, onSelectExchange, focusRef }: ServerFixViewProps) {
  const secrets = useMemo(() => fix.exchanges.flatMap((a) => secretsOf(a.exchange)), [fix]);
  const stackId = engine.stackById(stack) && stack !== 'curl' ? stack : DEFAULT_STACK;
  const rendered = useMemo(() => engine.stackById(stackId)!.render(fix.policy, { pathPrefix: fix.pathPrefix }), [engine, fix, stackId]);
  const text = (s: string) => visibleControls(scrub(s, secrets));
  const snippet = visibleControls(scrub(rendered.code, secrets), true);
  const { pass, of, broken } = fix.verified;
  const proven = of > 0 && pass === of && broken === 0;
  return (
    <section class="detail server-fix" aria-label={`Fix this server: ${fix.origin}`} data-testid="server-fix" data-origin={fix.origin} tabIndex={-1} ref={focusRef as Ref<HTMLElement>}>
      <header class="detail-head">
        <span class="detail-title">Fix this server: {fix.origin}</span>
        <button type="button" class="icon-button close" aria-label="Close the server fix" title="Close (Esc)" onClick={() => onClose()}>
          ×
        </button>
      </header>
      <div class="server-fix-body">
        <p class="server-fix-summary">
          {fix.blocked} blocked, {fix.warned} with warnings, of {fix.exchanges.length} exchange{fix.exchanges.length === 1 ? '' : 's'} with this server.
        </p>
        <p class={`server-fix-verified ${proven ? 'proven' : 'unproven'}`} data-testid="server-fix-verified" data-pass={pass} data-of={of} data-broken={broken}>
          {engine.verifiedLine(fix.verified)}
        </p>
        <section class="snippet-section" aria-label="Server snippet">
          <div class="snippet-head">
            <StackPicker engine={engine} stackId={stackId} onStack={onStack} />
            <span class="toolbar-spacer" />
            {snippet && <CopyButton text={() => snippet} what={`the ${rendered.label} snippet for ${fix.origin}`} testId="copy-server-fix" />}
          </div>
          <pre class="code snippet" data-testid="server-fix-snippet" data-stack={stackId}>
            <code>{snippet}</code>
          </pre>
        </section>
        <section aria-label="Steps">
          <div class="section-title">Step by step</div>
          <ol class="fix-steps">
            {fix.policy.steps.map((s, i) => (
              <li key={i}>{text(s)}</li>
            ))}
          </ol>
        </section>
        <section aria-label="Checked with the evaluator">
          <div class="section-title">Each exchange under this configuration</div>
          <ul class="server-fix-checks" data-testid="server-fix-checks">
            {fix.checks.map((c) => (
              <li key={c.analyzed.exchange.id} class={c.passes ? 'check-pass' : 'check-fail'} data-passes={c.passes}>
                <span class="check-mark" aria-label={c.passes ? 'passes' : 'still fails'}>
                  {c.passes ? '✓' : '✗'}
                </span>{' '}
                <button type="button" class="link-button" onClick={() => onSelectExchange(c.analyzed.exchange.id)}>
                  {c.analyzed.exchange.method} {shownUrl(c.analyzed.exchange.url)}
                </button>{' '}
                <span class="check-reason">
                  {c.analyzed.verdict.reason} → {c.after.verdict.outcome}
                  {c.broken ? ' (passed before: this would break it)' : ''}
                </span>
              </li>
            ))}
          </ul>
          {fix.outOfReach.length > 0 && (
            <>
              <div class="section-title">No server header fixes these</div>
              <ul class="server-fix-out-of-reach">
                {fix.outOfReach.map((o) => (
                  <li key={o.analyzed.exchange.id}>
                    <button type="button" class="link-button" onClick={() => onSelectExchange(o.analyzed.exchange.id)}>
                      {o.analyzed.exchange.method} {shownUrl(o.analyzed.exchange.url)}
                    </button>
                    : {text(o.why)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </section>
  );
}
