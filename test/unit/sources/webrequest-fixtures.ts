/**
 * Loads the webRequest events recorded in real browsers (copied from
 * /work/shared/reference/recipes/{chromium,firefox}/out) as `[eventName, details]` pairs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WebRequestDetails, WebRequestEventName } from '../../../src/sources/webrequest';
import { isWebRequestEvent } from '../../../src/sources/webrequest';

export type RecordedEvent = [WebRequestEventName, WebRequestDetails];

const dir = fileURLToPath(new URL('../../fixtures/webrequest/', import.meta.url));

interface ChromiumFile {
  byCase: Record<string, Array<Record<string, unknown> & { ev: string }>>;
}

/** Chromium 156, listeners with 'extraHeaders'; events per lab case, in delivery order. */
export function chromiumCases(): Record<string, RecordedEvent[]> {
  const file = JSON.parse(readFileSync(dir + 'chromium-extra.json', 'utf8')) as ChromiumFile;
  const out: Record<string, RecordedEvent[]> = {};
  for (const [name, events] of Object.entries(file.byCase)) {
    out[name] = events.map(({ ev, mode: _mode, ...details }) => {
      if (!isWebRequestEvent(ev)) throw new Error(`unexpected event ${ev}`);
      return [ev, details as unknown as WebRequestDetails];
    });
  }
  return out;
}

interface FirefoxLogEntry {
  src: string;
  ev: string;
  requestId?: string;
  t: number;
  requestHeaders?: string[];
  responseHeaders?: string[];
  raw?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * Firefox 153 events in delivery order. The probe logged full details (`raw`) for preflights and
 * errors, and a trimmed copy (headers as "Name: value" strings, filtered to the CORS-relevant
 * ones; log time `t` instead of `timeStamp`) for the rest: rebuild the details shape from that.
 */
export function firefoxEvents(): RecordedEvent[] {
  const file = JSON.parse(readFileSync(dir + 'firefox-cors-events.json', 'utf8')) as { extLog: FirefoxLogEntry[] };
  const out: RecordedEvent[] = [];
  // The probe's log time `t` runs late (up to ~40 ms behind the event's own timeStamp), so one
  // request's events can look out of order when `raw` and trimmed entries mix. A browser uses one
  // clock: make each request's times non-decreasing in delivery order.
  const lastTime = new Map<string, number>();
  const push = (ev: WebRequestEventName, d: WebRequestDetails) => {
    d.timeStamp = Math.max(d.timeStamp, lastTime.get(d.requestId) ?? -Infinity);
    lastTime.set(d.requestId, d.timeStamp);
    out.push([ev, d]);
  };
  for (const e of file.extLog) {
    if (e.src !== 'bg' || !e.requestId || !isWebRequestEvent(e.ev)) continue;
    if (e.raw) {
      push(e.ev, { ...(e.raw as unknown as WebRequestDetails) });
      continue;
    }
    const { src: _s, ev, t, raw: _r, requestHeaders, responseHeaders, urlClassification: _u, ...rest } = e;
    const details = { ...rest, timeStamp: t } as unknown as WebRequestDetails;
    if (requestHeaders) details.requestHeaders = requestHeaders.map(splitHeader);
    if (responseHeaders) details.responseHeaders = responseHeaders.map(splitHeader);
    for (const k of Object.keys(details) as Array<keyof WebRequestDetails>) if (details[k] === null) delete details[k];
    push(ev as WebRequestEventName, details);
  }
  return out;
}

function splitHeader(line: string): { name: string; value: string } {
  const i = line.indexOf(':');
  return { name: line.slice(0, i), value: line.slice(i + 1).trim() };
}
