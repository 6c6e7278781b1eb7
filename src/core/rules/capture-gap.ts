/**
 * A verdict built on incomplete data must say so. The webRequest source marks requests whose
 * events it may have missed (Observation.captureGap); the evaluator still decides from what it has
 * and adds this warning, so a developer does not trust a "reason unknown" that is really a gap.
 */
import type { Exchange, Warning } from '../model';

export const CAPTURE_GAP_WARNING = 'capture-incomplete';

export function captureGapWarnings(exchange: Exchange): Warning[] {
  const observations = exchange.hops.flatMap((h) => (h.preflight ? [h.preflight, h.request] : [h.request]));
  const gap = observations.find((o) => o.captureGap !== undefined);
  if (!gap) return [];
  const why =
    gap.captureGap === 'restart'
      ? "CORS Lens's background was restarted while this request was in flight (a browser update, a crash, or DevTools stopping the service worker), and the browser does not resend the events it dispatched meanwhile"
      : 'the browser never reported the start of this request to CORS Lens';
  return [
    {
      id: CAPTURE_GAP_WARNING,
      severity: 'warning',
      message: `Some of this request's events may be missing: ${why}. The verdict uses what was captured; reload the page to see it complete.`,
    },
  ];
}
