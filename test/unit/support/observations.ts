/** Builders of realistic observations for pairing tests (webRequest- and HAR-shaped). */
import type { HeaderList, Observation } from '../../../src/core/model';

export const PAGE = 'http://127.0.0.1:45000';
export const API = 'http://localhost:45001';

let counter = 0;

export function obs(partial: Partial<Observation> & Pick<Observation, 'url' | 'method' | 'startTime'>): Observation {
  counter++;
  return { id: `t:${counter}`, source: 'webrequest', tabId: 1, frameId: 0, documentId: 'doc-1', initiatorOrigin: PAGE, ...partial };
}

export function headers(record: Record<string, string>): HeaderList {
  return Object.entries(record).map(([name, value]) => ({ name, value }));
}

/** An actual request with the headers Chrome sends (Origin, Sec-Fetch-Mode) plus the page's own. */
export function actual(method: string, url: string, startTime: number, extra: Record<string, string> = {}, rest: Partial<Observation> = {}): Observation {
  return obs({
    method,
    url,
    startTime,
    requestHeaders: headers({ Accept: '*/*', Origin: PAGE, 'Sec-Fetch-Mode': 'cors', ...extra }),
    ...rest,
  });
}

export function preflight(url: string, acrm: string, startTime: number, acrh?: string, rest: Partial<Observation> = {}): Observation {
  const h: Record<string, string> = { Accept: '*/*', 'Access-Control-Request-Method': acrm, Origin: PAGE, 'Sec-Fetch-Mode': 'cors' };
  if (acrh !== undefined) h['Access-Control-Request-Headers'] = acrh;
  return obs({ method: 'OPTIONS', url, startTime, requestHeaders: headers(h), ...rest });
}

/** Deterministic PRNG (mulberry32) so generated scenarios are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
