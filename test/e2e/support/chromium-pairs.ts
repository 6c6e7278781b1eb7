/**
 * Chromium's own preflight ↔ request links, over CDP on one page. Feasibility §4: a preflight is a
 * separate request whose `initiator` is `{type: 'preflight', requestId: <actual id>}`, so CDP says
 * exactly which preflight belonged to which request, something webRequest never says.
 *
 * To compare that link with the extension's pairing, the lab stamps each response with a header
 * (`X-Lab-Turn`, the request's arrival number on the server); a pair is then "(preflight turn,
 * actual turn)", readable on both sides. Headers come from `responseReceived` and, for responses
 * CORS then rejected (no `responseReceived`), from `responseReceivedExtraInfo`.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { stripFragment } from './chromium-oracle';

export interface ChromiumPair {
  requestId: string;
  url: string;
  method: string;
  state: 'pending' | 'finished' | 'failed';
  corsError: string | null;
  /** The preflight's CDP id, when Chromium sent one for this request. */
  preflightId?: string;
  /** Value of the stamp header on the preflight's response / the actual response, if any arrived. */
  preflightStamp?: string;
  actualStamp?: string;
}

export interface ChromiumPairs {
  /** Actual requests whose URL (fragment ignored) equals `url`, in start order. */
  byUrl(url: string): ChromiumPair[];
  /** Preflights whose initiator named no actual request we saw (should be none). */
  orphanPreflights(): string[];
  detach(): Promise<void>;
}

type Params = Record<string, unknown>;

const headerIn = (headers: unknown, name: string): string | undefined => {
  if (!headers || typeof headers !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (k.toLowerCase() === lower) return String(v);
  return undefined;
};

export async function attachPairOracle(context: BrowserContext, page: Page, stampHeader = 'X-Lab-Turn'): Promise<ChromiumPairs> {
  const session: CDPSession = await context.newCDPSession(page);
  const actuals = new Map<string, ChromiumPair>();
  /** preflight id → actual id */
  const preflightOf = new Map<string, string>();
  /** Stamps seen per CDP request id (either event may come first). */
  const stamps = new Map<string, string>();

  const onHeaders = (requestId: string, headers: unknown): void => {
    const v = headerIn(headers, stampHeader);
    if (v !== undefined) stamps.set(requestId, v);
  };

  // Events of a preflight may come before its request's: links are resolved when read.
  session.on('Network.requestWillBeSent', (p: Params) => {
    const requestId = p['requestId'] as string;
    const initiator = p['initiator'] as { type?: string; requestId?: string } | undefined;
    const request = p['request'] as { url: string; method: string };
    if (initiator?.type === 'preflight' && initiator.requestId) preflightOf.set(requestId, initiator.requestId);
    else if (!actuals.has(requestId)) {
      actuals.set(requestId, { requestId, url: stripFragment(request.url), method: request.method, state: 'pending', corsError: null });
    }
  });
  session.on('Network.responseReceived', (p: Params) => onHeaders(p['requestId'] as string, (p['response'] as Params)['headers']));
  session.on('Network.responseReceivedExtraInfo', (p: Params) => onHeaders(p['requestId'] as string, p['headers']));
  session.on('Network.loadingFinished', (p: Params) => {
    const a = actuals.get(p['requestId'] as string);
    if (a) a.state = 'finished';
  });
  session.on('Network.loadingFailed', (p: Params) => {
    const a = actuals.get(p['requestId'] as string);
    if (!a) return;
    a.state = 'failed';
    const status = p['corsErrorStatus'] as { corsError: string } | undefined;
    if (status) a.corsError = status.corsError;
  });
  await session.send('Network.enable');

  const resolved = (a: ChromiumPair): ChromiumPair => {
    const out: ChromiumPair = { ...a };
    const preflightId = [...preflightOf].find(([, aid]) => aid === a.requestId)?.[0];
    if (preflightId !== undefined) {
      out.preflightId = preflightId;
      const p = stamps.get(preflightId);
      if (p !== undefined) out.preflightStamp = p;
    }
    const s = stamps.get(a.requestId);
    if (s !== undefined) out.actualStamp = s;
    return out;
  };

  return {
    byUrl: (url) => [...actuals.values()].filter((a) => a.url === stripFragment(url)).map(resolved),
    orphanPreflights: () => [...preflightOf].filter(([, aid]) => !actuals.has(aid)).map(([pid]) => pid),
    detach: () => session.detach().catch(() => undefined),
  };
}
