/**
 * The lab's context files (/ctx/…), served on every lab origin so frames can live on any of them:
 * the agent script (also the service worker's script), the frame page and the SW-controlled page.
 * No CSP: the frame pages only load the agent.
 */
import { browserBundle } from '../browser-bundle';
import type { LabAnswer } from '../respond';
import { CONTEXT_PATHS } from './types';

/** The agent, compiled once per process. */
export function agentBundle(): Promise<string> {
  return browserBundle(new URL('./agent.ts', import.meta.url), 'the lab context agent');
}

const FRAME_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CORS lab context frame</title>
<script src="${CONTEXT_PATHS.agent}?frame"></script></head><body>context frame</body></html>
`;

/** The answer for a /ctx/ path, or null when it is not one. */
export function answerContextPath(path: string, agent: string): LabAnswer | null {
  const common: Array<[string, string]> = [['Cache-Control', 'no-store']];
  const ok = (type: string, body: string, extra: Array<[string, string]> = []): LabAnswer => ({
    status: 200,
    statusText: 'OK',
    headers: [['Content-Type', type], ...common, ...extra],
    body,
  });
  if (path === CONTEXT_PATHS.agent) return ok('text/javascript; charset=utf-8', agent);
  if (path === CONTEXT_PATHS.serviceWorker) return ok('text/javascript; charset=utf-8', agent, [['Service-Worker-Allowed', CONTEXT_PATHS.swScope]]);
  if (path === CONTEXT_PATHS.frame || path === CONTEXT_PATHS.swFrame) return ok('text/html; charset=utf-8', FRAME_HTML);
  return null;
}
