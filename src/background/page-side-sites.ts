/**
 * Which sites the page-side scripts (src/content/: the MAIN-world page hooks and their relay) are
 * registered on while "Read calls inside the page" is on (issue 13: only tabs under inspection).
 *
 * A registration can only say where a script runs by URL pattern, and both browsers' patterns
 * ignore the port, so the unit is a site: the scheme and host of an inspected tab's page, and of
 * every frame that tab loads (seen by the tab's full webRequest listeners as `sub_frame` requests).
 * A tab's top-level navigation replaces its sites (the old document's frames are gone with it).
 * Pure: the background feeds it events and asks for the patterns.
 */
import { httpOrigin, patternForOrigin } from '../shared/host-patterns';

/** A tab's page-side sites: the top-level document's, then its frames'. */
interface TabSites {
  top: string | undefined;
  frames: Set<string>;
}

/** Frames per tab kept at most (a page making frames in a loop must not grow this without end). */
const MAX_FRAME_SITES = 64;

export class PageSideSites {
  private readonly tabs = new Map<number, TabSites>();

  /** Whether the tab's top-level site is known (else the caller asks the browser for its URL). */
  knowsTop(tabId: number): boolean {
    return this.tabs.get(tabId)?.top !== undefined;
  }

  /** The tab's page is at `url`. True when the tab's patterns changed. */
  setTop(tabId: number, url: string | undefined): boolean {
    const pattern = sitePattern(url);
    if (pattern === undefined) return false;
    const tab = this.tabs.get(tabId);
    if (tab?.top === pattern) return false;
    this.tabs.set(tabId, { top: pattern, frames: new Set() });
    return true;
  }

  /** A request of an inspected tab. True when the tab's patterns changed. */
  noteRequest(tabId: number, type: string | undefined, url: string | undefined): boolean {
    if (type === 'main_frame') return this.setTop(tabId, url);
    if (type !== 'sub_frame') return false;
    const pattern = sitePattern(url);
    if (pattern === undefined) return false;
    const tab = this.tabs.get(tabId) ?? { top: undefined, frames: new Set<string>() };
    this.tabs.set(tabId, tab);
    if (tab.top === pattern || tab.frames.has(pattern) || tab.frames.size >= MAX_FRAME_SITES) return false;
    tab.frames.add(pattern);
    return true;
  }

  forget(tabId: number): boolean {
    return this.tabs.delete(tabId);
  }

  /** Keeps only `tabIds` (the tabs still inspected). True when something went. */
  keepOnly(tabIds: readonly number[]): boolean {
    let changed = false;
    for (const tabId of [...this.tabs.keys()]) if (!tabIds.includes(tabId)) changed = this.tabs.delete(tabId) || changed;
    return changed;
  }

  /** The match patterns of `tabIds`' sites, sorted, once each. */
  patterns(tabIds: readonly number[]): string[] {
    const out = new Set<string>();
    for (const tabId of tabIds) {
      const tab = this.tabs.get(tabId);
      if (!tab) continue;
      if (tab.top) out.add(tab.top);
      for (const p of tab.frames) out.add(p);
    }
    return [...out].sort();
  }
}

/** `http://localhost:5173/app` → `http://localhost/*`; undefined for anything but http(s). */
export function sitePattern(url: string | undefined): string | undefined {
  const origin = url === undefined ? undefined : httpOrigin(url);
  return origin === undefined ? undefined : patternForOrigin(origin);
}
