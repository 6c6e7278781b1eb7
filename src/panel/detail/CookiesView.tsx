/**
 * Cookies across origins for one exchange: whether a Cookie header went out (names only), what
 * each Set-Cookie becomes and why (core's cookieReport), and what browsers do not reveal.
 */
import type { AnalyzedExchange, BrowserId } from '../../core/model';
import type { CookieFate } from '../../core/cookies/report';
import { visibleControls } from '../display-text';
import { useFixEngine } from '../use-fix-engine';

const FATE_LABEL: Record<CookieFate, string> = {
  stored: 'stored',
  partitioned: 'stored, partitioned',
  'third-party': 'third-party: depends on the browser',
  rejected: 'rejected',
  ignored: 'ignored',
};

/** The cookie rules ride in the lazily loaded fix-engine chunk: the panel's first load stays small. */
export function CookiesView({ analyzed, browser }: { analyzed: AnalyzedExchange; browser: BrowserId }) {
  const engine = useFixEngine();
  const r = engine?.cookieReport(analyzed, browser);
  if (!r) return null;
  const multiHop = analyzed.exchange.hops.length > 1;
  return (
    <section class="cookies" aria-label="Cookies" data-testid="cookies">
      <div class="section-title">Cookies</div>
      <p data-testid="cookies-sent">
        {r.sent.length
          ? `Sent: ${r.sent.map((s) => `${multiHop ? `hop ${s.hop + 1}: ` : ''}${s.names.map((n) => visibleControls(n)).join(', ')}`).join('; ')} (values hidden).`
          : r.credentialed
            ? 'No Cookie header went out with this request.'
            : 'Not credentialed: no cookies go out, and Set-Cookie is ignored.'}{' '}
        {r.sameSite ? 'The API is on the same site as the page.' : 'The API is on another site than the page (cross-site).'}
      </p>
      {r.setCookies.length > 0 && (
        <ul class="cookie-list">
          {r.setCookies.map((c, i) => (
            <li key={i} class={`cookie-${c.fate}`} data-cookie={c.name} data-fate={c.fate}>
              <code>{visibleControls(c.name || '(no name)')}</code> <span class="cookie-fate">{FATE_LABEL[c.fate]}</span> — {visibleControls(c.why)}
              {c.firefoxLine && (
                <pre class="code cookie-console" data-cookie-console="firefox" title="What Firefox prints in the console (Chrome prints nothing)">
                  {visibleControls(c.firefoxLine)}
                </pre>
              )}
            </li>
          ))}
        </ul>
      )}
      {r.notes.map((n, i) => (
        <p key={i} class="cookie-note">
          {visibleControls(n)}
        </p>
      ))}
    </section>
  );
}
