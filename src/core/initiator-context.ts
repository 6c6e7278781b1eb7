/**
 * Who made an exchange's request, when it was not the tab's document itself: words for the
 * panel, the CLI and reports. Pure.
 */
import type { Exchange, InitiatorContext } from './model';

export type ExchangeContext = InitiatorContext | 'through-service-worker';

/** The context of the exchange's first request, if it is not the document's own. */
export function exchangeContext(e: Exchange): ExchangeContext | undefined {
  const first = e.hops?.[0]?.request;
  if (first?.initiatorContext) return first.initiatorContext;
  if (first?.viaServiceWorker) return 'through-service-worker';
  return undefined;
}

const LABELS: Record<ExchangeContext, string> = {
  'service-worker': 'from the service worker',
  worker: 'from a worker, not the page’s document',
  'dedicated-worker': 'from a dedicated worker',
  'through-service-worker': 'answered by the service worker',
};

export function exchangeContextLabel(e: Exchange): string | undefined {
  const c = exchangeContext(e);
  return c ? LABELS[c] : undefined;
}
