/**
 * Chromium's own verdicts, recorded over CDP on one page: the ground truth the panel must match.
 * Feasibility §4: `Network.loadingFailed.corsErrorStatus` names the CorsError of an actual
 * request; preflights are separate requests with `initiator.type === 'preflight'` (skipped
 * here); `Log.entryAdded` (category cors) carries the console text; `Audits.issueAdded`
 * carries CorsIssues (some have no request at all: same-origin mode, no-cors + manual redirect).
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface OracleRequest {
  requestId: string;
  /** The URL the page asked for (first hop), without fragment. */
  url: string;
  method: string;
  /** Every URL of the redirect chain, first hop first. */
  hops: string[];
  state: 'pending' | 'finished' | 'failed';
  /** `net::ERR_FAILED`, `net::ERR_CONNECTION_REFUSED`, … */
  errorText?: string;
  canceled?: boolean;
  /** Chromium CorsError (no leading `k`), or null when Chromium reported none. */
  corsError: string | null;
  failedParameter?: string;
}

export interface OracleConsoleLine {
  text: string;
  level: string;
  source: string;
  category?: string;
  url?: string;
  networkRequestId?: string;
}

export interface OracleCorsIssue {
  corsError: string;
  failedParameter?: string;
  url?: string;
  requestId?: string;
}

export interface ChromiumOracle {
  /** Actual (non-preflight) requests, in the order they started. */
  requests(): OracleRequest[];
  /** Requests whose first-hop URL equals `url` (fragment ignored). */
  byUrl(url: string): OracleRequest[];
  consoleLines(): OracleConsoleLine[];
  corsIssues(): OracleCorsIssue[];
  /** The console line Chromium printed for a failed request, matched on its first-hop URL. */
  consoleTextFor(url: string): string | undefined;
  detach(): Promise<void>;
}

type Params = Record<string, unknown>;

export const stripFragment = (url: string): string => {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
};

export async function attachOracle(context: BrowserContext, page: Page): Promise<ChromiumOracle> {
  const session: CDPSession = await context.newCDPSession(page);
  const requests = new Map<string, OracleRequest>();
  const preflightIds = new Set<string>();
  const lines: OracleConsoleLine[] = [];
  const issues: OracleCorsIssue[] = [];

  session.on('Network.requestWillBeSent', (p: Params) => {
    const requestId = p['requestId'] as string;
    const initiator = p['initiator'] as { type?: string } | undefined;
    const request = p['request'] as { url: string; method: string; urlFragment?: string };
    if (initiator?.type === 'preflight') {
      preflightIds.add(requestId);
      return;
    }
    const url = stripFragment(request.url);
    const known = requests.get(requestId);
    if (known) known.hops.push(url); // a redirect: same id, next hop
    else requests.set(requestId, { requestId, url, method: request.method, hops: [url], state: 'pending', corsError: null });
  });
  session.on('Network.loadingFinished', (p: Params) => {
    const r = requests.get(p['requestId'] as string);
    if (r) r.state = 'finished';
  });
  session.on('Network.loadingFailed', (p: Params) => {
    const requestId = p['requestId'] as string;
    if (preflightIds.has(requestId)) return;
    const r = requests.get(requestId);
    if (!r) return;
    r.state = 'failed';
    r.errorText = p['errorText'] as string;
    r.canceled = p['canceled'] as boolean;
    const status = p['corsErrorStatus'] as { corsError: string; failedParameter?: string } | undefined;
    if (status) {
      r.corsError = status.corsError;
      if (status.failedParameter) r.failedParameter = status.failedParameter;
    }
  });
  session.on('Log.entryAdded', (p: Params) => {
    const e = p['entry'] as OracleConsoleLine;
    lines.push({ ...e });
  });
  session.on('Audits.issueAdded', (p: Params) => {
    const issue = p['issue'] as { code: string; details: { corsIssueDetails?: Params } };
    if (issue.code !== 'CorsIssue' || !issue.details.corsIssueDetails) return;
    const d = issue.details.corsIssueDetails;
    const status = d['corsErrorStatus'] as { corsError: string; failedParameter?: string };
    const req = d['request'] as { url?: string; requestId?: string } | undefined;
    const item: OracleCorsIssue = { corsError: status.corsError };
    if (status.failedParameter) item.failedParameter = status.failedParameter;
    if (req?.url) item.url = stripFragment(req.url);
    if (req?.requestId) item.requestId = req.requestId;
    issues.push(item);
  });
  await Promise.all([session.send('Network.enable'), session.send('Log.enable'), session.send('Audits.enable')]);

  const all = (): OracleRequest[] => [...requests.values()];
  return {
    requests: all,
    byUrl: (url) => all().filter((r) => r.url === stripFragment(url)),
    consoleLines: () => [...lines],
    corsIssues: () => [...issues],
    consoleTextFor(url) {
      // "Access to fetch at '<url>' from origin '…' has been blocked by CORS policy: …"
      const u = stripFragment(url);
      return lines.find((l) => l.category === 'cors' && l.text.includes('blocked by CORS policy') && l.text.includes(`'${u}'`))
        ?.text;
    },
    detach: () => session.detach().catch(() => undefined),
  };
}
