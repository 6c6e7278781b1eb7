/**
 * Lets a tab's same-origin requests go at their first event (issue 13: DevTools open must cost
 * within 5% of DevTools alone). A dev server's app makes hundreds of same-origin module requests
 * per load and CORS Lens lists none of them; before this gate each of their events was logged to
 * storage.session (event-log.ts), collected with its headers, and saved with the collector.
 *
 * What the recorder would keep is decided the way the recorder decides it (recorder.ts
 * `isCrossOrigin`): a request whose every event so far names a requester of the target's own
 * origin is held here, in memory only (its details, by reference); it is let go when it ends
 * that way. As soon as an event of it looks cross-origin — a redirect to another origin, or, in
 * Firefox, an `Origin` header naming another origin than `originUrl` did — the held events are
 * released, in order, and every later event of the request passes. So every verdict is the same.
 *
 * Requests the gate cannot judge (no requester named, an opaque one, top-level documents) pass.
 * Held events live in memory only: a background stopped while a same-origin request is in flight
 * forgets its start, which matters only if that request then redirects to another origin (its
 * chain then says it missed its start, as any chain the background joined late does).
 */
import { isUrlOfOrigin } from '../core/http/origin';
import { originOfUrl, type WebRequestDetails, type WebRequestEventName } from '../sources/webrequest';

export type GateEvent = [WebRequestEventName, WebRequestDetails];

/** What to do with an event: pass it (after any held events released with it), or drop it. */
export type GateVerdict = { pass: false } | { pass: true; release: GateEvent[] };

interface Held {
  events: GateEvent[];
  /** Firefox: the request headers were seen (the `Origin` header could still change the verdict before). */
  headersSeen: boolean;
  ended: boolean;
}

/** Requests held at once; beyond it the oldest is let go (its events dropped). */
const MAX_HELD = 4_000;
/** requestIds remembered as finished same-origin, or as passing, for their late events. */
const MAX_REMEMBERED = 5_000;

const DROP: GateVerdict = { pass: false };
const PASS: GateVerdict = { pass: true, release: [] };

export class SameOriginGate {
  private readonly held = new Map<string, Held>();
  private readonly finished = new Set<string>();
  private readonly passing = new Set<string>();
  /** Events dropped (for tests and the bench). */
  dropped = 0;

  /** Decides on one event of a tab's request (tabId ≥ 0). */
  admit(event: WebRequestEventName, d: WebRequestDetails): GateVerdict {
    const id = d?.requestId;
    if (typeof id !== 'string' || d.type === 'main_frame') return PASS;
    if (this.passing.has(id)) return PASS;
    if (this.finished.has(id)) return this.drop();
    const held = this.held.get(id);
    if (!sameOriginEvent(d)) return this.open(id, held);
    const h = held ?? this.hold(id);
    h.events.push([event, d]);
    if (d.requestHeaders) h.headersSeen = true;
    if (event === 'onCompleted' || event === 'onErrorOccurred') h.ended = true;
    // Firefox may deliver a request's end before its headers (grouped after a suspension): the
    // `Origin` header they carry may still make it cross-origin.
    if (h.ended && (h.headersSeen || event === 'onErrorOccurred' || !isFirefoxShape(d))) {
      this.held.delete(id);
      remember(this.finished, id);
    }
    return this.drop();
  }

  /** Requests held now (tests). */
  heldCount(): number {
    return this.held.size;
  }

  private drop(): GateVerdict {
    this.dropped++;
    return DROP;
  }

  private open(id: string, held: Held | undefined): GateVerdict {
    remember(this.passing, id);
    if (!held) return PASS;
    this.held.delete(id);
    return { pass: true, release: held.events };
  }

  private hold(id: string): Held {
    const h: Held = { events: [], headersSeen: false, ended: false };
    this.held.set(id, h);
    if (this.held.size > MAX_HELD) {
      const oldest = this.held.keys().next().value as string;
      this.held.delete(oldest);
    }
    return h;
  }
}

function remember(set: Set<string>, id: string): void {
  set.add(id);
  if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value as string);
}

/**
 * True when this event names a requester of the target's own origin, as the collector would read
 * it: Chrome's `initiator`; Firefox's `originUrl`, overridden by an `Origin` header naming an origin
 * (src/sources/webrequest.ts preferSentOrigin). Opaque or unnamed requesters are not judged.
 */
export function sameOriginEvent(d: WebRequestDetails): boolean {
  if (typeof d.initiator === 'string') return isUrlOfOrigin(d.url, d.initiator);
  const target = originOfUrl(d.url);
  if (typeof target !== 'string') return false;
  if (!isFirefoxShape(d) || typeof d.originUrl !== 'string' || originOfUrl(d.originUrl) !== target) return false;
  const sent = d.requestHeaders?.find((h) => typeof h?.name === 'string' && h.name.toLowerCase() === 'origin')?.value;
  return sent === undefined || sent === target;
}

function isFirefoxShape(d: WebRequestDetails): boolean {
  return d.initiator === undefined && ('originUrl' in d || 'documentUrl' in d);
}
