#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's prestart/pretest) so that, on a fresh machine,
// those two commands do all the set-up: the locked npm dependencies (never a browser download),
// Debian's Chromium (and for the tests Firefox ESR and the server stacks the fix verification
// runs). Uses only Node built-ins: it must work before `npm ci` has run. Quiet when nothing is
// missing, so day-to-day runs pay a few milliseconds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] === 'test' ? 'test' : 'start';
const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

function run(command, args) {
  console.log(`▶ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

// 1. npm dependencies: install from the lock file when any direct dependency is missing.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const direct = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missingModules = direct.filter((name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
if (missingModules.length > 0) {
  console.log(`npm dependencies missing (${missingModules.slice(0, 3).join(', ')}${missingModules.length > 3 ? '…' : ''})`);
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. Debian packages: the browsers and what WebKit runs under (never downloaded by a test tool),
//    and the tests' server stacks.
// For the tests also Firefox ESR and WebKit (MiniBrowser under xvfb-run, inside script(1)).
const testOnly = {
  'firefox-esr': '/usr/bin/firefox-esr',
  'libwebkit2gtk-4.1-0': '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: '/usr/bin/xvfb-run',
  xauth: '/usr/bin/xauth',
  bsdutils: '/usr/bin/script',
};
const browsers = { chromium: '/usr/bin/chromium', ...(purpose === 'test' ? testOnly : {}) };
const missingBrowsers = Object.entries(browsers).filter(([, bin]) => !fs.existsSync(bin)).map(([name]) => name);
const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
if (missingBrowsers.length > 0) {
  if (!canApt) {
    console.error(`✖ missing ${missingBrowsers.join(' and ')}: install Debian's package (apt-get install ${missingBrowsers.join(' ')}) and rerun.`);
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missingBrowsers, 'fonts-dejavu-core']);
}
if (purpose === 'test' && canApt) run('bash', ['.ci/install-stacks.sh']);
