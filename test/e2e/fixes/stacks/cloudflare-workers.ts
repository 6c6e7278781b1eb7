/**
 * Cloudflare Workers: the snippet is the whole Worker, run unchanged by worker-host.mjs in front
 * of the unfixed Node app (its origin). Before the fix, a Worker that only forwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../processes';
import type { StackHarness } from '../types';
import { nodeEnv, prepareNodeDir } from './node-common';

export const cloudflareWorkers: StackHarness = {
  id: 'cloudflare-workers',
  label: 'Cloudflare Workers (handler run in Node)',
  tools: ['node'],
  prepare: (run) => prepareNodeDir(run),
  startBase: (run) =>
    startServer({ name: 'worker base', command: process.execPath, args: ['worker-host.mjs', 'passthrough-worker.mjs'], cwd: run.dir, port: run.basePort, env: nodeEnv(run, 'cloudflare-workers', run.basePort) }),
  startFixed: (run, c) => {
    const file = `fix-${c.fix.id}.mjs`;
    fs.writeFileSync(path.join(run.dir, file), c.snippet.code);
    return startServer({ name: `worker fixed (${c.fix.id})`, command: process.execPath, args: ['worker-host.mjs', file], cwd: run.dir, port: c.port, env: nodeEnv(run, 'cloudflare-workers', c.port) });
  },
};
