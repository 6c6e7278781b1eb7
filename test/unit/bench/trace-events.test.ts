import { describe, expect, it } from 'vitest';
import { selfTimeByThread, type TraceEvent } from '../../../bench/support/trace-events';

const meta = (pid: number, tid: number, name: string, value: string): TraceEvent => ({ name, ph: 'M', pid, tid, ts: 0, args: name === 'process_labels' ? { labels: value } : { name: value } });
const slice = (pid: number, tid: number, name: string, ts: number, dur: number): TraceEvent => ({ name, ph: 'X', pid, tid, ts, dur });

describe('trace events summed per thread', () => {
  it('subtracts nested slices from their parents and names threads from the metadata', () => {
    const events = [
      meta(1, 10, 'process_name', 'Renderer'),
      meta(1, 10, 'thread_name', 'CrRendererMain'),
      meta(2, 20, 'thread_name', 'CrBrowserMain'),
      slice(1, 10, 'RunTask', 0, 10_000),
      slice(1, 10, 'FunctionCall', 1_000, 4_000),
      slice(1, 10, 'Layout', 2_000, 1_000),
      { name: 'Paint', ph: 'B', pid: 1, tid: 10, ts: 6_000 },
      { name: 'Paint', ph: 'E', pid: 1, tid: 10, ts: 8_000 },
      slice(2, 20, 'RunTask', 0, 1_000),
    ];
    const [renderer, browser] = selfTimeByThread(events);
    expect(renderer!.process).toBe('Renderer (1)');
    expect(renderer!.thread).toBe('CrRendererMain');
    expect(renderer!.busyMs).toBe(10);
    expect(Object.fromEntries(renderer!.self)).toEqual({ RunTask: 4, FunctionCall: 3, Layout: 1, Paint: 2 });
    expect(browser!.thread).toBe('CrBrowserMain');
    expect(browser!.busyMs).toBe(1);
  });
});
