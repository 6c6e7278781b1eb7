/**
 * Panel ports, per tab. A panel connects with the name `panel:<tabId>`, gets a snapshot of that
 * tab, then upserts/removes as traffic happens (throttled batches). Several DevTools windows can watch the
 * same tab; a panel never receives another tab's exchanges.
 */
import type { PortLike } from '../platform/ports';
import { tabIdOfPortName, type FromPanel, type TabStatus, type ToPanel } from '../shared/protocol';
import type { Recorder } from './recorder';
import { mergeChanges, type TabChanges } from './tab-changes';
import { Throttle } from './throttle';

/** Changes reach the panels at most this often during a burst (the first one on the next task). */
export const PANEL_BATCH_MS = 50;

type PanelPort = PortLike<FromPanel, ToPanel>;

export class PortRouter {
  private readonly ports = new Map<number, Set<PanelPort>>();
  /** Changes per tab not sent yet (mergeChanges: one upsert per exchange, removals that still hold). */
  private readonly pending = new Map<number, TabChanges>();

  constructor(
    private readonly recorder: Recorder,
    private readonly onPanelMessage: (tabId: number, message: FromPanel) => void,
    /** The batching turn, shared with the recorder's analysis (main.ts): its messages go out in the same turn. */
    private readonly batches = new Throttle(PANEL_BATCH_MS),
    /** Page hints of the tab refused for being over its allowance (hint-budget.ts). */
    private readonly droppedHints: (tabId: number) => number = () => 0,
  ) {}

  /** A port connected; `ready` resolves once the recorder's state is restored. */
  connect(port: PanelPort, ready: Promise<unknown>): void {
    const tabId = tabIdOfPortName(port.name);
    if (tabId === undefined) return;
    let open = true;
    port.onDisconnect(() => {
      open = false;
      const s = this.ports.get(tabId);
      s?.delete(port);
      if (s && s.size === 0) this.ports.delete(tabId);
    });
    port.onMessage((message) => void ready.then(() => this.onPanelMessage(tabId, message)));
    void ready.then(() => {
      if (!open) return;
      // Changes batched so far go to the panels already open; the newcomer gets them in its snapshot.
      this.flushTab(tabId);
      let set = this.ports.get(tabId);
      if (!set) this.ports.set(tabId, (set = new Set()));
      set.add(port);
      this.sendSnapshot(tabId, port);
    });
  }

  hasPanel(tabId: number): boolean {
    return (this.ports.get(tabId)?.size ?? 0) > 0;
  }

  changed(tabId: number, changes: TabChanges): void {
    if (!this.hasPanel(tabId)) return;
    const earlier = this.pending.get(tabId);
    this.pending.set(tabId, earlier ? mergeChanges(earlier, changes) : changes);
    // Throttled, not debounced: the first change after a quiet spell goes out on the next task
    // (a row appears as soon as its request ends), later ones at most every PANEL_BATCH_MS (a burst
    // of requests costs the panel a few renders, not one per event).
    this.batches.schedule('panel messages', () => this.flush());
  }

  cleared(tabId: number, reason: 'user' | 'navigation'): void {
    this.pending.delete(tabId);
    this.broadcast(tabId, { type: 'clear', reason });
  }

  status(tabId: number): void {
    this.flushTab(tabId);
    this.broadcast(tabId, { type: 'state', ...this.statusOf(tabId) });
  }

  /** Sends one message to every panel of the tab now (answers to a panel's request). */
  send(tabId: number, message: ToPanel): void {
    this.broadcast(tabId, message);
  }

  /** Sends everything batched so far. */
  flush(): void {
    for (const tabId of [...this.pending.keys()]) this.flushTab(tabId);
  }

  private flushTab(tabId: number): void {
    const p = this.pending.get(tabId);
    if (!p) return;
    this.pending.delete(tabId);
    if (p.removedIds.length > 0) this.broadcast(tabId, { type: 'remove', ids: p.removedIds });
    if (p.upserts.length > 0) this.broadcast(tabId, { type: 'upsert', exchanges: p.upserts });
    if (p.removedIds.length > 0 && this.recorder.tab(tabId)) this.broadcast(tabId, { type: 'state', ...this.statusOf(tabId) });
  }

  private sendSnapshot(tabId: number, port: PanelPort): void {
    const store = this.recorder.tab(tabId);
    safePost(port, {
      type: 'snapshot',
      tabId,
      exchanges: store?.list() ?? [],
      ...this.statusOf(tabId),
    });
  }

  private statusOf(tabId: number): TabStatus {
    const store = this.recorder.tab(tabId);
    const status: TabStatus = { preserveLog: store?.preserveLog ?? false, dropped: store?.dropped ?? 0 };
    const droppedHints = this.droppedHints(tabId);
    if (droppedHints > 0) status.droppedHints = droppedHints;
    return status;
  }

  private broadcast(tabId: number, message: ToPanel): void {
    for (const port of this.ports.get(tabId) ?? []) safePost(port, message);
  }
}

function safePost(port: PanelPort, message: ToPanel): void {
  try {
    port.post(message);
  } catch {
    // The panel closed between our check and the post; its onDisconnect cleans up.
  }
}
