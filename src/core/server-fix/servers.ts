/**
 * "Fix this server": for every server origin with blocked or warned exchanges, the one policy
 * that makes all of its exchanges pass safely, proven by re-evaluating each exchange under it
 * with the same evaluator (none may fail, none that passed before may break).
 */
import { evaluate } from '../evaluate';
import type { AnalyzedExchange, BrowserId } from '../model';
import { synthesizePolicy, type FixPolicy } from '../policy';
import { applyServerPolicy } from './apply';
import { mergePolicies } from './merge';
import { byServer, isWarned, mostBlockedFirst, serverOriginOf } from './summary';

/** One exchange under the merged policy. */
export interface ServerFixCheck {
  analyzed: AnalyzedExchange;
  /** The verdict under the merged policy. */
  after: AnalyzedExchange;
  passes: boolean;
  /** Passed (without warnings or with) before, fails under the policy. */
  broken: boolean;
  /** The changes this exchange's observed responses need (its own minimal diff). */
  routeDiff: FixPolicy['diff'];
}

export interface ServerFix {
  /** The server's origin (scheme://host:port). */
  origin: string;
  /** Every exchange with this server that CORS applies to. */
  exchanges: AnalyzedExchange[];
  blocked: number;
  warned: number;
  /** The merged policy: render it with `renderAll` from src/core/fixes. */
  policy: FixPolicy;
  /** The exchanges the server's headers decide, each re-evaluated under `policy`. */
  checks: ServerFixCheck[];
  /** Exchanges a server header cannot fix (the client must change, or not a CORS failure). */
  outOfReach: { analyzed: AnalyzedExchange; why: string }[];
  verified: { pass: number; of: number; broken: number };
  /** The path prefix every exchange shares (`/api/`, or `/`): what the configuration covers. */
  pathPrefix: string;
}

/** The directory segments all URLs share: `/api/items/1` and `/api/me` → `/api/`. */
export function commonPathPrefix(urls: readonly string[]): string {
  let common: string[] | undefined;
  for (const u of urls) {
    let dirs: string[];
    try {
      dirs = new URL(u).pathname.split('/').filter(Boolean).slice(0, -1);
    } catch {
      return '/';
    }
    if (common === undefined) common = dirs;
    else {
      let n = 0;
      while (n < common.length && n < dirs.length && common[n] === dirs[n]) n++;
      common = common.slice(0, n);
    }
  }
  return common && common.length ? `/${common.join('/')}/` : '/';
}

const passes = (a: AnalyzedExchange) => a.verdict.outcome === 'allowed';


function reevaluate(a: AnalyzedExchange, policy: FixPolicy, server: string, browser: BrowserId): AnalyzedExchange {
  const blocked = a.verdict.outcome === 'blocked';
  const exchange = applyServerPolicy(a.exchange, policy, server, blocked);
  // The request itself does not change: same credentials mode and request mode as diagnosed.
  return { exchange, verdict: evaluate(exchange, { browser, credentials: a.verdict.credentials.mode, mode: a.verdict.requestMode }) };
}

function buildServerFix(origin: string, list: AnalyzedExchange[], browser: BrowserId): ServerFix | null {
  const decided: { analyzed: AnalyzedExchange; policy: FixPolicy }[] = [];
  const outOfReach: ServerFix['outOfReach'] = [];
  for (const analyzed of list) {
    const { outcome } = analyzed.verdict;
    if (outcome !== 'allowed' && outcome !== 'blocked') continue;
    const policy = synthesizePolicy(analyzed.exchange, analyzed.verdict);
    if (policy.kind === 'client') {
      outOfReach.push({ analyzed, why: policy.clientChange?.description ?? policy.steps[0] ?? 'The page must change this request.' });
      continue;
    }
    decided.push({ analyzed, policy });
  }
  const blocked = list.filter((a) => a.verdict.outcome === 'blocked').length;
  const warned = list.filter(isWarned).length;
  if (blocked === 0 && warned === 0) return null;
  if (decided.length === 0) {
    const policy = synthesizePolicy(list[0]!.exchange, list[0]!.verdict);
    return { origin, exchanges: list, blocked, warned, policy, checks: [], outOfReach, verified: { pass: 0, of: 0, broken: 0 }, pathPrefix: '/' };
  }
  // A blocked exchange first: its request is the one curl reproduces.
  decided.sort((a, b) => Number(passes(a.analyzed)) - Number(passes(b.analyzed)));
  const policy = mergePolicies(decided.map((d) => d.policy));
  const checks = decided.map(({ analyzed, policy: own }): ServerFixCheck => {
    const after = reevaluate(analyzed, policy, origin, browser);
    const ok = passes(after);
    return { analyzed, after, passes: ok, broken: passes(analyzed) && !ok, routeDiff: own.diff };
  });
  const pass = checks.filter((c) => c.passes).length;
  return {
    origin, exchanges: list, blocked, warned, policy, checks, outOfReach,
    verified: { pass, of: checks.length, broken: checks.filter((c) => c.broken).length },
    pathPrefix: commonPathPrefix(decided.map((d) => d.analyzed.exchange.url)),
  };
}





/** The merged, proven fix for one server of the list (undefined when it needs none). */
export function serverFixFor(list: readonly AnalyzedExchange[], origin: string, browser: BrowserId = 'chrome'): ServerFix | undefined {
  const group = list.filter((a) => serverOriginOf(a) === origin);
  return group.length ? (buildServerFix(origin, group, browser) ?? undefined) : undefined;
}

/**
 * One entry per server origin that has blocked or warned exchanges, most blocked first.
 * `browser` is whose evaluator proves the policy (the headline browser of the report).
 */
export function serverFixes(list: readonly AnalyzedExchange[], browser: BrowserId = 'chrome'): ServerFix[] {
  const out: ServerFix[] = [];
  for (const [origin, group] of byServer(list)) {
    const fix = buildServerFix(origin, group, browser);
    if (fix) out.push(fix);
  }
  return out.sort(mostBlockedFirst);
}
