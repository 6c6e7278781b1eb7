// npm run build: dist/chrome and dist/firefox from one source tree, then the CLI (if present).
import { build } from 'vite';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

for (const browser of ['chrome', 'firefox']) {
  // vite.config.ts reads the target from the environment (a config file is evaluated per build).
  process.env.CORS_LENS_BROWSER = browser;
  console.log(`\n▶ building dist/${browser}`);
  await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
}

const cli = `${root}/scripts/build-cli.mjs`;
if (existsSync(cli)) {
  console.log('\n▶ building the CLI (scripts/build-cli.mjs)');
  const r = spawnSync(process.execPath, [cli], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log('\n✓ build done');
