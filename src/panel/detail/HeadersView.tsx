/**
 * Request and response headers of every message, in wire order, duplicates kept. The headers the
 * verdict rests on (`verdict.evidence`) are marked, with the value that would pass beside them;
 * a required header that is absent gets a row of its own.
 */
import type { Evidence, Exchange, Header, HeaderList, Observation, Verdict } from '../../core/model';
import { shownUrl, shownValue } from '../display-text';

type Where = Evidence['on'];

/** bad: what failed (a wrong or missing value); context: what the check looked at; warn: a warning's evidence. */
export type Mark = Evidence & { kind: 'bad' | 'context' | 'warn' };

export function marksOf(v: Verdict): Mark[] {
  const failed = v.outcome === 'blocked' || v.outcome === 'unknown';
  const verdictMarks = v.evidence.map((e): Mark => ({ ...e, kind: failed && (e.expected !== undefined || e.value === null) ? 'bad' : 'context' }));
  const warningMarks = v.warnings
    .filter((w) => w.severity !== 'info')
    .flatMap((w) => (w.evidence ?? []).map((e): Mark => ({ ...e, kind: 'warn' })));
  return [...verdictMarks, ...warningMarks];
}

function marksFor(v: Verdict, hop: number, on: Where[]): Mark[] {
  return marksOf(v).filter((e) => e.hop === hop && on.includes(e.on));
}

const SIGN: Record<Mark['kind'], string> = { bad: '✗', context: '•', warn: '⚠' };

export function HeadersView({ exchange: e, verdict: v }: { exchange: Exchange; verdict: Verdict }) {
  return (
    <div class="headers-view">
      {e.hops.map((hop, i) => {
        const neverSent = e.actualNeverSent === true && i === e.hops.length - 1;
        return (
          <div class="hop" key={i}>
            {e.hops.length > 1 && <div class="hop-title">Hop {i + 1}{i > 0 ? ' (after a redirect)' : ''}</div>}
            {hop.preflight && (
              <Message
                label="Preflight"
                obs={hop.preflight}
                requestMarks={marksFor(v, i, ['preflight-request'])}
                responseMarks={marksFor(v, i, ['preflight-response'])}
              />
            )}
            <Message
              label={neverSent ? 'Actual request (never sent)' : i > 0 ? 'Redirected request' : 'Actual request'}
              obs={hop.request}
              neverSent={neverSent}
              requestMarks={marksFor(v, i, ['request'])}
              responseMarks={marksFor(v, i, ['response', 'redirect-response'])}
            />
          </div>
        );
      })}
    </div>
  );
}

function Message({ label, obs, neverSent, requestMarks, responseMarks }: { label: string; obs: Observation; neverSent?: boolean; requestMarks: Mark[]; responseMarks: Mark[] }) {
  const status = obs.status ? `${obs.status}${obs.statusText ? ` ${obs.statusText}` : ''}` : obs.error ? obs.error : neverSent ? 'not sent' : 'no response';
  const pseudo = [...requestMarks, ...responseMarks].filter((m) => m.field.startsWith(':'));
  return (
    <section class="message" aria-label={label}>
      <div class="section-title">
        {label}: {obs.method} · {status}
        {obs.error && obs.status ? ` · ${obs.error}` : ''}
      </div>
      <div class="message-url">{shownUrl(obs.url)}</div>
      {pseudo.map((m, i) => (
        <div class={`pseudo-mark mark-${m.kind}`} key={i}>
          <span class="mark-sign" aria-hidden="true">{SIGN[m.kind]}</span> {m.field === ':status' ? 'Status' : m.field}: {m.value === null ? 'none' : shownValue(m.value)} — {m.note}
          {m.expected !== undefined && <span class="expected"> (expected {shownValue(m.expected)})</span>}
        </div>
      ))}
      <div class="message-headers">
        <HeadersTable
          title="Request headers"
          headers={obs.requestHeaders}
          marks={requestMarks}
          note={obs.requestHeadersProvisional ? 'Provisional headers only: the browser never sent this request.' : 'Not captured.'}
        />
        <HeadersTable title="Response headers" headers={obs.responseHeaders} marks={responseMarks} note={neverSent ? 'No response: the request was never sent.' : 'No response.'} />
      </div>
    </section>
  );
}

/** Rows rendered per header list; a hostile exchange may carry a million headers. */
export const MAX_HEADER_ROWS = 200;

/**
 * Headers as sent/received, in order, duplicates kept. Values are text, never markup. Beyond
 * MAX_HEADER_ROWS only the headers the verdict marks are rendered, and a row says how many more.
 */
export function HeadersTable({ title, headers, note, marks = [] }: { title: string; headers: HeaderList | undefined; note?: string; marks?: Mark[] }) {
  const fieldMarks = marks.filter((m) => !m.field.startsWith(':'));
  const markOf = (name: string) => (fieldMarks.length ? fieldMarks.find((m) => m.field.toLowerCase() === name.toLowerCase()) : undefined);
  const present = new Set((headers ?? []).map((h) => h.name.toLowerCase()));
  const missing = fieldMarks.filter((m) => !present.has(m.field.toLowerCase()));
  const hasRows = (headers?.length ?? 0) > 0 || missing.length > 0;
  const shown: Array<{ h: Header; i: number; mark: Mark | undefined }> = [];
  (headers ?? []).forEach((h, i) => {
    const mark = markOf(h.name);
    if (i < MAX_HEADER_ROWS || mark) shown.push({ h, i, mark });
  });
  const hidden = (headers?.length ?? 0) - shown.length;
  return (
    <div class="headers">
      <div class="headers-title">{title}</div>
      {!hasRows ? (
        <div class="headers-none">{note ?? 'Not captured.'}</div>
      ) : (
        <table class="headers-table">
          <tbody>
            {shown.map(({ h, i, mark }) => (
              <tr key={i} class={mark ? `marked mark-${mark.kind}` : undefined} data-marked={mark?.kind}>
                <th scope="row">{shownValue(h.name, 200)}</th>
                <td>
                  <span class="header-value">{shownValue(h.value)}</span>
                  {mark && <MarkNote mark={mark} />}
                </td>
              </tr>
            ))}
            {hidden > 0 && (
              <tr class="headers-more" data-testid="headers-more">
                <td colSpan={2}>{hidden.toLocaleString('en')} more {hidden === 1 ? 'header' : 'headers'} not shown (export the exchange to see them all)</td>
              </tr>
            )}
            {missing.map((m, i) => (
              <tr key={`missing-${i}`} class={`marked missing mark-${m.kind}`} data-marked="missing">
                <th scope="row">{m.field}</th>
                <td>
                  <span class="header-value missing-value">(missing)</span>
                  <MarkNote mark={m} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function MarkNote({ mark }: { mark: Mark }) {
  return (
    <span class="mark-note">
      <span class="mark-sign" aria-hidden="true">{SIGN[mark.kind]}</span> {mark.note}
      {mark.expected !== undefined && (
        <>
          {' '}
          · expected <code class="expected">{shownValue(mark.expected)}</code>
        </>
      )}
    </span>
  );
}
