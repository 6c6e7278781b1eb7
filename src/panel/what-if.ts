/**
 * The what-if editor's model (pure). The user edits a draft of each response (status and header
 * list) and, when it was only inferred, the request's credentials mode; the draft is applied to a
 * copy of the exchange and the copy goes through the very same `evaluate` the background uses
 * (what-if-evaluate.ts, in the lazily loaded fix-engine chunk).
 * Nothing here touches traffic: it is the safe alternative to extensions that rewrite responses.
 */
import type { AnalyzedExchange, CredentialsMode, Exchange, Header, Observation } from '../core/model';
import type { FixPolicy, HeaderChange } from '../core/policy';

export type ResponseKind = 'preflight' | 'actual';

/** One response the editor can change: a hop's preflight answer or its actual response. */
export interface EditableResponse {
  /** `${hop}:${kind}` */
  key: string;
  hop: number;
  kind: ResponseKind;
  /** Method of the request this answers (`OPTIONS` for a preflight). */
  method: string;
  url: string;
  /** False when the browser never sent the request (the draft starts as an assumed 200). */
  observed: boolean;
  status: number | undefined;
  headers: Header[];
}

export interface DraftHeader {
  /** Stable id for list keys while rows are added and removed. */
  id: number;
  name: string;
  value: string;
}

export interface DraftResponse {
  status: string;
  headers: DraftHeader[];
}

export interface WhatIfDraft {
  responses: Record<string, DraftResponse>;
  /** Set only when the user picked a mode different from the verdict's. */
  credentials?: CredentialsMode;
}

/** The status an unobserved actual response is assumed to have. */
export const ASSUMED_STATUS = 200;

let nextId = 1;
const draftHeader = (name: string, value: string): DraftHeader => ({ id: nextId++, name, value });

export const responseKey = (hop: number, kind: ResponseKind) => `${hop}:${kind}`;

/** The responses of an exchange, in wire order: per hop, the preflight then the actual response. */
export function editableResponses(e: Exchange): EditableResponse[] {
  const out: EditableResponse[] = [];
  e.hops.forEach((hop, i) => {
    const pre = hop.preflight;
    if (pre) {
      out.push({
        key: responseKey(i, 'preflight'), hop: i, kind: 'preflight', method: 'OPTIONS', url: pre.url,
        observed: true, status: pre.status || undefined, headers: pre.responseHeaders ?? [],
      });
    }
    const neverSent = e.actualNeverSent === true && i === e.hops.length - 1;
    const req = hop.request;
    out.push({
      key: responseKey(i, 'actual'), hop: i, kind: 'actual', method: req.method, url: req.url,
      observed: !neverSent && ((req.status ?? 0) > 0 || (req.responseHeaders?.length ?? 0) > 0),
      status: req.status || undefined, headers: req.responseHeaders ?? [],
    });
  });
  return out;
}

/** A draft holding exactly what was observed (unobserved responses: the assumed 200, no headers). */
export function observedDraft(e: Exchange): WhatIfDraft {
  const responses: Record<string, DraftResponse> = {};
  for (const r of editableResponses(e)) {
    responses[r.key] = {
      status: String(r.status ?? (r.observed ? '' : ASSUMED_STATUS)),
      headers: r.headers.map((h) => draftHeader(h.name, h.value)),
    };
  }
  return { responses };
}

const sameHeaders = (a: DraftHeader[], b: Header[]) =>
  a.length === b.length && a.every((h, i) => h.name === b[i]!.name && h.value === b[i]!.value);

/** Keys of the responses whose draft differs from what was observed. */
export function changedResponses(e: Exchange, draft: WhatIfDraft): Set<string> {
  const changed = new Set<string>();
  const base = observedDraft(e);
  for (const r of editableResponses(e)) {
    const d = draft.responses[r.key];
    const o = base.responses[r.key]!;
    if (!d) continue;
    if (d.status.trim() !== o.status || !sameHeaders(d.headers, r.headers)) changed.add(r.key);
  }
  return changed;
}

export function isEdited(e: Exchange, draft: WhatIfDraft): boolean {
  return draft.credentials !== undefined || changedResponses(e, draft).size > 0;
}

/** A valid HTTP status from the draft's text, or undefined. */
export function parseStatus(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{3}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 100 && n <= 599 ? n : undefined;
}

const isRedirect = (status: number | undefined) => status !== undefined && status >= 300 && status < 400;

function applyResponse(o: Observation, d: DraftResponse, dropError: boolean): Observation {
  const status = parseStatus(d.status) ?? o.status;
  const next: Observation = {
    ...o,
    status,
    responseHeaders: d.headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value })),
  };
  // The browser's error was the CORS failure itself; the edited response is judged afresh.
  if (dropError) delete next.error;
  if (!isRedirect(status)) delete next.redirectUrl;
  return next;
}

/**
 * The exchange as it would have been with the draft's responses. Only edited responses change.
 * Editing anything of a blocked exchange drops the browser's CORS error from every message (it
 * was the verdict being questioned), and an actual request that was never sent becomes a sent
 * one answered by its draft. Errors of network failures stay: headers cannot cure a refused
 * connection.
 */
export function applyDraft(a: AnalyzedExchange, draft: WhatIfDraft): Exchange {
  const e = a.exchange;
  const changed = changedResponses(e, draft);
  const dropErrors = a.verdict.outcome === 'blocked' && (changed.size > 0 || draft.credentials !== undefined);
  let actualNeverSent = e.actualNeverSent === true;
  const hops = e.hops.map((hop, i) => {
    const preKey = responseKey(i, 'preflight');
    const actKey = responseKey(i, 'actual');
    let preflight = hop.preflight;
    if (preflight && changed.has(preKey)) preflight = applyResponse(preflight, draft.responses[preKey]!, dropErrors);
    else if (preflight && dropErrors && preflight.error !== undefined) {
      preflight = { ...preflight };
      delete preflight.error;
    }
    let request = hop.request;
    const neverSent = actualNeverSent && i === e.hops.length - 1;
    if (dropErrors && neverSent) {
      // Once the CORS verdict is in question, the request the browser held back is assumed sent.
      request = applyResponse({ ...request, requestHeadersProvisional: false }, draft.responses[actKey] ?? { status: String(ASSUMED_STATUS), headers: [] }, true);
      actualNeverSent = false;
    } else if (changed.has(actKey)) request = applyResponse(request, draft.responses[actKey]!, dropErrors);
    else if (dropErrors && request.error !== undefined) {
      request = { ...request };
      delete request.error;
    }
    return preflight ? { request, preflight } : { request };
  });
  // A redirect turned into a final response ends the chain there.
  const end = hops.findIndex((h, i) => i < hops.length - 1 && !isRedirect(h.request.status) && changed.has(responseKey(i, 'actual')));
  const kept = end >= 0 ? hops.slice(0, end + 1) : hops;
  const out: Exchange = { ...e, hops: kept };
  if (actualNeverSent && end < 0) out.actualNeverSent = true;
  else delete out.actualNeverSent;
  return out;
}

/** The draft with a fix's header changes applied (what "Apply the suggested fix" does). */
export function draftWithFix(e: Exchange, draft: WhatIfDraft, policy: Pick<FixPolicy, 'diff'>): WhatIfDraft {
  const responses: Record<string, DraftResponse> = {};
  for (const [k, v] of Object.entries(draft.responses)) responses[k] = { status: v.status, headers: [...v.headers] };
  for (const c of policy.diff) applyChange(e, responses, c);
  return { ...draft, responses };
}

function applyChange(e: Exchange, responses: Record<string, DraftResponse>, c: HeaderChange): void {
  // A redirect's response is the request observation of its hop.
  const key = responseKey(c.hop, c.response === 'preflight' ? 'preflight' : 'actual');
  const r = responses[key];
  if (!r || c.hop >= e.hops.length) return;
  if (c.name === ':status') {
    if (c.to !== undefined) r.status = c.to;
    return;
  }
  const lower = c.name.toLowerCase();
  const at = r.headers.findIndex((h) => h.name.toLowerCase() === lower);
  const others = r.headers.filter((h) => h.name.toLowerCase() !== lower);
  if (c.action === 'remove') {
    r.headers = others;
    return;
  }
  const value = c.to ?? '';
  if (at < 0) r.headers = [...r.headers, draftHeader(c.name, value)];
  else {
    // Keep the header where it was (one field: duplicates go), with the new value.
    const kept = others.slice();
    kept.splice(Math.min(at, kept.length), 0, { ...r.headers[at]!, value });
    r.headers = kept;
  }
}

export function newDraftHeader(name = '', value = ''): DraftHeader {
  return draftHeader(name, value);
}
