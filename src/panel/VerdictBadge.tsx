import type { InFlightStage, Verdict } from '../core/model';
import { BADGE_LABEL, PENDING_TEXT, badgeKind } from './format';

/** The verdict's badge; `inFlight` (the exchange's) makes it "pending" until the browser is done. */
export function VerdictBadge({ verdict, inFlight }: { verdict: Verdict; inFlight?: InFlightStage | undefined }) {
  const kind = badgeKind(verdict, inFlight);
  return (
    <span class={`badge badge-${kind}`} title={inFlight ? PENDING_TEXT[inFlight] : undefined}>
      {BADGE_LABEL[kind]}
    </span>
  );
}
