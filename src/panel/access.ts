/**
 * Which sites the inspected page involves that CORS Lens may not see, as plain data for the
 * panel. The extension implementation (extension-access.ts) feeds it from DevTools' own network
 * log and the granted host permissions; components only see this interface.
 */
import { originOf } from '../core/http/origin';
import { missingOrigins, type MissingOrigin } from '../shared/host-patterns';

export type { MissingOrigin };

export type AccessOutcome = 'granted' | 'declined' | 'opened-grant-page' | 'failed';

export interface AccessView {
  /** The page's origin first when it is missing, then the servers it called; empty when all is visible. */
  missing: MissingOrigin[];
}

export interface PanelAccess {
  /** Receives the current view at once and on every change; returns an unsubscribe function. */
  subscribe(listener: (view: AccessView) => void): () => void;
  /** Asks for `patterns`. Call it straight from the click handler: the browser needs the gesture. */
  allow(patterns: string[]): Promise<AccessOutcome>;
  /** Reloads the inspected page, so what it did before the grant is recorded too. */
  reloadPage(): void;
}

/** How many distinct origins a page's requests may contribute (a page calling thousands stays cheap). */
const MAX_ORIGINS = 500;

/**
 * The state behind an AccessView: the inspected page, the origins its requests went to, and the
 * granted patterns. Pure; `view()` is recomputed only when something changed.
 */
export class AccessTracker {
  private pageUrl: string | undefined;
  private readonly requestOrigins = new Set<string>();
  private granted: readonly string[] = [];
  private known = false;

  /** A new top-level document: its requests start from scratch. */
  navigated(url: string | undefined): void {
    this.pageUrl = url;
    this.requestOrigins.clear();
  }

  /** The origins seen so far no longer hold (they are about to be read again from DevTools' log). */
  forgetRequests(): void {
    this.requestOrigins.clear();
  }

  /** The page's URL learnt late (DevTools was opened on it): its requests seen so far stay. */
  setPage(url: string | undefined): void {
    this.pageUrl = url;
  }

  /** Returns true when the request added an origin not seen before. */
  request(url: string): boolean {
    const origin = originOf(url);
    if (origin === undefined) return false;
    if (this.requestOrigins.has(origin) || this.requestOrigins.size >= MAX_ORIGINS) return false;
    this.requestOrigins.add(origin);
    return true;
  }

  setGranted(patterns: readonly string[]): void {
    this.granted = [...patterns];
    this.known = true;
  }

  view(): AccessView {
    // Until the granted list is known, claim nothing is missing (no banner flashes on open).
    if (!this.known) return { missing: [] };
    return { missing: missingOrigins(this.pageUrl, [...this.requestOrigins].map((o) => `${o}/`), this.granted) };
  }
}

export function sameView(a: AccessView, b: AccessView): boolean {
  return a.missing.length === b.missing.length && a.missing.every((m, i) => m.origin === b.missing[i]?.origin && m.role === b.missing[i]?.role);
}
