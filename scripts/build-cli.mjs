// Builds the `cors-lens` command into dist/cli/cors-lens.mjs: one self-contained ES module for
// Node 20 (the pure core and the HAR adapter bundled in, Node built-ins left external).
// Called by scripts/build.mjs; standalone: node scripts/build-cli.mjs
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  root,
  configFile: false, // vite.config.ts builds the extension; none of its plugins apply here
  logLevel: 'warn',
  publicDir: false, // the extension's icons have no place in the CLI
  build: {
    ssr: path.join(root, 'src/cli/main.ts'),
    outDir: path.join(root, 'dist/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cors-lens.mjs' } },
  },
  ssr: { target: 'node', noExternal: true },
});
console.log('built dist/cli/cors-lens.mjs');
