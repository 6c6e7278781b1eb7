/**
 * The page-world end of the channel (see ../channel.ts): shakes hands with the relay, then sends
 * finished records in small batches as a JSON string on the private element. Bounded: at most
 * `MAX_QUEUED` records wait (for the relay, or for the next batch); beyond that new ones are
 * dropped, so a page firing thousands of requests costs a bounded amount of memory.
 */
import type { PageRecord } from '../../sources/page-hints';
import { ACK_EVENT, HELLO_EVENT, READY_EVENT, RECORDS_EVENT } from '../channel';
import type { Natives } from './natives';

const BATCH_DELAY_MS = 50;
const MAX_QUEUED = 200;
const MAX_BATCH = 100;

export interface Emitter {
  emit(record: PageRecord): void;
}

/**
 * An event init dictionary without a prototype: the browser reads every member it knows of, and a
 * getter the page put on Object.prototype (say `screenX`) would otherwise be handed our dictionary
 * and, with it, the private port.
 */
function dict(n: Natives, name: 'detail' | 'relatedTarget', value: unknown): Record<string, unknown> {
  const members = n.create(null) as Record<string, unknown>;
  members[name] = value;
  return members;
}

export function createEmitter(win: Window & typeof globalThis, n: Natives): Emitter {
  const doc = win.document;
  const port = doc.createElement('span');
  let connected = false;
  let queue: PageRecord[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (!connected) return;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      n.apply(n.dispatch, port, [n.construct(n.CustomEvent, [RECORDS_EVENT, dict(n, 'detail', n.stringify(batch))])]);
    }
  };
  const schedule = () => {
    if (scheduled || !connected) return;
    scheduled = true;
    n.setTimeout(() => {
      try {
        flush();
      } catch {
        queue = [];
      }
    }, BATCH_DELAY_MS);
  };

  const hello = () => n.apply(n.dispatch, doc, [n.construct(n.MouseEvent, [HELLO_EVENT, dict(n, 'relatedTarget', port)])]);
  const onReady = () => {
    if (!connected) hello();
  };
  n.apply(n.addListener, port, [
    ACK_EVENT,
    () => {
      if (connected) return;
      connected = true;
      n.apply(n.removeListener, doc, [READY_EVENT, onReady]);
      schedule();
    },
  ]);
  // If the relay already listens it answers at once; if it comes later it asks with READY.
  n.apply(n.addListener, doc, [READY_EVENT, onReady]);
  hello();

  return {
    emit(record) {
      if (queue.length >= MAX_QUEUED) return;
      queue[queue.length] = record;
      schedule();
    },
  };
}
