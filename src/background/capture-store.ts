/**
 * Where the capture scope (capture-scope.ts) and the failure hints (failure-hints.ts) are kept:
 * storage.session (survives a stopped service worker / suspended event page, not the browser),
 * plus, for the scope, a synchronous mirror a Firefox event page reads before its first await.
 */
import { sessionGet, sessionSet } from '../platform/storage';
import { readSync, writeSync } from '../platform/sync-storage';
import type { ScopeState } from './capture-scope';
import type { FailureHints } from './failure-hints';

const SCOPE_KEY = 'cl:capture';
const FAILURES_KEY = 'cl:failures';
const MIRROR_KEY = 'cors-lens:capture';

/** A stored scope, validated; undefined when there is none (or it is not one). */
export function asScopeState(raw: unknown): ScopeState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Partial<ScopeState>;
  if (typeof r.background !== 'boolean' || !Array.isArray(r.tabs)) return undefined;
  const tabIds = (list: unknown[]) => list.filter((t): t is number => Number.isInteger(t) && (t as number) >= 0);
  return { background: r.background, tabs: tabIds(r.tabs), served: Array.isArray(r.served) ? tabIds(r.served) : [] };
}

/** The scope saved last, read synchronously (Firefox event page); undefined elsewhere. */
export function readScopeMirror(): ScopeState | undefined {
  return asScopeState(readSync(MIRROR_KEY));
}

export function saveScope(state: ScopeState): void {
  writeSync(MIRROR_KEY, state);
  sessionSet({ [SCOPE_KEY]: state }).catch((error: unknown) => console.warn('[CORS Lens] saving the inspected tabs failed', error));
}

/** The inspected tabs saved last (storage.session), and restores the failure hints. */
export async function loadCaptureState(hints: FailureHints): Promise<{ tabs: number[]; served: number[] }> {
  const stored = await sessionGet<unknown>([SCOPE_KEY, FAILURES_KEY]);
  hints.restore(stored[FAILURES_KEY]);
  const scope = asScopeState(stored[SCOPE_KEY]);
  return { tabs: scope?.tabs ?? [], served: scope?.served ?? [] };
}

export function saveFailures(hints: FailureHints): void {
  sessionSet({ [FAILURES_KEY]: hints.toStored() }).catch((error: unknown) => console.warn('[CORS Lens] saving failure hints failed', error));
}

/** One round trip through the browser: messages it sent before this call have arrived after it. */
export async function browserRoundTrip(): Promise<void> {
  await sessionGet([SCOPE_KEY]);
}
