/**
 * WebKit as a real engine: runs lab scenarios in WebKitGTK's MiniBrowser and returns, per
 * scenario, what the page saw (the lab page's RunResult) and the console lines WebKit printed.
 *
 * There is no automation protocol that keeps console output (WebKitWebDriver sessions are
 * ephemeral and print nothing), so: MiniBrowser under `xvfb-run`, with
 * `--enable-write-console-messages-to-stdout=true` and a fresh non-ephemeral profile (its own
 * HOME/XDG dirs), inside `script(1)` so its stdout is a terminal and stays line-buffered. It
 * loads the lab's runner page (/runner), which runs the scenarios one after another and logs a
 * marker before and after each; every console line between two markers belongs to that scenario.
 * No sleeps: the harness waits for markers, and every wait has a generous bound that fails loudly
 * with the tail of the output. The whole MiniBrowser process tree is killed afterwards.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../../src/lab/page/automation';
import { parseRunnerMarker } from '../../../src/lab/page/runner-markers';
import type { Scenario } from '../../../src/lab/scenario-types';
import { scenarios } from '../../../src/lab/scenarios/index';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Lab scenarios that make sense in WebKit: all but the Chrome-only and Firefox-only ones. */
export function scenariosForWebKit(list: readonly Scenario[] = scenarios): Scenario[] {
  return list.filter((s) => s.only === undefined);
}

/** Why WebKit cannot run here (a missing program), or null when it can. */
export function webkitUnavailable(): string | null {
  for (const bin of [MINIBROWSER, '/usr/bin/xvfb-run', '/usr/bin/script']) if (!existsSync(bin)) return `missing ${bin}`;
  return null;
}

export interface WebKitConsoleLine {
  /** WebKit's message source, lower case (`security`, `js`, `network`; `console` for console.*). */
  source: string;
  /** `error`, `warning`, `log`, … */
  level: string;
  text: string;
}

export interface WebKitRun {
  id: string;
  result: RunResult;
  console: WebKitConsoleLine[];
}

export interface WebKitRunOptions {
  /** The lab's runner page origin, e.g. lab.pageOrigin. */
  pageOrigin: string;
  ids: readonly string[];
  nonce: string;
  /** Bound on start-up (until the first marker). Default 90 s. */
  startTimeoutMs?: number;
  /** Bound on one scenario (begin to end marker). Default 60 s: the page aborts its own requests at 15 s. */
  scenarioTimeoutMs?: number;
}

/** `CONSOLE SECURITY ERROR text`, `http://…/runner.js:26:18: CONSOLE LOG text` (source omitted for console.*). */
const CONSOLE_LINE = /^(?:\S+:\d+:\d+: )?CONSOLE (?:([A-Z][A-Z-]*) )?(LOG|WARN|WARNING|ERROR|DEBUG|INFO) (.*)$/;

export function parseConsoleLine(line: string): WebKitConsoleLine | null {
  const m = CONSOLE_LINE.exec(line);
  if (!m) return null;
  return { source: (m[1] ?? 'console').toLowerCase(), level: (m[2] ?? '').toLowerCase(), text: m[3] ?? '' };
}

/** Assigns parsed console lines to scenarios by the runner's markers. Throws on a broken sequence. */
export class MarkerAssigner {
  readonly runs = new Map<string, WebKitRun>();
  private current: { id: string; console: WebKitConsoleLine[] } | null = null;
  done = false;
  /** Console lines outside any scenario (page load, between markers): kept for diagnostics. */
  readonly outside: WebKitConsoleLine[] = [];

  /** Feeds one output line; returns the marker kind it carried, if any. */
  feed(raw: string): 'begin' | 'end' | 'done' | null {
    const line = parseConsoleLine(raw);
    if (!line) return null;
    const marker = line.source === 'console' ? parseRunnerMarker(line.text) : null;
    if (!marker) {
      (this.current?.console ?? this.outside).push(line);
      return null;
    }
    if (marker.kind === 'fatal') throw new Error(`the WebKit runner page failed: ${marker.text}`);
    if (marker.kind === 'begin') {
      if (this.current) throw new Error(`WebKit runner: ${marker.id} began before ${this.current.id} ended`);
      this.current = { id: marker.id, console: [] };
      return 'begin';
    }
    if (marker.kind === 'end') {
      if (this.current?.id !== marker.id) throw new Error(`WebKit runner: end of ${marker.id} without its begin`);
      this.runs.set(marker.id, { id: marker.id, result: marker.result, console: this.current.console });
      this.current = null;
      return 'end';
    }
    this.done = true;
    return 'done';
  }
}

/** Pids of `root` and all its descendants, read from /proc (children before reparenting). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return out;
}

function killTree(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Running, not gone and not a zombie (this machine's PID 1 may never reap orphans). */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/**
 * Runs `ids` in MiniBrowser, in this order, and returns one WebKitRun per id. Rejects (after
 * killing the browser) when a marker does not come in time or the browser exits early.
 */
export async function runInWebKit(opts: WebKitRunOptions): Promise<Map<string, WebKitRun>> {
  const missing = webkitUnavailable();
  if (missing) throw new Error(`WebKit cannot run: ${missing} (apt-get install xvfb libwebkit2gtk-4.1-0 bsdutils)`);
  for (const id of opts.ids) if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`scenario id not usable in the runner URL: ${id}`);
  if (!/^[A-Za-z0-9-]+$/.test(opts.nonce)) throw new Error(`nonce not usable in the runner URL: ${opts.nonce}`);
  const url = `${opts.pageOrigin}/runner?ids=${opts.ids.join(',')}&nonce=${opts.nonce}`;
  const profile = mkdtempSync(join(tmpdir(), 'cors-lens-webkit-'));
  // Start the display search at a random number: several helpers run xvfb-run on this machine.
  const display = 200 + Math.floor(Math.random() * 700);
  const command = `exec xvfb-run -a -n ${display} ${MINIBROWSER} --enable-write-console-messages-to-stdout=true '${url}'`;
  const env = {
    ...process.env,
    HOME: profile,
    XDG_DATA_HOME: join(profile, 'data'),
    XDG_CACHE_HOME: join(profile, 'cache'),
    XDG_CONFIG_HOME: join(profile, 'config'),
    XDG_RUNTIME_DIR: profile,
  };
  // stdin stays an open pipe: script(1) ends its session when its input reaches EOF.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const assigner = new MarkerAssigner();
  const tail: string[] = [];
  let pending = '';
  let settle: ((e?: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => settle?.(new Error(`WebKit: no ${what} within ${ms / 1000} s`)), ms);
  };
  const onLine = (raw: string) => {
    const line = raw.replace(/\r$/, '');
    tail.push(line);
    if (tail.length > 40) tail.shift();
    const kind = assigner.feed(line);
    if (kind === 'begin') arm(opts.scenarioTimeoutMs ?? 60_000, 'end marker');
    if (kind === 'end') arm(opts.scenarioTimeoutMs ?? 60_000, 'next marker');
    if (kind === 'done') settle?.();
  };
  const finished = new Promise<void>((resolve, reject) => {
    settle = (e) => (e ? reject(e) : resolve());
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    try {
      for (const l of lines) onLine(l);
    } catch (e) {
      settle?.(e as Error);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => tail.push(...chunk.split('\n').filter(Boolean)));
  child.on('error', (e) => settle?.(e));
  child.on('exit', (code, signal) => settle?.(new Error(`MiniBrowser (script) exited early: ${code ?? signal}`)));
  arm(opts.startTimeoutMs ?? 90_000, 'first marker');
  try {
    await finished;
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- last output ---\n${tail.join('\n')}`);
  } finally {
    clearTimeout(timer);
    settle = undefined;
    await stop(child.pid);
    rmSync(profile, { recursive: true, force: true });
  }
  const missingRuns = opts.ids.filter((id) => !assigner.runs.has(id));
  if (missingRuns.length) throw new Error(`WebKit: no run recorded for ${missingRuns.join(', ')}`);
  return assigner.runs;
}

/** Kills script(1), xvfb-run, Xvfb, MiniBrowser and WebKit's helper processes, and waits for them. */
async function stop(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const tree = processTree(pid);
  killTree(tree, 'SIGTERM');
  const until = Date.now() + 10_000;
  while (tree.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  killTree(tree.filter(alive), 'SIGKILL');
}
