/**
 * In place of the verdict and the fix while the browser has not finished an exchange: what it is
 * waiting for, and the steps seen so far. No verdict-based advice until the last event arrives.
 */
import type { Exchange, InFlightStage, Verdict } from '../../core/model';
import { PENDING_TEXT } from '../format';
import { Timeline } from './Timeline';

export function PendingView({ exchange, verdict, stage, part }: { exchange: Exchange; verdict: Verdict; stage: InFlightStage; part: 'verdict' | 'fix' }) {
  return (
    <div class="pending-view" data-testid={`pending-${part}`} data-in-flight={stage}>
      <p class="summary summary-pending" data-testid={part === 'verdict' ? 'summary' : undefined}>
        Pending: {PENDING_TEXT[stage].toLowerCase()}.
      </p>
      <p class="pending-note">
        {part === 'fix'
          ? 'The fix appears once the browser has finished this request and the verdict is known.'
          : 'The browser has not finished this request yet: its verdict appears as soon as it completes.'}
      </p>
      {part === 'verdict' && <Timeline exchange={exchange} verdict={verdict} />}
    </div>
  );
}
