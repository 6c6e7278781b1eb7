/**
 * Every target of a Chromium browser over one flat CDP connection: pages, their out-of-process
 * frames, dedicated workers, shared workers and service workers. Browser-level auto-attach with
 * `waitForDebuggerOnStart` catches a worker before its first request; each attached page or frame
 * auto-attaches its own children (frames, dedicated workers), recursively. Events are handed on
 * with the target they came from. DevTools' and extensions' own targets are only resumed.
 */
import type { CdpClient, CdpEvent } from './cdp-client';

export interface TargetInfo {
  targetId: string;
  /** `page`, `iframe`, `worker`, `shared_worker`, `service_worker`, … */
  type: string;
  url: string;
  sessionId: string;
}

export interface TargetEvent {
  method: string;
  params: Record<string, unknown>;
  target: TargetInfo;
}

export interface TargetWatch {
  targets(): TargetInfo[];
  stop(): Promise<void>;
}

const IGNORED_URL = /^(devtools|chrome-extension|chrome|moz-extension):/;
/** Domains whose events the watchers want, enabled on every target that has them. */
const DOMAINS = ['Network', 'Log', 'Audits'];

export async function watchAllTargets(cdp: CdpClient, onEvent: (e: TargetEvent) => void): Promise<TargetWatch> {
  const sessions = new Map<string, TargetInfo>();
  const ignored = new Set<string>();
  let stopped = false;

  const setUp = async (sessionId: string, info: TargetInfo, waiting: boolean): Promise<void> => {
    const resume = (): Promise<unknown> => (waiting ? cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => undefined) : Promise.resolve());
    if (IGNORED_URL.test(info.url) || info.type === 'browser' || info.type === 'tab') {
      ignored.add(sessionId);
      await resume();
      return;
    }
    // One session per target: a target reached twice (browser and page auto-attach) is watched once.
    if ([...sessions.values()].some((t) => t.targetId === info.targetId)) {
      ignored.add(sessionId);
      await resume();
      return;
    }
    sessions.set(sessionId, info);
    // Not every target has every domain (a worker has no Audits): enable what exists.
    // Sent in order without waiting for the answers: a paused service worker answers some enables
    // only once it runs, and a session handles its commands in order, so the worker resumes with
    // every domain on. Documents also auto-attach their own frames and dedicated workers.
    const setup: Array<Promise<unknown>> = DOMAINS.map((d) => cdp.send(`${d}.enable`, {}, sessionId).catch(() => undefined));
    if (info.type === 'page' || info.type === 'iframe') {
      setup.push(cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId).catch(() => undefined));
    }
    setup.push(resume());
    await Promise.all(setup);
  };

  const off = cdp.on((e: CdpEvent) => {
    if (stopped) return;
    if (e.method === 'Target.attachedToTarget') {
      const p = e.params as { sessionId: string; targetInfo: { targetId: string; type: string; url: string }; waitingForDebugger?: boolean };
      const info: TargetInfo = { targetId: p.targetInfo.targetId, type: p.targetInfo.type, url: p.targetInfo.url, sessionId: p.sessionId };
      void setUp(p.sessionId, info, p.waitingForDebugger === true);
      return;
    }
    if (e.method === 'Target.detachedFromTarget') {
      const id = (e.params as { sessionId?: string }).sessionId;
      if (id) sessions.delete(id);
      return;
    }
    if (e.method === 'Target.targetInfoChanged') {
      const t = (e.params as { targetInfo: { targetId: string; url: string } }).targetInfo;
      for (const s of sessions.values()) if (s.targetId === t.targetId) s.url = t.url;
      return;
    }
    const target = e.sessionId ? sessions.get(e.sessionId) : undefined;
    if (target) onEvent({ method: e.method, params: e.params, target });
  });

  await cdp.send('Target.setDiscoverTargets', { discover: true });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  // Targets that existed before: attach to the top-level ones auto-attach did not cover.
  const { targetInfos } = await cdp.send<{ targetInfos: Array<{ targetId: string; type: string; url: string; attached: boolean }> }>('Target.getTargets');
  const known = (): Set<string> => new Set([...sessions.values()].map((s) => s.targetId));
  for (const t of targetInfos) {
    if (known().has(t.targetId) || IGNORED_URL.test(t.url) || !['page', 'service_worker', 'shared_worker'].includes(t.type)) continue;
    await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: true }).catch(() => undefined);
  }

  return {
    targets: () => [...sessions.values()],
    async stop() {
      stopped = true;
      off();
      await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: true }).catch(() => undefined);
      await Promise.all([...sessions.keys(), ...ignored].map((sessionId) => cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined)));
    },
  };
}
