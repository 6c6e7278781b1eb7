/**
 * WebSocket handshakes for the lab's `via: 'websocket'` scenarios: the scenario's `actual.status`
 * decides — 101 accepts (through `ws`), anything else is written back as a plain HTTP refusal,
 * the way a server's Origin check answers. WebSockets have no CORS: this is what the lab shows.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import { parseScenarioPath } from './lab-urls';
import type { Scenario } from './scenario-types';

export interface UpgradeHandler {
  handle(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function webSocketUpgrades(lookup: (id: string) => Scenario | undefined, onRequest: (req: http.IncomingMessage) => void): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true });
  const refuse = (socket: Duplex, status: number, body: string): void => {
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    socket.end(head + body);
  };
  return {
    handle(req, socket, head) {
      socket.on('error', () => undefined);
      onRequest(req);
      const parsed = parseScenarioPath(req.url ?? '/');
      const scenario = parsed ? lookup(parsed.id) : undefined;
      const spec = parsed && scenario ? scenario.server[parsed.step]?.actual : undefined;
      if (!spec) return refuse(socket, 404, 'not a lab WebSocket scenario');
      if (spec.status !== 101) return refuse(socket, spec.status, spec.body ?? `${scenario!.id} ${spec.status}`);
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => undefined);
        ws.send(`${scenario!.id} open`);
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
