/**
 * Chromium's own verdicts, recorded over CDP on one page: the ground truth the panel must match.
 * Feasibility §4: `Network.loadingFailed.corsErrorStatus` names the CorsError of an actual
 * request; preflights are separate requests with `initiator.type === 'preflight'` (skipped
 * here); `Log.entryAdded` (category cors) carries the console text; `Audits.issueAdded`
 * carries CorsIssues (some have no request at all: same-origin mode, no-cors + manual redirect).
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { CdpClient } from './cdp-client';
import { watchAllTargets } from './chromium-targets';

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
  /** The CDP target type that made the request (`page`, `iframe`, `worker`, `shared_worker`, `service_worker`). */
  targetType?: string;
  /**
   * A page-side request a service worker answered: its CORS check ran in the worker's own request
   * for the same URL, which carries the verdict. Left out of `byUrl` when that request exists.
   */
  viaServiceWorker?: boolean;
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

type Handler = (method: string, p: Params, scope: string, targetType: string) => void;

/** The oracle's state and its event handler, fed by one page session or by every target. */
function oracleRecorder(): { handle: Handler; oracle: Omit<ChromiumOracle, 'detach'> } {
  const requests = new Map<string, OracleRequest>();
  const preflightIds = new Set<string>();
  const lines: OracleConsoleLine[] = [];
  const issues: OracleCorsIssue[] = [];

  const handle: Handler = (method, p, scope, targetType) => {
    const key = `${scope}:${String(p['requestId'])}`;
    if (method === 'Network.requestWillBeSent') {
      const initiator = p['initiator'] as { type?: string } | undefined;
      const request = p['request'] as { url: string; method: string };
      if (initiator?.type === 'preflight') {
        preflightIds.add(key);
        return;
      }
      const url = stripFragment(request.url);
      const known = requests.get(key);
      if (known) known.hops.push(url); // a redirect: same id, next hop
      else requests.set(key, { requestId: String(p['requestId']), url, method: request.method, hops: [url], state: 'pending', corsError: null, targetType });
    } else if (method === 'Network.responseReceived') {
      const r = requests.get(key);
      const response = p['response'] as { fromServiceWorker?: boolean } | undefined;
      if (r && response?.fromServiceWorker) r.viaServiceWorker = true;
    } else if (method === 'Network.loadingFinished') {
      const r = requests.get(key);
      if (r) r.state = 'finished';
    } else if (method === 'Network.loadingFailed') {
      if (preflightIds.has(key)) return;
      const r = requests.get(key);
      if (!r) return;
      r.state = 'failed';
      r.errorText = p['errorText'] as string;
      r.canceled = p['canceled'] as boolean;
      const status = p['corsErrorStatus'] as { corsError: string; failedParameter?: string } | undefined;
      if (status) {
        r.corsError = status.corsError;
        if (status.failedParameter) r.failedParameter = status.failedParameter;
      }
    } else if (method === 'Log.entryAdded') {
      lines.push({ ...(p['entry'] as OracleConsoleLine) });
    } else if (method === 'Audits.issueAdded') {
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
    }
  };

  // A page fetch a service worker answered is one exchange: the worker's request for the same URL
  // decides it, so the page's side of it is left out.
  const all = (): OracleRequest[] => {
    const list = [...requests.values()];
    const fromWorker = new Set(list.filter((r) => r.targetType === 'service_worker').map((r) => r.url));
    return fromWorker.size === 0 ? list : list.filter((r) => !(isPageSide(r) && fromWorker.has(r.url)));
  };
  return {
    handle,
    oracle: {
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
    },
  };
}

/** A request made by a document (page or frame) rather than a worker. */
const isPageSide = (r: OracleRequest): boolean => r.targetType === 'page' || r.targetType === 'iframe' || r.targetType === undefined;

export async function attachOracle(context: BrowserContext, page: Page): Promise<ChromiumOracle> {
  const session: CDPSession = await context.newCDPSession(page);
  const { handle, oracle } = oracleRecorder();
  for (const m of ['Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFinished', 'Network.loadingFailed', 'Log.entryAdded', 'Audits.issueAdded']) {
    session.on(m as 'Network.requestWillBeSent', (p: Params) => handle(m, p, 'page', 'page'));
  }
  await Promise.all([session.send('Network.enable'), session.send('Log.enable'), session.send('Audits.enable')]);
  return { ...oracle, detach: () => session.detach().catch(() => undefined) };
}

/**
 * Chromium's verdicts from every target over a flat CDP connection: the page, its frames,
 * dedicated and shared workers, service workers (issue 12). Request ids are per target.
 */
export async function attachOracleAllTargets(cdp: CdpClient): Promise<ChromiumOracle> {
  const { handle, oracle } = oracleRecorder();
  const watch = await watchAllTargets(cdp, (e) => handle(e.method, e.params, e.target.sessionId, e.target.type));
  return { ...oracle, detach: () => watch.stop() };
}
