/**
 * Apache httpd in front of the unfixed Node app, as its own foreground process with an explicit
 * ServerRoot, module list and run dir (no service, no Debian site config). The snippet goes into
 * the <VirtualHost> as generated, next to the app's own ProxyPass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../processes';
import type { StackHarness, StackRun } from '../types';

const MODULES = '/usr/lib/apache2/modules';
const LOAD = ['mpm_event', 'authz_core', 'headers', 'setenvif', 'rewrite', 'proxy', 'proxy_http'];

function config(dir: string, port: number, vhostBody: string, upstream: string): string {
  return [
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}`,
    `PidFile ${path.join(dir, 'httpd.pid')}`,
    // A piped logger inherits this process's stderr: errors show up in the test's output.
    'ErrorLog "|/bin/cat"',
    'LogLevel warn',
    'ServerName localhost',
    'Mutex posixsem',
    ...LOAD.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
    // httpd refuses to serve as root: when started as root it switches to this user.
    ...(process.getuid?.() === 0 ? ['User www-data', 'Group www-data'] : []),
    'StartServers 1',
    'ServerLimit 1',
    'ThreadsPerChild 16',
    'MaxRequestWorkers 16',
    `Listen 127.0.0.1:${port}`,
    `<VirtualHost *:${port}>`,
    vhostBody,
    '',
    '    # The application behind Apache (unchanged by the fix).',
    `    ProxyPass "/" "http://${upstream}/"`,
    `    ProxyPassReverse "/" "http://${upstream}/"`,
    '</VirtualHost>',
    '',
  ].join('\n');
}

function start(run: StackRun, name: string, port: number, vhostBody: string) {
  const dir = path.join(run.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'httpd.conf');
  fs.writeFileSync(conf, config(dir, port, vhostBody, run.upstream));
  return startServer({ name: `apache ${name}`, command: 'apache2', args: ['-f', conf, '-DFOREGROUND'], cwd: dir, port, env: { APACHE_RUN_DIR: dir } });
}

export const apache: StackHarness = {
  id: 'apache',
  label: 'Apache httpd',
  tools: ['apache2'],
  startBase: (run) => start(run, 'base', run.basePort, ''),
  startFixed: (run, c) => start(run, `fix-${c.fix.id}`, c.port, c.snippet.code),
};
