/**
 * The union of several exchanges' fix policies for one server: every origin, method, request
 * header and exposed header any of them needs, credentials when any of them sends them. It is the
 * one configuration a developer pastes once; `verify.ts` proves it before anyone sees it.
 */
import type { FixPolicy } from '../policy';
import { POLICY_MAX_AGE, PREFLIGHT_STATUS } from '../policy';
import { responseHeaderSet } from '../policy/response-headers';

/** Appends the items of `more` not yet in `into` (compared by `key`), keeping first-seen order. */
function unionInto(into: string[], more: readonly string[], key: (s: string) => string = (s) => s): void {
  const seen = new Set(into.map(key));
  for (const item of more) {
    if (seen.has(key(item))) continue;
    seen.add(key(item));
    into.push(item);
  }
}

/** The header set each response must carry for one of the allowed origins. */
export function headersForOrigin(p: FixPolicy, origin: string | undefined): FixPolicy['responseHeaders'] {
  return responseHeaderSet(p, origin);
}

function mergedSteps(p: FixPolicy, count: number): string[] {
  const origins = p.allowOrigins.length ? p.allowOrigins.join(', ') : "your front end's exact origin";
  const steps = [
    `One CORS configuration for all ${count} exchange${count === 1 ? '' : 's'} with this server: allow ${origins} with an allow-list (send the request's Origin back only on an exact match; never \`*\`${p.allowCredentials ? ' with credentials' : ''}, never echo any Origin).`,
  ];
  if (p.preflight) {
    steps.push(`Answer every OPTIONS preflight with ${p.preflightStatus ?? PREFLIGHT_STATUS} before authentication and routing, allowing ${p.allowMethods.join(', ') || 'the methods used'}${p.allowHeaders.length ? ` and the request headers ${p.allowHeaders.join(', ')}` : ''}.`);
  }
  if (p.allowCredentials) steps.push('Send `Access-Control-Allow-Credentials: true` on preflights and actual responses.');
  if (p.exposeHeaders.length) steps.push(`Expose ${p.exposeHeaders.join(', ')} with Access-Control-Expose-Headers.`);
  steps.push('Send `Vary: Origin`, and put the CORS headers on error responses (4xx/5xx) too.');
  return steps;
}

/**
 * Merges policies (at least one) into one server policy. `request` (for curl) comes from the
 * first policy, which callers order so that a blocked exchange comes first.
 */
export function mergePolicies(policies: readonly FixPolicy[]): FixPolicy {
  const first = policies[0];
  if (!first) throw new Error('mergePolicies needs at least one policy');
  const merged: FixPolicy = {
    ...first,
    kind: policies.some((p) => p.kind !== 'none') ? 'server-headers' : 'none',
    allowOrigins: [],
    allowMethods: [],
    allowHeaders: [],
    allowCredentials: policies.some((p) => p.allowCredentials),
    exposeHeaders: [],
    preflight: policies.some((p) => p.preflight),
    responseHeaders: { preflight: {}, actual: {} },
    diff: [],
    steps: [],
    rejected: [],
  };
  delete merged.clientChange;
  for (const p of policies) {
    unionInto(merged.allowOrigins, p.allowOrigins);
    // Methods match case-sensitively; header names do not.
    if (p.preflight) unionInto(merged.allowMethods, p.allowMethods);
    unionInto(merged.allowHeaders, p.allowHeaders, (s) => s.toLowerCase());
    unionInto(merged.exposeHeaders, p.exposeHeaders, (s) => s.toLowerCase());
    unionInto(merged.rejected, p.rejected);
  }
  if (merged.preflight) {
    merged.maxAge = POLICY_MAX_AGE;
    merged.preflightStatus = PREFLIGHT_STATUS;
  } else {
    delete merged.maxAge;
    delete merged.preflightStatus;
  }
  merged.responseHeaders = headersForOrigin(merged, merged.allowOrigins[0]);
  merged.steps = mergedSteps(merged, policies.length);
  return merged;
}
