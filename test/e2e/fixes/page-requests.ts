/**
 * Runs scenario requests from the page (fetch, exactly as the lab page builds them) and judges
 * each by what Chromium reported over CDP: a CorsError, another failure, or a readable answer.
 */
import type { Page } from 'playwright-core';
import type { RequestSpec } from '../../../src/lab/scenario-types';
import type { Recorder, WireRequest } from './browser';

export interface PageRequest {
  key: string;
  url: string;
  request: RequestSpec;
}

export interface PageResult {
  key: string;
  url: string;
  /** What the page saw: the body it read, or the error fetch threw. */
  page: { ok: true; status: number; body: string } | { ok: false; error: string };
  /** Chromium's own judgement of the actual request. */
  wire: { state: WireRequest['state']; corsError: string | null; failedParameter?: string; errorText?: string; preflightStatus?: number };
}

export async function runPageRequests(page: Page, recorder: Recorder, list: PageRequest[]): Promise<PageResult[]> {
  const answers = await page.evaluate(
    (items: Array<{ url: string; r: RequestSpec }>) =>
      Promise.all(
        items.map(async ({ url, r }) => {
          const init: RequestInit = { method: r.method, mode: r.mode ?? 'cors', credentials: r.credentials ?? 'same-origin', cache: 'no-store' };
          if (r.headers) init.headers = r.headers;
          if (r.body !== undefined) init.body = r.body;
          try {
            const res = await fetch(url, init);
            return { ok: true as const, status: res.status, body: await res.text() };
          } catch (e) {
            return { ok: false as const, error: String(e) };
          }
        }),
      ),
    list.map((p) => ({ url: p.url, r: p.request })),
  );
  // CDP events may trail the page's promise by a moment.
  const deadline = Date.now() + 5000;
  let wires: WireRequest[] = [];
  for (;;) {
    wires = recorder.requests();
    const settled = list.every((p) => wires.some((w) => w.url === p.url && w.preflightFor === undefined && w.state !== 'pending'));
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return list.map((p, i) => {
    const actual = wires.find((w) => w.url === p.url && w.preflightFor === undefined);
    const preflight = actual ? wires.find((w) => w.preflightFor === actual.requestId) : undefined;
    const wire: PageResult['wire'] = { state: actual?.state ?? 'pending', corsError: actual?.corsError ?? null };
    if (actual?.failedParameter !== undefined) wire.failedParameter = actual.failedParameter;
    if (actual?.errorText !== undefined) wire.errorText = actual.errorText;
    if (preflight?.status !== undefined) wire.preflightStatus = preflight.status;
    return { key: p.key, url: p.url, page: answers[i]!, wire };
  });
}
