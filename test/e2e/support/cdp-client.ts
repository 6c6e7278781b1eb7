/**
 * A minimal Chrome DevTools Protocol client over the browser websocket, with flat sessions.
 * Playwright has no API for DevTools' own targets (the DevTools window, the extension's
 * devtools page and panel iframes), so the tests talk to those over a second connection.
 */
import WebSocket from 'ws';

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

export interface CdpClient {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  /** Subscribes to every event; returns an unsubscribe function. */
  on(listener: (event: CdpEvent) => void): () => void;
  close(): void;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (err: Error) => void;
  method: string;
}

export function connectCdp(wsUrl: string): Promise<CdpClient> {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: CdpEvent) => void>();

  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
    };
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result ?? {});
    } else if (msg.method) {
      const event: CdpEvent = { method: msg.method, params: msg.params ?? {} };
      if (msg.sessionId) event.sessionId = msg.sessionId;
      for (const l of listeners) l(event);
    }
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error(`${p.method}: CDP connection closed`));
    pending.clear();
  });

  const client: CdpClient = {
    send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) return reject(new Error(`${method}: CDP connection not open`));
        pending.set(id, { resolve: resolve as (v: Record<string, unknown>) => void, reject, method });
        ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      ws.close();
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

/** Evaluates an expression in a target session, awaiting promises; throws on page exceptions. */
export async function evaluateIn<T>(cdp: CdpClient, sessionId: string, expression: string): Promise<T> {
  const r = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
    'Runtime.evaluate',
    { expression, awaitPromise: true, returnByValue: true },
    sessionId,
  );
  if (r.exceptionDetails) {
    const d = r.exceptionDetails;
    throw new Error(`evaluate failed: ${d.exception?.description ?? d.text}`);
  }
  return r.result.value as T;
}
