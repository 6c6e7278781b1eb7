/**
 * The panel's remembered choices (protocol.ts `PanelPrefs`), kept in storage.local. Only known
 * fields with the right type are read back, so a corrupt store cannot break the panel.
 */
import { localGet, localSet } from '../platform/local-storage';
import type { PanelPrefs } from '../shared/protocol';

export const PREFS_KEY = 'panelPrefs';
const MAX_STACK_ID = 64;

export function sanitizePrefs(raw: unknown): PanelPrefs {
  const out: PanelPrefs = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const stack = (raw as Record<string, unknown>)['stack'];
  if (typeof stack === 'string' && stack.length > 0 && stack.length <= MAX_STACK_ID) out.stack = stack;
  const pageHooks = (raw as Record<string, unknown>)['pageHooks'];
  if (typeof pageHooks === 'boolean') out.pageHooks = pageHooks;
  const backgroundRecording = (raw as Record<string, unknown>)['backgroundRecording'];
  if (typeof backgroundRecording === 'boolean') out.backgroundRecording = backgroundRecording;
  return out;
}

export async function loadPrefs(): Promise<PanelPrefs> {
  try {
    return sanitizePrefs(await localGet(PREFS_KEY));
  } catch {
    return {};
  }
}

/** Merges `patch` into the stored prefs and returns the result. */
export async function savePrefs(patch: PanelPrefs): Promise<PanelPrefs> {
  const merged = { ...(await loadPrefs()), ...sanitizePrefs(patch) };
  await localSet(PREFS_KEY, merged);
  return merged;
}
