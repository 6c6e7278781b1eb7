/**
 * The lab page's WebSocket runner and page-variant guard. A WebSocket either opens (the server
 * accepted the handshake) or fails with an `error` event that tells the page nothing else — the
 * browser's console has the reason, which is exactly why "is it CORS?" comes up.
 */
import type { LabPageVariant, Scenario } from '../scenario-types';
import type { RunOnce } from './automation';

export function viaWebSocket(url: string, timeoutMs: number): Promise<RunOnce> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      resolve({ ok: false, type: 'websocket', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), ms: ms() });
      return;
    }
    let settled = false;
    const done = (r: RunOnce) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        ws.close();
      } catch {
        // already closed
      }
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, type: 'websocket', error: 'WebSocket timeout', ms: ms() }), timeoutMs);
    ws.onopen = () => done({ ok: true, status: 101, type: 'websocket', url, ms: ms() });
    ws.onerror = () => done({ ok: false, type: 'websocket', error: 'WebSocket error', ms: ms() });
    ws.onclose = (e) => done({ ok: false, type: 'websocket', error: `WebSocket closed (${e.code})`, ms: ms() });
  });
}

/** Why a scenario cannot run on this page variant (null when it can). */
export function wrongPage(s: Scenario, current: LabPageVariant | undefined): string | null {
  if ((s.page ?? 'main') === (current ?? 'main')) return null;
  return `scenario ${s.id} runs from the ${s.page ?? 'main'} lab page, not the ${current ?? 'main'} one`;
}
