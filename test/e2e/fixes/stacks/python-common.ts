/** Shared by the Python stacks: Debian's python3 (it has the Debian packages), the apps dir, a runner. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyApp, startServer } from '../processes';
import { APPS_DIR, type FixCase, type StackHarness, type StackRun } from '../types';

/** Debian's interpreter: the `python3` on PATH may be another build without Debian's libraries. */
export const PYTHON = '/usr/bin/python3';

export function missingModules(modules: string[]): string | null {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  return r.status === 0 ? null : `python modules ${modules.join(', ')} for ${PYTHON} (${r.stderr.trim().split('\n').pop() ?? r.error?.message})`;
}

export interface PythonStackOptions {
  id: string;
  label: string;
  modules: string[];
  runner: string;
  /** Runner argument for the base app. */
  baseArg: string;
  /** Files to write for one fixed case; returns the runner argument (a module name). */
  writeFixed(run: StackRun, c: FixCase, index: number): string;
}

const env = (run: StackRun, id: string, port: number) => ({ BASE_SPEC_FILE: run.specFile, STACK_ID: id, PORT: String(port), PYTHONDONTWRITEBYTECODE: '1' });

export function pythonStack(o: PythonStackOptions): StackHarness {
  let index = 0;
  return {
    id: o.id,
    label: o.label,
    tools: [PYTHON],
    missing: () => missingModules(o.modules),
    prepare: (run) => copyApp(path.join(APPS_DIR, 'python'), run.dir),
    startBase: (run) => startServer({ name: `${o.id} base`, command: PYTHON, args: [o.runner, o.baseArg], cwd: run.dir, port: run.basePort, env: env(run, o.id, run.basePort) }),
    startFixed: (run, c) => {
      const arg = o.writeFixed(run, c, ++index);
      return startServer({ name: `${o.id} fixed (${c.fix.id})`, command: PYTHON, args: [o.runner, arg], cwd: run.dir, port: c.port, env: env(run, o.id, c.port) });
    },
  };
}

export function writeModule(run: StackRun, name: string, code: string): string {
  fs.writeFileSync(path.join(run.dir, `${name}.py`), code);
  return name;
}
