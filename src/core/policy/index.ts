/**
 * The fix engine's first half: from a diagnosed exchange, the smallest *safe* change that makes it
 * pass. Safe means: an allow-list holding the exact origin (never `*` with credentials, never an
 * echo of any Origin), the method exactly as it must match, the request headers the page sends,
 * preflights answered with 204 before auth, `Vary: Origin`, a Max-Age every browser honours.
 * Renderers (`../fixes`) turn the policy into code for one server stack each.
 */
import type { Exchange, Verdict } from '../model';
import { gatherFacts, type FixFacts } from './facts';
import { diffResponse } from './header-diff';
import { oddCaseMethodChange, planFor, warningSteps } from './reason-plans';
import type { FixPolicy, HeaderChange } from './types';
import { responseHeaderSet, type HeaderSetInput } from './response-headers';
import { getHeader } from '../http/headers';
import { isUnnormalizedLowercaseMethod } from '../http/methods';
import { isSerializedOrigin } from '../http/origin';
import { isToken } from '../http/tokens';
import { redactHeaderValue, redactUrl } from '../redact';
import { hasResponse } from '../observation';

export type { ChangeTarget, ClientChange, FixKind, FixPolicy, HeaderChange, ReproRequest } from './types';

/** Safari caps the preflight cache at 600 s (Chrome 7200 s, Firefox 86400 s): 600 works everywhere. */
export const POLICY_MAX_AGE = 600;
export const PREFLIGHT_STATUS = 204;

function chooseOrigin(f: FixFacts, rejected: string[]): string | undefined {
  // The Origin the fixed server will see: the one sent, or the page's when the sent one was `null`
  // (a tainted redirect: the fix has the client call the final URL directly).
  const candidate = typeof f.originSent === 'string' ? f.originSent : typeof f.pageOrigin === 'string' ? f.pageOrigin : undefined;
  if (candidate === undefined) {
    if (f.originSent === null || f.pageOrigin === null) rejected.push('null');
    return undefined;
  }
  if (!isSerializedOrigin(candidate)) {
    rejected.push(candidate);
    return undefined;
  }
  return candidate;
}

function responseHeaderSets(p: Pick<FixPolicy, 'allowOrigins'> & HeaderSetInput): FixPolicy['responseHeaders'] {
  return responseHeaderSet(p, p.allowOrigins[0]);
}

function serverSteps(p: FixPolicy): string[] {
  const steps: string[] = [];
  const origin = p.allowOrigins[0];
  steps.push(
    origin !== undefined
      ? `Allow ${origin} with an allow-list: compare the request's Origin with the list and send it back only on an exact match. Never \`*\`${p.allowCredentials ? ' (this request carries credentials)' : ' for private data'}, never echo any Origin.`
      : "The page's origin is unknown: put your front end's exact origin (scheme://host[:port]) in the allow-list.",
  );
  if (p.preflight) {
    const parts = [`Access-Control-Allow-Methods: ${p.allowMethods.join(', ')}`];
    if (p.allowHeaders.length) parts.push(`Access-Control-Allow-Headers: ${p.allowHeaders.join(', ')}`);
    parts.push(`Access-Control-Max-Age: ${p.maxAge ?? POLICY_MAX_AGE}`);
    steps.push(`Answer the OPTIONS preflight with ${p.preflightStatus ?? PREFLIGHT_STATUS} and ${parts.join(', ')}, before authentication and routing (preflights never carry cookies or tokens).`);
  }
  if (p.allowCredentials) steps.push('Send `Access-Control-Allow-Credentials: true` on both the preflight and the actual response.');
  if (p.exposeHeaders.length) steps.push(`Expose ${p.exposeHeaders.join(', ')} with Access-Control-Expose-Headers so the page can read them.`);
  steps.push('Send `Vary: Origin`, and put the CORS headers on error responses (4xx/5xx) too, so errors reach the page instead of a CORS message.');
  return steps;
}

/** One sentence per response: "On the OPTIONS response: add …; change … to …; remove the duplicate …". */
export function describeDiff(diff: HeaderChange[]): string[] {
  const groups = new Map<string, HeaderChange[]>();
  for (const c of diff) {
    const key = `${c.response}#${c.hop}#${c.method}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out: string[] = [];
  for (const changes of groups.values()) {
    const first = changes[0]!;
    const which = first.response === 'preflight' ? 'the OPTIONS (preflight) response' : first.response === 'redirect' ? `the ${first.method} redirect response` : `the ${first.method} response`;
    const parts = changes.map((c) => {
      const label = c.name === ':status' ? 'the status' : c.name;
      switch (c.action) {
        case 'add':
          return `add ${label}: ${c.to}`;
        case 'set':
          return `change ${label} from ${c.from ?? '(none)'} to ${c.to}`;
        case 'remove':
          return `remove ${label}`;
        case 'remove-duplicate':
          return `remove the duplicate ${label} (${c.from}) and send it once: ${c.to}`;
      }
    });
    out.push(`On ${which}${first.observed ? '' : ' (not observed yet)'}: ${parts.join('; ')}.`);
  }
  return out;
}

export function synthesizePolicy(exchange: Exchange, verdict: Verdict): FixPolicy {
  const f = gatherFacts(exchange, verdict);
  const rejected: string[] = [];
  const origin = chooseOrigin(f, rejected);
  const plan = planFor({ facts: f, verdict, origin });

  const oddCase = isUnnormalizedLowercaseMethod(f.method);
  const method = oddCase ? f.method.toUpperCase() : f.method;
  const allowMethods = isToken(method) ? [method] : (rejected.push(method), []);
  const allowHeaders = f.unsafeHeaders.filter((n) => isToken(n) || (rejected.push(n), false));

  const policy: FixPolicy = {
    kind: plan.kind,
    reason: verdict.reason,
    allowOrigins: origin !== undefined ? [origin] : [],
    allowMethods,
    allowHeaders,
    allowCredentials: f.credentials,
    exposeHeaders: f.exposeHeaders,
    preflight: f.preflightNeeded,
    ...(f.preflightNeeded ? { maxAge: POLICY_MAX_AGE, preflightStatus: PREFLIGHT_STATUS } : {}),
    responseHeaders: { preflight: {}, actual: {} },
    diff: [],
    steps: [],
    request: {
      url: redactUrl(f.url),
      method,
      origin: origin ?? null,
      headers: f.pageHeaders.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) })),
      preflight: f.preflightNeeded,
      preflightHeaderNames: allowHeaders,
      credentials: f.credentials,
    },
    rejected,
  };
  policy.responseHeaders = responseHeaderSets(policy);

  const warnings = [...(verdict.warnings ?? []).map((w) => w.id), ...(verdict.reason.startsWith('warn-') ? [verdict.reason] : [])];
  const passing = verdict.reason === 'ok' || verdict.reason.startsWith('warn-');
  if (plan.diff && !(passing && warnings.length === 0)) policy.diff = computeDiff(exchange, f, policy, plan.diffAsRedirect === true);

  const input = { facts: f, verdict, origin };
  if (plan.clientChange) policy.clientChange = plan.clientChange;
  else if (oddCase) {
    policy.clientChange = oddCaseMethodChange(f);
    if (passing || policy.kind === 'server-headers') policy.kind = 'client';
  }
  if (passing && policy.kind === 'none' && policy.diff.length > 0) policy.kind = 'server-headers';

  policy.steps = [
    ...(passing && policy.kind === 'none' && warnings.length === 0 ? ['The browser allowed this request: nothing to change.'] : []),
    ...plan.steps,
    ...describeDiff(policy.diff),
    ...(plan.serverSteps ? serverSteps(policy) : []),
    ...warningSteps(warnings, input),
    ...(rejected.length ? [`Left out of the allow-lists (not a valid origin or name, or the unsafe \`null\`): ${rejected.map((r) => JSON.stringify(r)).join(', ')}.`] : []),
  ];
  return policy;
}

function computeDiff(exchange: Exchange, f: FixFacts, p: FixPolicy, asRedirect: boolean): HeaderChange[] {
  const origin = p.allowOrigins[0];
  const out: HeaderChange[] = [];
  if (p.preflight) {
    const hops = exchange.hops ?? [];
    const hopOfPreflight = f.preflight ? Math.max(0, hops.findIndex((h) => h.preflight === f.preflight)) : f.hop;
    const responded = hasResponse(f.preflight);
    out.push(
      ...diffResponse({
        response: 'preflight', hop: hopOfPreflight, method: 'OPTIONS',
        observed: responded ? (f.preflight?.responseHeaders ?? []) : undefined,
        status: f.preflight?.status, origin, credentials: p.allowCredentials,
        allowMethod: p.allowMethods[0], allowHeaders: p.allowHeaders, maxAge: p.maxAge, preflightStatus: p.preflightStatus,
      }),
    );
  }
  out.push(
    ...diffResponse({
      response: asRedirect ? 'redirect' : 'actual', hop: f.hop, method: f.method,
      observed: f.actualObserved ? (f.actual?.responseHeaders ?? []) : undefined,
      status: f.actual?.status, origin, credentials: p.allowCredentials, exposeHeaders: p.exposeHeaders,
      assumeWildcardPasses: !f.actualObserved && getHeader(f.preflight?.responseHeaders, 'access-control-allow-origin') === '*',
    }),
  );
  return out;
}
