/**
 * What both capture-lifecycle suites share: the burst size, the two capture modes, the comparable
 * form of a stored exchange, and the mixed batches of fetches the bursts are made of.
 */
import { nextNonce, type Lab } from './lab';
import { alternating, fetchOf, preflightAllowed, preflightBlocked, simpleAllowed, simpleBlocked, type PageFetch } from './capture-scenarios';
import { pairKey, type StoredExchange } from './store-pairs';

export const BURST = 50;

/** The comparable form of what the extension stored. */
export const storedKey = (x: StoredExchange): string =>
  pairKey(x.preflightStamp, x.actualStamp, x.corsError ?? (x.outcome === 'allowed' ? 'ok' : x.outcome));
export const sorted = (xs: string[]): string[] => [...xs].sort();

/** A planned batch of fetches and the distinct URLs it uses. */
export interface Batch {
  fetches: PageFetch[];
  urls: string[];
}

/**
 * A mixed batch: `alternatingCount` identical preflighted requests to one URL (answers in turns),
 * plus `each` requests of every simple/preflighted scenario, each on its own URL.
 */
export function mixedBatch(lab: Lab, tag: string, alternatingCount: number, each: number): Batch {
  const lanes: PageFetch[][] = [];
  const urls: string[] = [];
  if (alternatingCount > 0) {
    const url = lab.urlFor(alternating, 'main', nextNonce(`${tag}-alt`));
    urls.push(url);
    lanes.push(Array.from({ length: alternatingCount }, () => fetchOf(alternating, url)));
  }
  for (const s of [simpleBlocked, simpleAllowed, preflightAllowed, preflightBlocked]) {
    const lane: PageFetch[] = [];
    for (let i = 0; i < each; i++) {
      const url = lab.urlFor(s, 'main', nextNonce(`${tag}-${s.id}`));
      urls.push(url);
      lane.push(fetchOf(s, url));
    }
    lanes.push(lane);
  }
  // Round robin, so that every kind is in flight at any moment of the burst.
  const fetches: PageFetch[] = [];
  for (let i = 0; lanes.some((l) => i < l.length); i++) for (const l of lanes) if (i < l.length) fetches.push(l[i]!);
  return { fetches, urls };
}

/** 'devtools': the product default (DevTools open on the tab); 'background': the opt-in. */
export type Mode = 'devtools' | 'background';
export const MODES: Array<{ mode: Mode }> = [{ mode: 'devtools' }, { mode: 'background' }];

