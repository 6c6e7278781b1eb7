/**
 * A bounded in-memory log of every request the lab servers receive, so tests can assert what
 * really reached the server (preflight or not, which Origin, which cookies).
 */

export type LabServerName = 'page' | 'api' | 'third' | 'public' | 'secure';

export interface LabRequest {
  seq: number;
  /** ms since epoch */
  time: number;
  server: LabServerName;
  /** Local address the request arrived on (127.0.0.1 or ::1), useful for the dual-stack API. */
  localAddress: string;
  method: string;
  url: string;
  /** Headers as received: original case, order and duplicates kept; values truncated. */
  headers: Array<[string, string]>;
  /** True when the request reached the lab through the raw-socket path (e.g. lowercase `patch`). */
  raw?: boolean;
  /** What the lab answered (status and header fields as written), once it has answered. */
  response?: { status: number; headers: Array<[string, string]> };
}

const MAX_VALUE = 2048;
const MAX_HEADERS = 100;

export class RequestLog {
  private entries: LabRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 2000) {}

  add(e: Omit<LabRequest, 'seq' | 'time' | 'headers'> & { rawHeaders: readonly string[] }): LabRequest {
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < e.rawHeaders.length && headers.length < MAX_HEADERS; i += 2) {
      headers.push([String(e.rawHeaders[i]).slice(0, 256), String(e.rawHeaders[i + 1]).slice(0, MAX_VALUE)]);
    }
    const { rawHeaders: _r, ...rest } = e;
    const entry: LabRequest = { ...rest, url: rest.url.slice(0, MAX_VALUE), method: rest.method.slice(0, 64), seq: ++this.seq, time: Date.now(), headers };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  list(filter: { scenario?: string; since?: number } = {}): LabRequest[] {
    return this.entries.filter(
      (e) =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.scenario === undefined || e.url.startsWith(`/s/${encodeURIComponent(filter.scenario)}/`)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

/** Case-insensitive lookup of the first header with that name. */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}
