/**
 * Installs the page-world hooks into one window: fetch, XMLHttpRequest and EventSource report each
 * call's shape and outcome to the relay; elements with a crossorigin attribute their credentials mode. Any failure here leaves the page's APIs as they were.
 */
import { createEmitter } from './emitter';
import { hookElements } from './element-hook';
import { hookEventSource } from './event-source-hook';
import { hookFetch } from './fetch-hook';
import { captureNatives } from './natives';
import type { HookContext } from './record';
import { hookXhr } from './xhr-hook';
import type { PageRecord } from '../../sources/page-hints';

export interface InstallOptions {
  /** Where records go; default: the channel to the extension's relay. */
  emit?: (record: PageRecord) => void;
}

export function installPageHooks(win: Window & typeof globalThis, options: InstallOptions = {}): void {
  const n = captureNatives(win);
  const emit = options.emit ?? createEmitter(win, n).emit;
  // `self.origin` ('null' in sandboxed frames); DOMs without it fall back to the location's.
  const pageOrigin = typeof win.origin === 'string' ? win.origin : win.location.origin;
  // Records go out when the call settles: stamp that moment (its request had started by then, which
  // is what lets the background tell this call's request from a later one to the same URL).
  const ctx: HookContext = { win, n, pageOrigin, emit: (r) => emit({ ...r, endTime: n.now() }) };
  for (const hook of [hookFetch, hookXhr, hookEventSource, hookElements]) {
    try {
      hook(ctx);
    } catch {
      // One API that cannot be wrapped (a frozen global, an odd page) must not stop the others.
    }
  }
}
