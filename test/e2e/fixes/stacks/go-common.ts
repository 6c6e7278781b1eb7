/**
 * Shared by the Go stacks: one module in the work dir with a main package per server (the base
 * app and one per generated snippet), all built by one offline `go build` in prepare(). rs/cors
 * comes from Debian's source package through a `replace`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { insertAfterMarker, runToCompletion, startServer } from '../processes';
import { APPS_DIR, type FixCase, type StackHarness, type StackRun } from '../types';

export const RS_CORS_SRC = '/usr/share/gocode/src/github.com/rs/cors';
const MARKER = '// Your routes (and auth middleware) go on mux.';

function goMod(withRsCors: boolean): string {
  const lines = ['module corslens.test/fixcheck', '', 'go 1.19', ''];
  if (withRsCors) lines.push('require github.com/rs/cors v1.7.0', '', `replace github.com/rs/cors => ${RS_CORS_SRC}`, '');
  return lines.join('\n');
}

const pkgOf = (c: FixCase) => `fix-${c.fix.id}`;

export function goStack(o: { id: string; label: string; rsCors: boolean }): StackHarness {
  const bin = (run: StackRun, name: string) => path.join(run.dir, 'bin', name);
  const env = (run: StackRun, port: number) => ({ BASE_SPEC_FILE: run.specFile, STACK_ID: o.id, PORT: String(port) });
  return {
    id: o.id,
    label: o.label,
    tools: ['go'],
    missing: () => (o.rsCors && !fs.existsSync(path.join(RS_CORS_SRC, 'cors.go')) ? `${RS_CORS_SRC} (golang-github-rs-cors-dev)` : null),
    prepare: (run, cases) => {
      const src = path.join(run.dir, 'src');
      const pkg = (name: string, main: string) => {
        fs.mkdirSync(path.join(src, name), { recursive: true });
        fs.copyFileSync(path.join(APPS_DIR, 'go', 'app.go'), path.join(src, name, 'app.go'));
        fs.writeFileSync(path.join(src, name, 'main.go'), main);
      };
      fs.mkdirSync(src, { recursive: true });
      fs.writeFileSync(path.join(src, 'go.mod'), goMod(o.rsCors));
      pkg('base', fs.readFileSync(path.join(APPS_DIR, 'go', 'base_main.go.txt'), 'utf8'));
      // The app's own routes and auth go on the snippet's mux, at its marker.
      for (const c of cases) pkg(pkgOf(c), insertAfterMarker(c.snippet.code, MARKER, ['installApp(mux)']));
      // One build for every server: the standard library compiles once (and stays in GOCACHE).
      runToCompletion('go', ['build', '-o', path.join(run.dir, 'bin') + path.sep, './base', ...cases.map((c) => `./${pkgOf(c)}`)], {
        cwd: src,
        env: { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOSUMDB: 'off', CGO_ENABLED: '0' },
        timeoutMs: 300_000,
      });
    },
    startBase: (run) => startServer({ name: `${o.id} base`, command: bin(run, 'base'), args: [], cwd: run.dir, port: run.basePort, env: env(run, run.basePort) }),
    startFixed: (run, c) => startServer({ name: `${o.id} fixed (${c.fix.id})`, command: bin(run, pkgOf(c)), args: [], cwd: run.dir, port: c.port, env: env(run, c.port) }),
  };
}
