/**
 * Caddy in front of the unfixed Node app: `caddy run` on a Caddyfile that is the snippet as
 * generated, after a global options block of this harness (no admin endpoint, loopback only,
 * state in the work dir).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../processes';
import type { StackHarness, StackRun } from '../types';

const GLOBAL_OPTIONS = ['{', '\tadmin off', '\tdefault_bind 127.0.0.1', '}', ''].join('\n');

function start(run: StackRun, name: string, port: number, site: string) {
  const dir = path.join(run.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Caddyfile');
  fs.writeFileSync(file, `${GLOBAL_OPTIONS}\n${site}`);
  return startServer({
    name: `caddy ${name}`,
    command: 'caddy',
    args: ['run', '--config', file, '--adapter', 'caddyfile'],
    cwd: dir,
    port,
    env: { HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
  });
}

export const caddy: StackHarness = {
  id: 'caddy',
  label: 'Caddy',
  tools: ['caddy'],
  startBase: (run) => start(run, 'base', run.basePort, `http://localhost:${run.basePort} {\n\treverse_proxy ${run.upstream}\n}\n`),
  startFixed: (run, c) => start(run, `fix-${c.fix.id}`, c.port, c.snippet.code),
};
