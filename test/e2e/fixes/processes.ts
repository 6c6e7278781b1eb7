/**
 * Starting and stopping the stack servers: each runs in its own process group (so a wrapper's
 * children go too), its output is kept for error messages, and "ready" means its port accepts
 * connections.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { HANG_GUARD_MS } from '../support/wait';

export interface RunningServer {
  name: string;
  port: number;
  /** The last lines the process printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  port: number;
  env?: Record<string, string>;
  /** How long the server may take to accept connections. */
  timeoutMs?: number;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPortFree(port: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (await portOpen(port)) {
    if (Date.now() > until) throw new Error(`port ${port} is still in use`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

export async function startServer(o: SpawnOptions): Promise<RunningServer> {
  await waitForPortFree(o.port);
  const child = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited (${code ?? signal})`;
      resolve();
    });
    child.once('error', (e) => {
      exited = `failed to start: ${e.message}`;
      resolve();
    });
  });
  const stop = async () => {
    if (exited === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    }
    killGroup(child, 'SIGKILL'); // stray children of a wrapper
    await waitForPortFree(o.port).catch(() => undefined);
  };
  const until = Date.now() + (o.timeoutMs ?? HANG_GUARD_MS);
  for (;;) {
    if (exited !== null) throw new Error(`${o.name} ${exited} before listening on ${o.port}:\n${out}`);
    if (await portOpen(o.port)) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`${o.name} did not listen on ${o.port} in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  return { name: o.name, port: o.port, output: () => out, stop };
}

/** Runs a command to completion (builds, config checks); throws with its output on failure. */
export function runToCompletion(command: string, args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): string {
  const r = spawnSync(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** Whether an executable is on PATH (or an absolute path exists). */
export function hasExecutable(name: string): boolean {
  if (name.includes('/')) return fs.existsSync(name);
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
}

/**
 * Inserts `lines` right after the snippet line that contains `marker` (indented like that line).
 * The marker is the renderer's own "your code goes here" comment: when a renderer changes it,
 * this fails loudly instead of silently testing something else.
 */
export function insertAfterMarker(code: string, marker: string, lines: string[]): string {
  const all = code.split('\n');
  const i = all.findIndex((l) => l.includes(marker));
  if (i === -1) throw new Error(`the snippet has no line containing ${JSON.stringify(marker)}:\n${code}`);
  const indent = /^\s*/.exec(all[i]!)?.[0] ?? '';
  all.splice(i + 1, 0, ...lines.map((l) => (l ? indent + l : l)));
  return all.join('\n');
}

/** Copies the files of one apps/ folder into a work dir. */
export function copyApp(fromDir: string, toDir: string): void {
  fs.mkdirSync(toDir, { recursive: true });
  for (const f of fs.readdirSync(fromDir)) fs.copyFileSync(path.join(fromDir, f), path.join(toDir, f));
}
