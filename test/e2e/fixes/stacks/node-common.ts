/** Shared by the stacks that run on Node: the work dir, the base server, a fixed server per snippet. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyApp, insertAfterMarker, startServer, type RunningServer } from '../processes';
import { APPS_DIR, type FixCase, type StackHarness, type StackRun } from '../types';

const NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

export function prepareNodeDir(run: StackRun): void {
  copyApp(path.join(APPS_DIR, 'node'), run.dir);
  // An ES-module project, as the snippets' `import` lines assume (tsx reads .ts as ESM then).
  fs.writeFileSync(path.join(run.dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  // Snippets import their packages by name: resolve them from the project's node_modules.
  if (!fs.existsSync(path.join(run.dir, 'node_modules'))) fs.symlinkSync(NODE_MODULES, path.join(run.dir, 'node_modules'), 'dir');
}

export function nodeEnv(run: StackRun, id: string, port: number): Record<string, string> {
  return { BASE_SPEC_FILE: run.specFile, STACK_ID: id, PORT: String(port), UPSTREAM: run.upstream };
}

export interface NodeStackOptions {
  id: string;
  label: string;
  /** apps/node file whose `base` mode is the unfixed server. */
  appFile: string;
  /** The snippet turned into the fixed server's source (insertions at the renderer's markers). */
  apply(snippet: string): string;
  extension?: '.mjs' | '.ts';
  /** Extra node arguments before the file (e.g. `--import tsx`), and a host script that loads it. */
  nodeArgs?: string[];
  host?: string;
}

export function nodeStack(o: NodeStackOptions): StackHarness {
  return {
    id: o.id,
    label: o.label,
    tools: ['node'],
    prepare: (run) => prepareNodeDir(run),
    startBase: (run): Promise<RunningServer> =>
      startServer({ name: `${o.id} base`, command: process.execPath, args: [o.appFile, 'base'], cwd: run.dir, port: run.basePort, env: nodeEnv(run, o.id, run.basePort) }),
    startFixed: (run, c: FixCase): Promise<RunningServer> => {
      const file = `fix-${c.fix.id}${o.extension ?? '.mjs'}`;
      fs.writeFileSync(path.join(run.dir, file), o.apply(c.snippet.code));
      const args = [...(o.nodeArgs ?? []), ...(o.host ? [o.host] : []), file];
      return startServer({ name: `${o.id} fixed (${c.fix.id})`, command: process.execPath, args, cwd: run.dir, port: c.port, env: nodeEnv(run, o.id, c.port) });
    },
  };
}

/** The ES-module way to add the app: an import (hoisted) and a call, right at the renderer's marker. */
export function insertInstall(snippet: string, marker: string, appFile: string, target: string): string {
  return insertAfterMarker(snippet, marker, [`import { installApp } from './${appFile}';`, `installApp(${target});`]);
}
