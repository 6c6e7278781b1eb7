/**
 * The relay's logic, without extension APIs: the isolated-world end of the channel (../channel.ts).
 * It accepts the page hooks' handshake, validates every batch (it comes from the page), limits
 * the rate, and forwards validated records in batches.
 */
import { PAGE_RECORD_LIMITS, sanitizePageRecords, type PageRecord } from '../sources/page-hints';
import { ACK_EVENT, HELLO_EVENT, READY_EVENT, RECORDS_EVENT } from './channel';

export interface RelayOptions {
  /** Sends one batch to the background; returns false once the extension is gone. */
  send(records: PageRecord[]): boolean;
  /** Records per second on average, and the burst allowed. */
  ratePerSecond?: number;
  burst?: number;
  batchDelayMs?: number;
  now?: () => number;
}

export function startRelay(doc: Document, options: RelayOptions): void {
  // Bounds what a hostile page can make the background process, yet above what a page can make
  // a browser send with CORS Lens installed (the flood bench: ~350 requests/s with it, ~760
  // without): at 100/s, a busy page's records were cut and Firefox's verdicts that rest on them
  // (credentials, wildcard-blocked responses) lost their basis.
  const rate = options.ratePerSecond ?? 1000;
  const burst = options.burst ?? 1000;
  const delay = options.batchDelayMs ?? 100;
  const now = options.now ?? Date.now;
  let tokens = burst;
  let refilled = now();
  let pending: PageRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let port: EventTarget | undefined;
  let alive = true;
  // The document's own Event constructor (the same as the global one in a content script).
  const EventCtor: typeof Event = (doc.defaultView as (Window & typeof globalThis) | null)?.Event ?? Event;

  const take = (): boolean => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - refilled) / 1000) * rate);
    refilled = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (alive && batch.length > 0 && !options.send(batch)) stop();
  };
  const onRecords = (e: Event) => {
    const detail = (e as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string') return;
    for (const r of sanitizePageRecords(detail)) {
      if (pending.length >= PAGE_RECORD_LIMITS.batch || !take()) break;
      pending.push(r);
    }
    if (pending.length > 0 && timer === undefined) timer = setTimeout(flush, delay);
  };
  const onHello = (e: Event) => {
    const target = (e as MouseEvent).relatedTarget;
    if (port || !target || typeof target.addEventListener !== 'function') return;
    port = target;
    doc.removeEventListener(HELLO_EVENT, onHello, true);
    port.addEventListener(RECORDS_EVENT, onRecords);
    port.dispatchEvent(new EventCtor(ACK_EVENT));
  };
  function stop(): void {
    alive = false;
    port?.removeEventListener(RECORDS_EVENT, onRecords);
    if (timer !== undefined) clearTimeout(timer);
  }

  doc.addEventListener(HELLO_EVENT, onHello, true);
  // The hooks may have said hello before this script ran: ask them to say it again.
  doc.dispatchEvent(new EventCtor(READY_EVENT));
}
