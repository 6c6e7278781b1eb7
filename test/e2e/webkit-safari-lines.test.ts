/**
 * CORS Lens's Safari lines against a real WebKit (WebKitGTK's MiniBrowser, the same WebCore CORS
 * code and messages Safari uses): every lab scenario runs in WebKit, and for every scenario
 * WebKit blocks, the Safari lines CORS Lens prints (`cors-lens --browser safari`, minus Web
 * Inspector's "Failed to load resource" line, which WebKit never writes to console output)
 * equal the lines WebKit printed.
 *
 * Where the exchange comes from: no extension runs in WebKit, so the exchange is rebuilt from the
 * lab server's own log of this run — every request that reached it (method, URL, header fields
 * with WebKit's spelling and order) and the lab's own answer — plus what the page asked for and
 * saw (credentials, mode, redirect mode, rejected or not), the facts the extension's page-side
 * source records in Chrome and Firefox. That is WebKit's own traffic. Running Chromium's capture
 * of the same scenario through the Safari engine instead would be dishonest: it would hide every
 * difference in what WebKit sends (which requests go out, how header names are spelled), and
 * the lines would be checked against an exchange WebKit never had.
 *
 * One run of ~220 scenarios takes about 10 s; MiniBrowser is killed with its whole process tree.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../src/lab/server';
import { startLab } from '../../src/lab/server';
import { runInWebKit, scenariosForWebKit, type WebKitRun } from './support/webkit';
import { hitOfLogEntry, type WebKitHit } from './support/webkit-exchange';
import {
  compareLines,
  formatConsoleLine,
  isUnknowableNetworkFailure,
  lensSafariLines,
  webkitLines,
  webkitOutcome,
  type WebKitObserved,
} from './support/webkit-lines';

const list = scenariosForWebKit();
const recorded = (
  JSON.parse(readFileSync(new URL('../fixtures/lab-observed/webkit.json', import.meta.url), 'utf8')) as { scenarios: Record<string, WebKitObserved> }
).scenarios;

let lab: Lab;
let runs: Map<string, WebKitRun>;
const nonce = `wk${Date.now().toString(36)}`;

beforeAll(async () => {
  lab = await startLab();
  runs = await runInWebKit({ pageOrigin: lab.pageOrigin, ids: list.map((s) => s.id), nonce });
}, 300_000);

afterAll(async () => {
  await lab?.close();
});

function hitsOf(id: string): WebKitHit[] {
  return lab
    .requests({ scenario: id })
    .filter((r) => r.url.includes(`n=${nonce}`))
    .map(hitOfLogEntry);
}

describe('WebKit (MiniBrowser) against the Safari engine', () => {
  it('ran every scenario between its markers', () => {
    expect(list.filter((s) => !runs.has(s.id)).map((s) => s.id)).toEqual([]);
  });

  it('does what the recording says, scenario by scenario', () => {
    const differ: string[] = [];
    for (const s of list) {
      const run = runs.get(s.id)!;
      const outcome = webkitOutcome(s, run.result, run.console.map(formatConsoleLine));
      const was = recorded[s.id]?.outcome;
      if (was !== undefined && was !== outcome) differ.push(`${s.id}: ${outcome}, recorded ${was}`);
    }
    expect(differ, 'WebKit changed its mind: rerun npm run verify:lab -- --browser webkit').toEqual([]);
  });

  it("prints, wherever WebKit blocks, exactly CORS Lens's Safari lines", () => {
    const mismatches: string[] = [];
    let blocked = 0;
    let exact = 0;
    for (const s of list) {
      const run = runs.get(s.id)!;
      const printed = run.console.map(formatConsoleLine);
      if (webkitOutcome(s, run.result, printed) !== 'blocked') continue;
      blocked++;
      const hits = hitsOf(s.id);
      const webkit = webkitLines(printed);
      const lens = lensSafariLines(s, lab.pageOrigin, lab.urlFor(s, 'main', nonce), hits, run.result);
      // A refused connection never reaches the lab: its text is libsoup's, in no capture; CORS Lens must not invent one.
      const ok = isUnknowableNetworkFailure(webkit, hits) ? lens.length === 0 : compareLines(webkit, lens).exact;
      if (ok) exact++;
      else mismatches.push(`${s.id}\n  webkit: ${webkit.join('\n          ')}\n  lens:   ${lens.join('\n          ')}`);
    }
    expect(blocked).toBeGreaterThan(100);
    expect(mismatches.join('\n')).toBe('');
    expect(exact).toBe(blocked);
  });
});
