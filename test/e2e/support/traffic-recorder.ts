/**
 * Records every network request Chromium makes, per target, over the browser-level CDP
 * connection: `Target.setAutoAttach` (flat sessions, wait for the debugger on start) attaches to
 * every page, iframe, worker and service worker — existing and new, the extension's service
 * worker, the DevTools window and the extension's DevTools page and panel included — and
 * `Network.enable` runs in each before it is resumed, so nothing a new target does escapes.
 */
import type { CdpClient, CdpEvent } from './cdp-client';

export interface TargetRecord {
  targetId: string;
  type: string;
  url: string;
}

export interface RecordedRequest {
  /** The target whose session saw the request (its URL as of the request). */
  target: TargetRecord;
  url: string;
  method: string;
  /** Network.Initiator.type: parser, script, preflight, other, … */
  initiatorType: string;
  /** URL of the script/document that started it, when CDP says. */
  initiatorUrl?: string;
  /** Every script URL on the initiating JS stack (async parents included), innermost first; '' for evaluated code. */
  stackUrls: string[];
  documentUrl?: string;
  resourceType?: string;
}

interface Stack {
  callFrames?: Array<{ url: string }>;
  parent?: Stack;
}

export interface TrafficRecorder {
  requests(): RecordedRequest[];
  targets(): TargetRecord[];
  stop(): void;
}

export async function recordAllTraffic(cdp: CdpClient): Promise<TrafficRecorder> {
  const sessions = new Map<string, TargetRecord>();
  const targets = new Map<string, TargetRecord>();
  const requests: RecordedRequest[] = [];
  const seenRequestIds = new Set<string>();

  const attach = async (sessionId: string, info: TargetRecord, waiting: boolean): Promise<void> => {
    sessions.set(sessionId, info);
    targets.set(info.targetId, info);
    const send = (method: string, params: Record<string, unknown> = {}) => cdp.send(method, params, sessionId).catch(() => undefined);
    // Before the target runs a single instruction (it waits for us): network first, then children.
    await send('Network.enable');
    await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    if (waiting) await send('Runtime.runIfWaitingForDebugger');
  };

  const onEvent = (e: CdpEvent): void => {
    if (e.method === 'Target.attachedToTarget') {
      const p = e.params as { sessionId: string; targetInfo: { targetId: string; type: string; url: string }; waitingForDebugger: boolean };
      const info = targets.get(p.targetInfo.targetId) ?? { targetId: p.targetInfo.targetId, type: p.targetInfo.type, url: p.targetInfo.url };
      info.url = p.targetInfo.url;
      void attach(p.sessionId, info, p.waitingForDebugger);
    } else if (e.method === 'Target.targetInfoChanged' || e.method === 'Target.targetCreated') {
      const t = (e.params as { targetInfo: { targetId: string; type: string; url: string } }).targetInfo;
      const known = targets.get(t.targetId);
      if (known) known.url = t.url;
      else targets.set(t.targetId, { targetId: t.targetId, type: t.type, url: t.url });
    } else if (e.method === 'Network.requestWillBeSent' && e.sessionId) {
      const p = e.params as {
        requestId: string;
        request: { url: string; method: string };
        initiator: { type: string; url?: string; stack?: Stack };
        documentURL?: string;
        type?: string;
        redirectResponse?: unknown;
      };
      const target = sessions.get(e.sessionId);
      if (!target) return;
      // A request seen by two sessions (a page and its worker) is one request: keep the first.
      const key = `${target.targetId}:${p.requestId}:${p.request.url}`;
      if (seenRequestIds.has(key)) return;
      seenRequestIds.add(key);
      const stackUrls: string[] = [];
      // Frames without a URL are evaluated page code: kept (as '') so they count as the page's.
      for (let st: Stack | undefined = p.initiator.stack; st; st = st.parent) for (const f of st.callFrames ?? []) stackUrls.push(f.url ?? '');
      const initiatorUrl = p.initiator.url ?? stackUrls.find(Boolean);
      requests.push({
        target: { ...target },
        url: p.request.url,
        method: p.request.method,
        initiatorType: p.initiator.type,
        stackUrls,
        ...(initiatorUrl ? { initiatorUrl } : {}),
        ...(p.documentURL ? { documentUrl: p.documentURL } : {}),
        ...(p.type ? { resourceType: p.type } : {}),
      });
    }
  };
  const off = cdp.on(onEvent);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  return {
    requests: () => [...requests],
    targets: () => [...targets.values()].map((t) => ({ ...t })),
    stop: off,
  };
}
