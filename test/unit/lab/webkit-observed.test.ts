/**
 * The recorded WebKit runs (test/fixtures/lab-observed/webkit.json, written by `npm run
 * verify:lab`) against CORS Lens's Safari engine: for every scenario WebKit blocked, the Safari
 * lines CORS Lens renders for the exchange WebKit had (rebuilt from what reached the lab, with
 * URLs and origins filled in) equal the lines WebKit printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabOrigins } from '../../../src/lab/lab-urls';
import { scenarios } from '../../../src/lab/scenarios/index';
import { scenariosForWebKit } from '../../e2e/support/webkit';
import {
  hitOfRecord,
  lensSafariLines,
  mapHit,
  placeholderPairs,
  replaceAll,
  isUnknowableNetworkFailure,
  webkitLines,
  type WebKitObserved,
} from '../../e2e/support/webkit-lines';

const file = new URL('../../fixtures/lab-observed/webkit.json', import.meta.url);
const present = existsSync(file);
const observed: Record<string, WebKitObserved> = present ? (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Record<string, WebKitObserved> }).scenarios : {};

const ORIGINS: LabOrigins = {
  pageOrigin: 'http://127.0.0.1:41000',
  apiOrigin: 'http://localhost:41001',
  apiSameSiteOrigin: 'http://127.0.0.1:41001',
  thirdOrigin: 'http://127.0.0.1:41002',
  closedOrigin: 'http://127.0.0.1:41003',
};
const NONCE = 'n1';
const pairs = placeholderPairs(ORIGINS, NONCE);
const fill = (t: string) => replaceAll(t, pairs, true);
const byId = new Map(scenarios.map((s) => [s.id, s]));
const blocked = Object.entries(observed).filter(([, o]) => o.outcome === 'blocked');

describe.skipIf(!present)('WebKit recording (lab-observed/webkit.json)', () => {
  it('covers every lab scenario that runs in WebKit', () => {
    const missing = scenariosForWebKit().filter((s) => !observed[s.id]).map((s) => s.id);
    expect(missing, 'not recorded in WebKit: run npm run verify:lab -- --browser webkit --only <ids>').toEqual([]);
  });

  it('has blocked scenarios to compare', () => {
    expect(blocked.length).toBeGreaterThan(100);
  });

  it.each(blocked.map(([id]) => id))("CORS Lens's Safari lines equal WebKit's: %s", (id) => {
    const o = observed[id]!;
    const s = byId.get(id);
    expect(s, `${id} is recorded but no longer a lab scenario`).toBeDefined();
    if (!s) return;
    const hits = o.exchange.map((r) => mapHit(hitOfRecord(r), fill));
    const result = { id, nonce: NONCE, ms: 0, ...o.result, ...(o.result.url ? { url: fill(o.result.url) } : {}) };
    const firstUrl = `${fill(s.request.target === 'page' ? '{page}' : `{${s.request.target}}`)}/s/${id}/main?n=${NONCE}`;
    const lens = lensSafariLines(s, ORIGINS.pageOrigin, firstUrl, hits, result);
    const webkit = webkitLines(o.console).map(fill);
    if (isUnknowableNetworkFailure(webkit, hits)) {
      // Nothing reached the lab and WebKit's reason is its network library's text: CORS Lens
      // has no capture to say anything from, and must not invent a Safari text.
      expect(lens).toEqual([]);
      return;
    }
    expect(lens).toEqual(webkit);
  });
});
