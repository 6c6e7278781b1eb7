/**
 * Which browser the panel runs in: its verdicts, console-message tab and imports take that
 * browser's point of view (the background analyses live traffic the same way). The user agent
 * is enough here: it only picks a default, never a code path that must be exact.
 */
import type { BrowserId } from '../core/model';

export function hostBrowser(userAgent: string = globalThis.navigator?.userAgent ?? ''): BrowserId {
  return /\bFirefox\//.test(userAgent) ? 'firefox' : 'chrome';
}
