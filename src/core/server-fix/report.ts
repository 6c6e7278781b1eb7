/**
 * "Fix this server" in the reports: the JSON `servers` array (a contract, like `exchanges`), and
 * the Markdown and text sections. The merged policy is rendered by the same 23 stack renderers as
 * an exchange's fix; every value that came from the wire is redacted and made inert here.
 */
import { renderAll } from '../fixes/index';
import type { AnalyzedExchange, BrowserId } from '../model';
import { describeDiff } from '../policy';
import { redactUrl, scrub, secretsOf } from '../redact';
import type { ReportFix } from '../report-fix';
import { serverFixes, type ServerFix } from './servers';

export interface ReportServerCheck {
  method: string;
  url: string;
  /** Outcome and reason before and under the merged policy. */
  before: { outcome: string; reason: string };
  after: { outcome: string; reason: string };
  passes: boolean;
  broken: boolean;
}

export interface ReportServer {
  origin: string;
  exchanges: number;
  blocked: number;
  warned: number;
  /** The merged fix, in the same shape as an exchange's `fix`. */
  fix: ReportFix;
  /** Per route (method + path): the changes its observed responses need. */
  routes: { route: string; diff: string[] }[];
  verified: { pass: number; of: number; broken: number };
  checks: ReportServerCheck[];
  /** Exchanges no server header fixes, and why (the page must change the request). */
  outOfReach: { method: string; url: string; why: string }[];
}

export interface ServerReportOptions {
  includeSecrets?: boolean;
  /** Whose evaluator proves the policy. Default chrome. */
  browser?: BrowserId;
}

function routeOf(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${method} ${url}`;
  }
}

function toReportServer(f: ServerFix, options: ServerReportOptions): ReportServer {
  const keep = options.includeSecrets === true;
  const secrets = keep ? [] : f.exchanges.flatMap((a) => secretsOf(a.exchange));
  const text = (s: string) => (keep ? s : scrub(s, secrets));
  const url = (s: string) => (keep ? s : scrub(redactUrl(s), secrets));
  const p = f.policy;
  const snippets: ReportFix['snippets'] = {};
  for (const [id, r] of Object.entries(renderAll(p, { pathPrefix: f.pathPrefix }))) snippets[id] = { label: r.label, code: text(r.code) };
  const routes = new Map<string, string[]>();
  for (const c of f.checks) {
    const route = routeOf(c.analyzed.exchange.method, url(c.analyzed.exchange.url));
    const diff = describeDiff(c.routeDiff).map(text);
    if (diff.length && !routes.has(route)) routes.set(route, diff);
  }
  return {
    origin: f.origin,
    exchanges: f.exchanges.length,
    blocked: f.blocked,
    warned: f.warned,
    fix: {
      kind: p.kind,
      responseHeaders: p.responseHeaders,
      preflightStatus: p.preflight ? (p.preflightStatus ?? null) : null,
      steps: p.steps.map(text),
      diff: [...routes.values()].flat(),
      clientChange: null,
      snippets,
    },
    routes: [...routes].map(([route, diff]) => ({ route, diff })),
    verified: f.verified,
    checks: f.checks.map((c) => ({
      method: c.analyzed.exchange.method,
      url: url(c.analyzed.exchange.url),
      before: { outcome: c.analyzed.verdict.outcome, reason: c.analyzed.verdict.reason },
      after: { outcome: c.after.verdict.outcome, reason: c.after.verdict.reason },
      passes: c.passes,
      broken: c.broken,
    })),
    outOfReach: f.outOfReach.map((o) => ({ method: o.analyzed.exchange.method, url: url(o.analyzed.exchange.url), why: text(o.why) })),
  };
}

export function reportServers(list: readonly AnalyzedExchange[], options: ServerReportOptions = {}): ReportServer[] {
  return serverFixes(list, options.browser).map((f) => toReportServer(f, options));
}

