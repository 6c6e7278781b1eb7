/**
 * The port router: a panel gets its tab's snapshot, then changes — the first after a quiet spell
 * on the next task, the rest of a burst throttled into one message per batch — and never another
 * tab's traffic.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyzedExchange } from '../../../src/core/model';
import type { PortLike } from '../../../src/platform/ports';
import { Throttle } from '../../../src/background/throttle';
import { PortRouter } from '../../../src/background/port-router';
import { PANEL_PORT_PREFIX, type FromPanel, type ToPanel } from '../../../src/shared/protocol';
import type { Recorder } from '../../../src/background/recorder';

class FakePort implements PortLike<FromPanel, ToPanel> {
  sent: ToPanel[] = [];
  constructor(readonly name: string) {}
  post(message: ToPanel): void {
    this.sent.push(message);
  }
  onMessage(): void {}
  onDisconnect(): void {}
  disconnect(): void {}
}

const recorder = { tab: () => undefined } as unknown as Recorder;
const exchange = (id: string) => ({ exchange: { id } }) as unknown as AnalyzedExchange;
const types = (p: FakePort) => p.sent.map((m) => m.type);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function connected(router: PortRouter, tabId: number): Promise<FakePort> {
  const port = new FakePort(`${PANEL_PORT_PREFIX}${tabId}`);
  router.connect(port, Promise.resolve());
  await vi.advanceTimersByTimeAsync(0);
  return port;
}

describe('PortRouter', () => {
  it('sends the first change at once and throttles the rest of a burst', async () => {
    const router = new PortRouter(recorder, () => undefined, new Throttle(50));
    const port = await connected(router, 3);
    expect(types(port)).toEqual(['snapshot']);
    router.changed(3, { upserts: [exchange('a')], removedIds: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(types(port)).toEqual(['snapshot', 'upsert']); // no 50 ms wait for the first row
    for (const id of ['b', 'c', 'd']) router.changed(3, { upserts: [exchange(id)], removedIds: [] });
    await vi.advanceTimersByTimeAsync(10);
    expect(types(port)).toEqual(['snapshot', 'upsert']); // within the batch window: held
    await vi.advanceTimersByTimeAsync(50);
    expect(types(port)).toEqual(['snapshot', 'upsert', 'upsert']);
    const last = port.sent.at(-1) as Extract<ToPanel, { type: 'upsert' }>;
    expect(last.exchanges.map((a) => a.exchange.id)).toEqual(['b', 'c', 'd']);
  });

  it("a panel never receives another tab's changes", async () => {
    const router = new PortRouter(recorder, () => undefined, new Throttle(50));
    const a = await connected(router, 1);
    const b = await connected(router, 2);
    router.changed(1, { upserts: [exchange('x')], removedIds: [] });
    await vi.advanceTimersByTimeAsync(100);
    expect(types(a)).toEqual(['snapshot', 'upsert']);
    expect(types(b)).toEqual(['snapshot']);
  });
});
