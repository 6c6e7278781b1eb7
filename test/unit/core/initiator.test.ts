/**
 * Who made the request, from what the sources report — and the console line Chromium prints for
 * it. The resource types and headers below are the ones Chromium 156's webRequest, DevTools' HAR
 * and Firefox ESR's webRequest reported for the lab's `sub-*` scenarios; the expected console
 * lines are the ones Chromium printed (test/fixtures/lab-observed/chromium.json, verify-lab).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze';
import { initiatorOf } from '../../../src/core/initiator';
import type { HeaderList, Observation } from '../../../src/core/model';
import type { RequestVia, Scenario } from '../../../src/lab/scenario-types';
import { expandPlaceholders } from '../../../src/lab/scenarios/build';
import { scenarios } from '../../../src/lab/scenarios/index';

const h = (o: Record<string, string>): HeaderList => Object.entries(o).map(([name, value]) => ({ name, value }));
const kindOf = (resourceType: string, headers: Record<string, string> = {}, hintKind?: 'fetch' | 'xhr' | 'eventsource') =>
  initiatorOf({ resourceType, requestHeaders: h(headers), hintKind });

describe('initiatorOf', () => {
  it.each([
    // Chromium webRequest
    ['script', { 'Sec-Fetch-Dest': 'script', 'Sec-Fetch-Mode': 'cors' }, 'script', 'script'],
    ['font', { 'Sec-Fetch-Dest': 'font' }, 'font', 'font'],
    ['stylesheet', { 'Sec-Fetch-Dest': 'style' }, 'stylesheet', 'CSS stylesheet'],
    ['image', { 'Sec-Fetch-Dest': 'image' }, 'image', 'image'],
    ['media', { 'Sec-Fetch-Dest': 'audio' }, 'audio', 'audio'],
    ['media', { 'Sec-Fetch-Dest': 'video' }, 'video', 'video'],
    ['xmlhttprequest', { 'Sec-Fetch-Dest': 'empty', Accept: 'text/event-stream' }, 'eventsource', 'resource'],
    ['xmlhttprequest', { 'Sec-Fetch-Dest': 'empty', Accept: '*/*' }, 'fetch', 'fetch'],
    ['ping', {}, 'beacon', 'resource'],
    ['other', { 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors' }, 'link-preload', 'link element resource'],
    ['other', { 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors', 'Sec-Purpose': 'prefetch' }, 'other', 'resource'],
    // DevTools HAR
    ['eventsource', { 'Sec-Fetch-Dest': 'empty' }, 'eventsource', 'resource'],
    ['fetch', { 'Sec-Fetch-Dest': 'empty' }, 'fetch', 'fetch'],
    ['xhr', {}, 'xhr', 'XMLHttpRequest'],
    // Firefox webRequest
    ['beacon', { 'Sec-Fetch-Dest': 'empty' }, 'beacon', 'resource'],
    // A HAR without _resourceType (Firefox): Sec-Fetch-Dest alone
    ['', { 'Sec-Fetch-Dest': 'font' }, 'font', 'font'],
    ['', {}, 'fetch', 'fetch'],
  ])('%s %j → %s ("Access to %s at")', (type, headers, kind, word) => {
    const info = kindOf(type, headers as Record<string, string>);
    expect(info.kind).toBe(kind);
    expect(info.chromeKind).toBe(word);
  });

  it('what the page saw wins over the resource type; a caller-given kind wins over both', () => {
    expect(kindOf('xmlhttprequest', {}, 'xhr').kind).toBe('xhr');
    expect(kindOf('xmlhttprequest', {}, 'eventsource').chromeKind).toBe('resource');
    expect(initiatorOf({ resourceType: 'xmlhttprequest', hintKind: 'fetch', given: 'XMLHttpRequest' }).kind).toBe('xhr');
    expect(initiatorOf({ given: 'image' }).chromeKind).toBe('image');
  });

  it('elements are told apart from API calls, and say how their credentials are controlled', () => {
    expect(kindOf('image', { 'Sec-Fetch-Dest': 'image' })).toMatchObject({ isElement: true, credentialsControl: 'crossorigin-attribute', safariPrefix: 'Cannot load image' });
    expect(kindOf('ping')).toMatchObject({ isElement: false, credentialsControl: 'always-include', safariPrefix: 'Beacon API cannot load' });
    expect(kindOf('eventsource')).toMatchObject({ credentialsControl: 'with-credentials', safariPrefix: 'EventSource cannot load' });
  });
});

// ---------------------------------------------------------------- console texts Chromium printed

const PAGE = 'http://127.0.0.1:45000';
const API = 'http://localhost:45001';
const NONCE = 'n1';
const origins = { page: PAGE, api: API, third: 'http://127.0.0.1:45002' };

/** How Chromium 156's webRequest described each way of making a request (the lab's probe). */
const WEBREQUEST: Partial<Record<RequestVia, { type: string; dest: string; accept?: string }>> = {
  'module-script': { type: 'script', dest: 'script' },
  'static-import': { type: 'script', dest: 'script' },
  'dynamic-import': { type: 'script', dest: 'script' },
  modulepreload: { type: 'script', dest: 'script' },
  'script-crossorigin': { type: 'script', dest: 'script' },
  'font-face': { type: 'font', dest: 'font' },
  'font-api': { type: 'font', dest: 'font' },
  'preload-font': { type: 'font', dest: 'font' },
  stylesheet: { type: 'stylesheet', dest: 'style' },
  'preload-fetch': { type: 'other', dest: 'empty' },
  img: { type: 'image', dest: 'image' },
  audio: { type: 'media', dest: 'audio' },
  video: { type: 'media', dest: 'video' },
  eventsource: { type: 'xmlhttprequest', dest: 'empty', accept: 'text/event-stream' },
  beacon: { type: 'ping', dest: 'empty' },
  keepalive: { type: 'xmlhttprequest', dest: 'empty' },
};

interface Recorded {
  outcome: string;
  corsError: string | null;
  console: string[];
}
const recorded = (JSON.parse(readFileSync('test/fixtures/lab-observed/chromium.json', 'utf8')) as { scenarios: Record<string, Recorded> }).scenarios;

const expand = (v: string) => expandPlaceholders(v, PAGE, origins);
const headersOf = (pairs: Array<[string, string]> | undefined): HeaderList => (pairs ?? []).map(([name, value]) => ({ name, value: expand(value) }));

/** The observations Chromium's webRequest gives for one blocked run of a `sub-*` scenario. */
function observationsOf(s: Scenario): Observation[] {
  const w = WEBREQUEST[s.request.via!]!;
  const step = s.request.via === 'static-import' ? 'dep' : 'main';
  const url = `${API}/s/${s.id}/${step}?n=${NONCE}`;
  const spec = s.server[step]!;
  const request = h({ Origin: PAGE, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': w.dest, Accept: w.accept ?? '*/*', ...(s.request.headers ?? {}) });
  const base = { source: 'webrequest' as const, url, initiatorOrigin: PAGE, tabId: 1, frameId: 0, resourceType: w.type };
  if (s.expect.preflights) {
    const pre = spec.preflight ?? { status: 404, headers: [] };
    return [
      { ...base, id: 'pf', method: 'OPTIONS', resourceType: 'other', startTime: 1, endTime: 2, status: pre.status, requestHeaders: h({ Origin: PAGE, 'Access-Control-Request-Method': s.request.method, 'Access-Control-Request-Headers': 'content-type' }), responseHeaders: headersOf(pre.headers) },
      { ...base, id: 'actual', method: s.request.method, startTime: 1, endTime: 3, error: 'net::ERR_FAILED' },
    ];
  }
  return [{ ...base, id: 'actual', method: 'GET', startTime: 1, endTime: 2, status: spec.actual.status, requestHeaders: request, responseHeaders: headersOf(spec.actual.headers), error: 'net::ERR_FAILED' }];
}

const blockedSubresources = scenarios.filter((s) => s.id.startsWith('sub-') && recorded[s.id]?.corsError && WEBREQUEST[s.request.via!]);

describe('the console line Chromium printed, for every blocked subresource scenario', () => {
  it('covers every initiator word', () => {
    const words = new Set(blockedSubresources.map((s) => /^\[javascript\/error\] Access to (.+?) at/.exec(recorded[s.id]!.console[0] ?? '')?.[1]));
    expect([...words].sort()).toEqual(['CSS stylesheet', 'audio', 'fetch', 'font', 'image', 'link element resource', 'resource', 'script', 'video']);
  });

  it.each(blockedSubresources.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const [a] = analyze(observationsOf(s), { browser: 'chrome' });
    const want = recorded[s.id]!;
    expect(a?.verdict.chromiumCorsError).toBe(want.corsError);
    const line = want.console.find((l) => l.includes('has been blocked by CORS policy'))!.replace(/^\[javascript\/error\] /, '');
    const printed = line.replaceAll('{page}', PAGE).replaceAll('{api}', API).replaceAll('{nonce}', NONCE);
    expect(a?.verdict.messages.chrome).toBe(printed);
  });
});
