#!/usr/bin/env node
// Launcher for the `cors-lens` command; the command itself is built into dist/cli.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/cors-lens.mjs', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write('cors-lens: the command is not built yet: run npm run build first (or node scripts/build-cli.mjs)\n');
  process.exitCode = 2;
}
