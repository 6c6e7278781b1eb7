/** Syntax checkers for rendered snippets: TypeScript's parser in-process, real tools when installed. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Syntax errors TypeScript's parser reports for a JS/TS module (no type checking). */
export function jsSyntaxErrors(code: string): string[] {
  const out = ts.transpileModule(code, {
    reportDiagnostics: true,
    fileName: 'snippet.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** One python3 process parses every snippet with ast.parse; returns the error per snippet (null = ok). */
export function pythonSyntaxErrors(codes: string[]): Array<string | null> {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(src)',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(f"{e.msg} (line {e.lineno})")',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(codes), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Array<string | null>;
}

/** `sh -n`: POSIX shell syntax without running anything. */
export function shellSyntaxError(code: string): string | null {
  const r = spawnSync('sh', ['-n'], { input: code, encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr;
}

/** Runs a tool on the snippet saved as `name` in a temp dir; returns stderr on failure, null on success. */
export function toolCheck(name: string, code: string, cmd: (file: string, dir: string) => [string, string[]]): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'cors-lens-syntax-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, code);
    const [bin, args] = cmd(file, dir);
    const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return r.status === 0 ? null : `${r.stdout}\n${r.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
