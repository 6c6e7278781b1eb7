#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's prestart/pretest) so that, on a fresh machine,
// those two commands find what they need: the locked npm dependencies (never a browser download),
// Debian's Chromium (and for the tests Firefox ESR and the server stacks the fix verification runs).
//
// System packages are installed only with consent: CI=true (.ci/run sets it), the environment
// variable CORS_LENS_INSTALL=1, or `--install-system-packages`. Otherwise it lists what is missing
// and why, prints the one command to run, and exits non-zero when a browser is missing (the server
// stacks are optional: the fix verification skips, visibly, the stacks it cannot run). It always
// says what it will install, and why, before doing it, and never upgrades unrelated packages
// (`apt-get install --no-upgrade`; apt's own plan is shown first).
// Uses only Node built-ins: it must work before `npm ci` has run. Quiet when nothing is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] === 'test' ? 'test' : 'start';
const consent =
  process.env.CI === 'true' || process.env.CORS_LENS_INSTALL === '1' || process.argv.includes('--install-system-packages');
const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', DEBIAN_FRONTEND: 'noninteractive' };
const APT_INSTALL = ['install', '-y', '--no-install-recommends', '--no-upgrade'];

function run(command, args) {
  console.log(`▶ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

// 1. npm dependencies: the project's own, from the lock file, when any direct one is missing.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const direct = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missingModules = direct.filter((name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
if (missingModules.length > 0) {
  console.log(`npm dependencies missing (${missingModules.slice(0, 3).join(', ')}${missingModules.length > 3 ? '…' : ''}): installing them from package-lock.json`);
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. Debian packages, grouped by why they are needed; each is looked for by a file it installs.
const WEBKIT = {
  'libwebkit2gtk-4.1-0': '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: '/usr/bin/xvfb-run',
  xauth: '/usr/bin/xauth',
  bsdutils: '/usr/bin/script',
};
const missingOf = (files) => Object.entries(files).filter(([, file]) => !fs.existsSync(file)).map(([name]) => name);
const missingStacks = () => {
  const r = spawnSync('bash', [path.join(root, '.ci/install-stacks.sh'), '--list-missing'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\s+/).filter(Boolean) : [];
};
const groups = [
  {
    why: 'the browser CORS Lens runs in (npm start and the Chromium tests); no test tool ever downloads one',
    required: true,
    packages: [!fs.existsSync('/usr/bin/chromium') && 'chromium', !fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') && 'fonts-dejavu-core'].filter(Boolean),
  },
  ...(purpose === 'test'
    ? [
        { why: 'the Firefox tests', required: true, packages: fs.existsSync('/usr/bin/firefox-esr') ? [] : ['firefox-esr'] },
        { why: 'the WebKit tests (MiniBrowser under xvfb-run, inside script(1))', required: true, packages: missingOf(WEBKIT) },
        { why: 'the server stacks and the JDK the generated fixes are checked with (fixes-verified, stub-compile); optional: checks without their stack are skipped', required: false, packages: missingStacks() },
      ]
    : []),
].filter((g) => g.packages.length > 0);

if (groups.length > 0) {
  const all = groups.flatMap((g) => g.packages);
  console.log(`CORS Lens ${purpose === 'test' ? 'tests need' : 'needs'} these Debian packages, which are not installed:`);
  for (const g of groups) console.log(`  ${g.packages.join(' ')}\n      for ${g.why}`);
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (consent && canApt) {
    install(groups);
  } else {
    // The one command: as root it installs (with consent) and reruns; otherwise apt-get with sudo.
    const command = canApt
      ? `CORS_LENS_INSTALL=1 npm ${purpose}`
      : `sudo apt-get ${APT_INSTALL.join(' ')} ${all.join(' ')}`;
    console.log(`\nTo install them, run:\n  ${command}\n`);
    if (groups.some((g) => g.required)) process.exit(1);
    console.log('Continuing without them.\n');
  }
}

function install(toInstall) {
  const all = toInstall.flatMap((g) => g.packages);
  const stacks = purpose === 'test' ? missingStacks() : [];
  const direct = all.filter((p) => !stacks.includes(p));
  run('apt-get', ['update', '-qq']);
  // apt's own plan first: what it will install, and any library it must upgrade for them.
  const plan = spawnSync('apt-get', ['-s', ...APT_INSTALL, ...all], { encoding: 'utf8', env });
  const lines = (plan.stdout ?? '').split('\n');
  const summary = lines.find((l) => /\d+ upgraded, \d+ newly installed/.test(l));
  const upgrades = lines.filter((l) => /^Inst \S+ \[/.test(l)).map((l) => l.split(' ')[1]);
  if (summary) console.log(`apt plan: ${summary.trim()}${upgrades.length ? ` (upgraded because the new packages require it: ${upgrades.join(', ')})` : ''}`);
  if (direct.length > 0) run('apt-get', [...APT_INSTALL, '-qq', ...direct]);
  // The stacks go through their script: it keeps nginx and apache2 from starting a service.
  if (stacks.length > 0) run('bash', ['.ci/install-stacks.sh']);
}
