/**
 * The CLI on DevTools' own HAR of the lab's subresource scenarios (getHAR() in the Chromium e2e
 * run, kept as test/fixtures/har/chromium-subresources.har): the same CorsError Chromium reported
 * for each request (the lab's recorded expectation), and the console line names the initiator as
 * Chromium does ("Access to script / font / image / … at").
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../../src/lab/scenarios/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface CliExchange {
  url: string;
  outcome: string;
  chromiumCorsError: string | null;
  messages: { chrome: string | null };
  explanation: string;
}

/** Chromium's word per way of making the request (verified by verify-lab in Chromium 156). */
const WORD: Record<string, string> = {
  'module-script': 'script',
  'static-import': 'script',
  'dynamic-import': 'script',
  modulepreload: 'script',
  'script-crossorigin': 'script',
  'font-face': 'font',
  'font-api': 'font',
  'preload-font': 'font',
  stylesheet: 'CSS stylesheet',
  'preload-fetch': 'link element resource',
  img: 'image',
  audio: 'audio',
  video: 'video',
  eventsource: 'resource',
  beacon: 'resource',
  keepalive: 'fetch',
};

describe('cors-lens analyze on a Chrome HAR of subresource loads', { timeout: 120_000 }, () => {
  it('every request gets Chromium’s CorsError and initiator word', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', 'test/fixtures/har/chromium-subresources.har', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const { exchanges } = JSON.parse(r.stdout) as { exchanges: CliExchange[] };
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    const wrong: string[] = [];
    const words = new Set<string>();
    for (const x of exchanges) {
      const [, id, step] = /\/s\/([^/]+)\/([^/?]+)/.exec(x.url) ?? [];
      const s = id ? byId.get(id) : undefined;
      if (!s) continue;
      const want = s.request.via === 'static-import' && step === 'main' ? null : s.expect.corsError;
      if (x.chromiumCorsError !== want) wrong.push(`${id}/${step}: ${x.chromiumCorsError} ≠ ${want}`);
      if (want) {
        const word = WORD[s.request.via ?? 'fetch'];
        words.add(word!);
        if (!x.messages.chrome?.startsWith(`Access to ${word} at '`)) wrong.push(`${id}: ${x.messages.chrome}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(exchanges.length).toBeGreaterThanOrEqual(50);
    expect(words.size).toBe(9);
  });
});
