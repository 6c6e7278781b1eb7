/** Preflight → actual → redirect hops, each with its status; the step where the verdict was decided is marked. */
import type { Exchange, Observation, Verdict } from '../../core/model';
import { shownUrl } from '../display-text';
import { shortError, splitUrl } from '../format';

interface Step {
  key: string;
  label: string;
  method: string;
  url: string;
  status: string;
  /** ok: 2xx/3xx passed; bad: where it failed; skipped: never sent. */
  tone: 'ok' | 'bad' | 'neutral' | 'skipped';
  redirectTo?: string;
}

function statusText(o: Observation): string {
  if (o.status) return `${o.status}${o.statusText ? ` ${o.statusText}` : ''}`;
  if (o.error) return shortError(o.error);
  return 'no response';
}

/** The hop and step kind where the deciding check ran. */
function decidingStep(v: Verdict): { hop: number; kind: 'preflight' | 'actual' } | undefined {
  if (v.outcome !== 'blocked' && v.outcome !== 'network-error') return undefined;
  return { hop: v.hop, kind: v.phase === 'preflight' ? 'preflight' : 'actual' };
}

export function timelineSteps(e: Exchange, v: Verdict): Step[] {
  const deciding = decidingStep(v);
  const steps: Step[] = [];
  e.hops.forEach((hop, i) => {
    const isDeciding = (kind: 'preflight' | 'actual') => deciding?.hop === i && deciding.kind === kind;
    if (hop.preflight) {
      steps.push({
        key: `${i}p`,
        label: 'Preflight',
        method: 'OPTIONS',
        url: hop.preflight.url,
        status: statusText(hop.preflight),
        tone: isDeciding('preflight') ? 'bad' : 'ok',
      });
    } else if (i === 0 && e.preflightCacheHit) {
      steps.push({ key: `${i}p`, label: 'Preflight', method: 'OPTIONS', url: hop.request.url, status: 'cached', tone: 'neutral' });
    }
    const neverSent = e.actualNeverSent === true && i === e.hops.length - 1;
    steps.push({
      key: `${i}a`,
      label: i === 0 ? 'Request' : `Redirect ${i}`,
      method: hop.request.method,
      url: hop.request.url,
      status: neverSent ? 'not sent' : statusText(hop.request),
      tone: neverSent ? 'skipped' : isDeciding('actual') ? 'bad' : v.outcome === 'allowed' || i < e.hops.length - 1 ? 'ok' : 'neutral',
      ...(hop.request.redirectUrl ? { redirectTo: hop.request.redirectUrl } : {}),
    });
  });
  return steps;
}

export function Timeline({ exchange, verdict }: { exchange: Exchange; verdict: Verdict }) {
  const steps = timelineSteps(exchange, verdict);
  return (
    <ol class="timeline" aria-label="Timeline" data-testid="timeline">
      {steps.map((s) => {
        const { rest } = splitUrl(s.url);
        return (
          <li key={s.key} class={`step step-${s.tone}`} data-step={s.key}>
            <span class="step-label">{s.label}</span>
            <span class="step-line">
              <span class="step-method">{s.method}</span> <span class="step-status">{s.status}</span>
            </span>
            <span class="step-url" title={shownUrl(s.url)}>
              {shownUrl(rest)}
            </span>
            {s.redirectTo && (
              <span class="step-redirect" title={shownUrl(s.redirectTo)}>
                → {shownUrl(s.redirectTo)}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
