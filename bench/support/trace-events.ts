/**
 * Chrome trace events (CDP `Tracing.dataCollected`) summed per thread: self time of each event
 * name, nested slices subtracted from their parents. Pure, for bench/trace-open.ts.
 */

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown>;
}

export interface ThreadTimes {
  process: string;
  thread: string;
  /** Time inside top-level slices (ms). */
  busyMs: number;
  /** Self time per event name (ms). */
  self: Map<string, number>;
}

interface Slice {
  name: string;
  start: number;
  end: number;
}

/** Complete ('X') and begin/end ('B'/'E') slices of one thread, as start/end pairs. */
function slicesOf(events: readonly TraceEvent[]): Slice[] {
  const out: Slice[] = [];
  const open: TraceEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && typeof e.dur === 'number') out.push({ name: e.name, start: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push({ name: b.name, start: b.ts, end: e.ts });
    }
  }
  // Parents first: earlier start, then the longer one.
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Self time per name: each slice's duration less its direct children's. */
function selfTimes(slices: readonly Slice[]): { busy: number; self: Map<string, number> } {
  const self = new Map<string, number>();
  const stack: Slice[] = [];
  let busy = 0;
  const add = (name: string, us: number) => self.set(name, (self.get(name) ?? 0) + us / 1000);
  for (const s of slices) {
    while (stack.length > 0 && (stack.at(-1) as Slice).end <= s.start) stack.pop();
    const parent = stack.at(-1);
    if (parent) add(parent.name, -(Math.min(s.end, parent.end) - s.start));
    else busy += s.end - s.start;
    add(s.name, s.end - s.start);
    stack.push(s);
  }
  return { busy: busy / 1000, self };
}

/** Threads by busy time, busiest first, named from the trace's metadata events. */
export function selfTimeByThread(events: readonly TraceEvent[]): ThreadTimes[] {
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph === 'M') {
      const name = typeof e.args?.name === 'string' ? e.args.name : typeof e.args?.labels === 'string' ? e.args.labels : undefined;
      if (name === undefined) continue;
      if (e.name === 'process_name') processNames.set(e.pid, `${name}${processNames.has(e.pid) ? ` ${processNames.get(e.pid)}` : ''}`);
      else if (e.name === 'process_labels') processNames.set(e.pid, `${processNames.get(e.pid) ?? ''} [${name}]`);
      else if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, name);
      continue;
    }
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const out: ThreadTimes[] = [];
  for (const [key, list] of byThread) {
    const pid = Number(key.split(':')[0]);
    const { busy, self } = selfTimes(slicesOf(list));
    out.push({ process: `${processNames.get(pid) ?? 'process'} (${pid})`, thread: threadNames.get(key) ?? key, busyMs: busy, self });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}
