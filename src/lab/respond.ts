/**
 * Decides the lab server's answer for a scenario request: preflight vs actual, placeholder
 * expansion, redirect Location. Pure: returns the status, the header fields in order and the body;
 * the server writes them (through node:http or the raw-socket path) without changing them, apart
 * from adding Content-Type / Content-Length when the spec leaves them out.
 *
 * Placeholders in header values: `{origin}` = the request's Origin header (`null` when absent),
 * `{origin-upper}` = the same upper-cased, `{page}` / `{api}` / `{third}` = the lab origins.
 */
import { STATUS_CODES } from 'node:http';
import { labAsset } from './assets';
import { expandPlaceholders } from './scenarios/build';
import type { LabOrigins } from './lab-urls';
import { originFor, parseScenarioPath, scenarioPath } from './lab-urls';
import type { ResponseSpec, Scenario } from './scenario-types';

export interface LabAnswer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** Text, or the bytes of a binary asset (`ResponseSpec.asset`). */
  body: string | Buffer;
  /** Close the connection instead of answering (ResponseSpec.hangup). */
  hangup?: boolean;
}

export interface IncomingLike {
  method: string;
  url: string;
  /** Lower-cased names → first value. */
  header: (name: string) => string | undefined;
}

/** What a preflight gets when the scenario defines none: a typical "no OPTIONS route". */
export const DEFAULT_PREFLIGHT: ResponseSpec = { status: 404, headers: [], body: 'no OPTIONS route' };

export function isPreflight(req: IncomingLike): boolean {
  return req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined;
}

export function notFound(message: string): LabAnswer {
  return { status: 404, statusText: 'Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: message };
}

/**
 * Arrival counters for `preflightTurns` / `actualTurns` (per scenario, step, nonce and kind). The
 * server owns one; bounded so a long-running lab cannot grow it without limit.
 */
export class TurnCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly capacity = 10_000) {}

  /** 0 for the first request with this key, then 1, 2, … */
  next(key: string): number {
    const n = this.counts.get(key) ?? 0;
    this.counts.delete(key); // re-insert: the Map's order is then least recently used first
    this.counts.set(key, n + 1);
    if (this.counts.size > this.capacity) {
      const [oldest] = this.counts.keys();
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    return n;
  }
}

/** Answer for `/s/{id}/{step}`, or null when the path is not a scenario path. */
export function answerScenario(
  req: IncomingLike,
  lookup: (id: string) => Scenario | undefined,
  origins: LabOrigins,
  turns?: TurnCounter,
): LabAnswer | null {
  const parsed = parseScenarioPath(req.url);
  if (!parsed) return null;
  const scenario = lookup(parsed.id);
  if (!scenario) return notFound(`unknown scenario ${parsed.id}`);
  const step = scenario.server[parsed.step];
  if (!step) return notFound(`scenario ${parsed.id} has no step ${parsed.step}`);
  const preflight = isPreflight(req);
  const nonce = new URLSearchParams(parsed.query).get('n') ?? undefined;
  const cycle = preflight ? step.preflightTurns : step.actualTurns;
  if (turns && cycle && cycle.length > 0) {
    const turn = turns.next(`${preflight ? 'P' : 'A'}\n${scenario.id}\n${parsed.step}\n${nonce ?? ''}`);
    const spec = cycle[turn % cycle.length] as ResponseSpec;
    const headers = (spec.headers ?? []).map(([n, v]): [string, string] => [n, v.replaceAll('{turn}', String(turn))]);
    return render({ ...spec, headers }, req, scenario.id, nonce, origins);
  }
  const spec = preflight ? (step.preflight ?? DEFAULT_PREFLIGHT) : step.actual;
  return render(spec, req, scenario.id, nonce, origins);
}

function render(spec: ResponseSpec, req: IncomingLike, id: string, nonce: string | undefined, origins: LabOrigins): LabAnswer {
  const origin = req.header('origin') ?? 'null';
  const placeholderOrigins = { page: origins.pageOrigin, api: origins.apiOrigin, third: origins.thirdOrigin };
  const headers: Array<[string, string]> = (spec.headers ?? []).map(([n, v]) => [n, expandPlaceholders(v, origin, placeholderOrigins)]);
  if (spec.redirect) headers.push(['Location', redirectLocation(spec.redirect, id, nonce, origins)]);
  const noBody = spec.status === 204 || spec.status === 304 || (spec.status >= 100 && spec.status < 200);
  const full = fullBody(spec, id, nonce, origin, placeholderOrigins);
  const body = noBody || req.method === 'HEAD' ? '' : full;
  if (!noBody) {
    const assetType = spec.asset ? labAsset(spec.asset).contentType : 'text/plain; charset=utf-8';
    if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', assetType]);
    if (!headers.some(([n]) => n.toLowerCase() === 'content-length')) headers.push(['Content-Length', String(Buffer.byteLength(full))]);
  }
  const answer: LabAnswer = { status: spec.status, statusText: STATUS_CODES[spec.status] ?? 'Unknown', headers, body };
  if (spec.hangup) answer.hangup = true;
  return answer;
}

/**
 * The body the spec describes: an asset's bytes, or its text with `{nonce}` (this run's nonce,
 * URL-encoded) and the lab placeholders expanded: a module's body names the URL it imports.
 */
function fullBody(spec: ResponseSpec, id: string, nonce: string | undefined, origin: string, origins: { page: string; api: string; third: string }): string | Buffer {
  if (spec.asset) return labAsset(spec.asset).bytes;
  if (spec.body === undefined) return `${id} ${spec.status}`;
  return expandPlaceholders(spec.body.replaceAll('{nonce}', encodeURIComponent(nonce ?? '')), origin, origins);
}

export function redirectLocation(r: NonNullable<ResponseSpec['redirect']>, id: string, nonce: string | undefined, origins: LabOrigins): string {
  const path = scenarioPath(id, r.step, nonce);
  if (r.scheme === 'data') return 'data:text/plain,redirected%20to%20a%20data%20URL';
  const target = new URL(originFor(r.target, origins));
  const scheme = r.scheme ?? target.protocol.replace(/:$/, '');
  const userinfo = r.userinfo ? `${r.userinfo}@` : '';
  return `${scheme}://${userinfo}${target.host}${path}`;
}
