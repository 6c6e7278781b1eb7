/**
 * The verdict at a glance: one sentence, the timeline, the browser's exact console message, why,
 * what was checked, what was inferred, warnings, and where to read more.
 */
import { exchangeContextLabel } from '../../core/initiator-context';
import { useState } from 'preact/hooks';
import type { BrowserId, Exchange, Verdict } from '../../core/model';
import { SAFARI_INSPECTOR_NOTE, hasInspectorLine } from '../../core/messages/safari';
import { reasonInfo } from '../../core/reasons';
import { shownValue, visibleControls } from '../display-text';
import { Tabs } from '../Tabs';
import { marksOf } from './HeadersView';
import { CookiesView } from './CookiesView';
import { Timeline } from './Timeline';

const BROWSERS: Array<{ id: BrowserId; label: string }> = [
  { id: 'chrome', label: 'Chrome' },
  { id: 'firefox', label: 'Firefox' },
  { id: 'safari', label: 'Safari' },
];

const WHERE: Record<string, string> = {
  'preflight-request': 'preflight request',
  'preflight-response': 'preflight response',
  request: 'request',
  response: 'response',
  'redirect-response': 'redirect response',
};

export function VerdictView({ exchange: e, verdict: v, browser }: { exchange: Exchange; verdict: Verdict; browser: BrowserId }) {
  const info = reasonInfo(v.reason);
  const firstWithMessage = BROWSERS.find((b) => v.messages[b.id])?.id ?? browser;
  const [messageTab, setMessageTab] = useState<BrowserId>(v.messages[browser] ? browser : firstWithMessage);
  const marks = marksOf(v).filter((m) => m.kind !== 'context');
  const credentials = credentialsText(v.credentials);
  return (
    <div class="verdict-view">
      <p class={`summary summary-${v.outcome}`} data-testid="summary">
        {visibleControls(v.summary)}
      </p>
      <dl class="facts">
        <div>
          <dt>Reason</dt>
          <dd>
            {info.title} <code>{v.reason}</code>
          </dd>
        </div>
        {v.chromiumCorsError && (
          <div>
            <dt>Chromium</dt>
            <dd>
              <code>{v.chromiumCorsError}</code>
              {v.failedParameter && (
                <>
                  {' '}
                  · <code>{shownValue(v.failedParameter, 200)}</code>
                </>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>Initiator</dt>
          <dd>
            {e.initiatorOrigin === null ? 'null (opaque origin)' : shownValue(e.initiatorOrigin ?? 'unknown', 300)}
            {exchangeContextLabel(e) && <span class="initiator-context"> · {exchangeContextLabel(e)}</span>}
          </dd>
        </div>
        <div>
          <dt>Credentials</dt>
          <dd data-testid="credentials">{visibleControls(credentials)}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{v.requestMode}</dd>
        </div>
      </dl>
      <Timeline exchange={e} verdict={v} />
      <div class="console">
        <Tabs
          name="console"
          label="Console message"
          class="console-tabs"
          selected={messageTab}
          onSelect={(id: BrowserId) => setMessageTab(id)}
          tabs={BROWSERS.map((b) => ({
            id: b.id,
            label: `${b.label} console`,
            dim: !v.messages[b.id],
            content: v.messages[b.id] ? (
              <>
                <pre class="console-text" data-browser={b.id}>
                  {visibleControls(v.messages[b.id]!, true)}
                </pre>
                {b.id === 'safari' && hasInspectorLine(v.messages.safari) && <p class="console-note">{SAFARI_INSPECTOR_NOTE}</p>}
              </>
            ) : (
              <p class="console-none">{b.label} prints no CORS message for this request.</p>
            ),
          }))}
        />
      </div>
      {v.explanation && (
        <section class="explanation" aria-label="Why">
          <div class="section-title">Why</div>
          <p>{visibleControls(v.explanation, true)}</p>
        </section>
      )}
      {marks.length > 0 && (
        <section class="evidence" aria-label="What the browser checked">
          <div class="section-title">What the browser checked</div>
          <ul>
            {marks.map((m, i) => (
              <li key={i} class={`mark-${m.kind}`}>
                <code>{m.field === ':status' ? 'status' : m.field}</code> on the {m.hop > 0 ? `hop ${m.hop + 1} ` : ''}
                {WHERE[m.on] ?? m.on}: {m.value === null ? <em>missing</em> : <code>{shownValue(m.value, 300)}</code>} — {m.note}
                {m.expected !== undefined && (
                  <>
                    {' '}
                    (expected <code>{shownValue(m.expected, 300)}</code>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {v.inferences.length > 0 && (
        <section class="inferences" aria-label="Inferred">
          <div class="section-title">Inferred (not observed directly)</div>
          <ul>
            {v.inferences.map((t, i) => (
              <li key={i}>{visibleControls(t)}</li>
            ))}
          </ul>
        </section>
      )}
      {v.warnings.length > 0 && (
        <section class="warnings" aria-label="Warnings">
          <div class="section-title">Warnings</div>
          <ul>
            {v.warnings.map((w) => (
              <li key={w.id} class={`warning-${w.severity}`} data-warning={w.id}>
                <span class="warning-severity">{w.severity}</span> {visibleControls(w.message)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <CookiesView analyzed={{ exchange: e, verdict: v }} browser={browser} />
      <LearnMore reason={v.reason} />
    </div>
  );
}

/** One line, never contradicted below: the mode and how it was known. */
function credentialsText(c: Verdict['credentials']): string {
  switch (c.basis) {
    case 'observed':
      return `${c.mode} — observed${c.note ? `: ${c.note}` : ''}`;
    case 'given':
      return `${c.mode} — as you set it`;
    case 'inferred':
      return `${c.mode} — inferred (see below)`;
    case 'assumed':
      return `${c.mode} — assumed: no browser API reports it`;
  }
}

export function LearnMore({ reason }: { reason: string }) {
  const info = reasonInfo(reason);
  return (
    <p class="learn-more">
      <a href={info.spec} target="_blank" rel="noreferrer noopener" data-link="spec">
        Fetch Standard{info.spec.includes('#') ? ` §${info.spec.slice(info.spec.indexOf('#') + 1)}` : ''}
      </a>
      {' · '}
      <a href={info.mdn} target="_blank" rel="noreferrer noopener" data-link="mdn">
        MDN: {info.mdn.includes('/Errors/') ? info.mdn.slice(info.mdn.lastIndexOf('/') + 1) : 'CORS guide'}
      </a>
      {info.issueTitle && <span class="issue-title"> · Chrome Issues: “{info.issueTitle}”</span>}
    </p>
  );
}
