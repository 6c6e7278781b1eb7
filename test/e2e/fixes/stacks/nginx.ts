/**
 * nginx in front of the unfixed Node app: its own process (no service), config in the work dir.
 * The snippet goes into the http { } block as generated; before the fix, a plain proxy_pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../processes';
import type { StackHarness, StackRun } from '../types';

function mainConfig(dir: string, body: string): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, `${name}-temp`)};`;
  return [
    // Workers run as root only when the master does (CI); otherwise the directive is ignored.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    'daemon off;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events { worker_connections 64; }',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `    ${temp(n)}`),
    body,
    '}',
    '',
  ].join('\n');
}

function start(run: StackRun, name: string, port: number, body: string) {
  const dir = path.join(run.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, mainConfig(dir, body));
  return startServer({ name: `nginx ${name}`, command: 'nginx', args: ['-p', dir, '-c', conf], cwd: dir, port });
}

export const nginx: StackHarness = {
  id: 'nginx',
  label: 'nginx',
  tools: ['nginx'],
  startBase: (run) => start(run, 'base', run.basePort, `server {\n    listen 127.0.0.1:${run.basePort};\n    location / {\n        proxy_pass http://${run.upstream};\n    }\n}`),
  startFixed: (run, c) => start(run, `fix-${c.fix.id}`, c.port, c.snippet.code),
};
