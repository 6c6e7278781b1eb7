/**
 * Rails' rack-cors initializer on Rack (Debian's ruby-rack, ruby-rack-cors, WEBrick): the snippet
 * is loaded unchanged as config/initializers/cors.rb against a minimal Rails middleware stack
 * (rails_shim.rb) that already holds the app's auth middleware, as Devise's Warden would be.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyApp, startServer } from '../processes';
import { APPS_DIR, type StackHarness, type StackRun } from '../types';

const env = (run: StackRun, port: number) => ({ BASE_SPEC_FILE: run.specFile, STACK_ID: 'rails', PORT: String(port) });

export const rails: StackHarness = {
  id: 'rails',
  label: 'Rails initializer on Rack (rack-cors)',
  tools: ['ruby'],
  missing: () => {
    const r = spawnSync('ruby', ['-e', 'require "rack"; require "rack/cors"; require "webrick"'], { encoding: 'utf8' });
    return r.status === 0 ? null : `ruby gems rack, rack-cors, webrick (${r.stderr.trim().split('\n')[0] ?? r.error?.message})`;
  },
  prepare: (run) => copyApp(path.join(APPS_DIR, 'ruby'), run.dir),
  startBase: (run) => startServer({ name: 'rack base', command: 'ruby', args: ['run_rack.rb', 'base'], cwd: run.dir, port: run.basePort, env: env(run, run.basePort) }),
  startFixed: (run, c) => {
    const file = `cors-${c.fix.id}.rb`;
    fs.writeFileSync(path.join(run.dir, file), c.snippet.code);
    return startServer({ name: `rack fixed (${c.fix.id})`, command: 'ruby', args: ['run_rack.rb', file], cwd: run.dir, port: c.port, env: env(run, c.port) });
  },
};
