/** The selected exchange: verdict, browser console messages, explanation, headers per message. */
import type { AnalyzedExchange, Observation } from '../core/model';
import { HeadersTable } from './HeadersTable';
import { VerdictBadge } from './VerdictBadge';

export function ExchangeDetail({ analyzed, onClose }: { analyzed: AnalyzedExchange; onClose(): void }) {
  const { exchange: e, verdict: v } = analyzed;
  return (
    <section class="detail" aria-label="Request details" data-testid="detail">
      <header class="detail-head">
        <VerdictBadge verdict={v} />
        <span class="detail-title">
          {e.method} {e.url}
        </span>
        <button type="button" class="close" aria-label="Close details" title="Close" onClick={() => onClose()}>
          ×
        </button>
      </header>
      <div class="detail-body">
        <p class="summary" data-testid="summary">
          {v.summary}
        </p>
        <dl class="facts">
          <dt>Reason</dt>
          <dd>
            <code>{v.reason}</code>
            {v.chromiumCorsError && (
              <>
                {' '}
                · Chromium <code>{v.chromiumCorsError}</code>
              </>
            )}
            {v.failedParameter && (
              <>
                {' '}
                · <code>{v.failedParameter}</code>
              </>
            )}
          </dd>
          <dt>Initiator</dt>
          <dd>{e.initiatorOrigin === null ? 'null (opaque origin)' : (e.initiatorOrigin ?? 'unknown')}</dd>
          <dt>Credentials</dt>
          <dd>
            {v.credentials.mode} ({v.credentials.basis})
          </dd>
        </dl>
        <ConsoleMessage browser="Chrome" text={v.messages.chrome} />
        <ConsoleMessage browser="Firefox" text={v.messages.firefox} />
        {v.explanation && (
          <div class="explanation">
            <div class="section-title">Why</div>
            <p>{v.explanation}</p>
          </div>
        )}
        {v.inferences.length > 0 && (
          <ul class="inferences">
            {v.inferences.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        )}
        {v.warnings.length > 0 && (
          <ul class="warnings">
            {v.warnings.map((w) => (
              <li key={w.id} class={`warning-${w.severity}`}>
                {w.message}
              </li>
            ))}
          </ul>
        )}
        {e.hops.map((hop, i) => (
          <div class="hop" key={i}>
            {e.hops.length > 1 && <div class="section-title">Hop {i + 1}: {hop.request.url}</div>}
            {hop.preflight && <Message label="Preflight" obs={hop.preflight} />}
            <Message label={e.actualNeverSent && i === e.hops.length - 1 ? 'Actual request (never sent)' : 'Actual request'} obs={hop.request} />
          </div>
        ))}
      </div>
    </section>
  );
}

function ConsoleMessage({ browser, text }: { browser: string; text: string | null }) {
  if (!text) return null;
  return (
    <div class="console">
      <div class="section-title">{browser} console</div>
      <pre class="console-text">{text}</pre>
    </div>
  );
}

function Message({ label, obs }: { label: string; obs: Observation }) {
  const status = obs.status ? `${obs.status}${obs.statusText ? ` ${obs.statusText}` : ''}` : obs.error ? obs.error : 'no response';
  return (
    <div class="message">
      <div class="section-title">
        {label}: {obs.method} · {status}
        {obs.error && obs.status ? ` · ${obs.error}` : ''}
      </div>
      <div class="message-headers">
        <HeadersTable title="Request headers" headers={obs.requestHeaders} note={obs.requestHeadersProvisional ? 'Provisional headers only.' : 'Not captured.'} />
        <HeadersTable title="Response headers" headers={obs.responseHeaders} note="No response." />
      </div>
    </div>
  );
}
