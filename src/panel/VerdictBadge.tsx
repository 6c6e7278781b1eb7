import type { Verdict } from '../core/model';
import { BADGE_LABEL, badgeKind } from './format';

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const kind = badgeKind(verdict);
  return <span class={`badge badge-${kind}`}>{BADGE_LABEL[kind]}</span>;
}
