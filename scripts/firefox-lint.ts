/**
 * `web-ext lint` of dist/firefox, with the one warning we know and accept told apart from the
 * rest. `npm run lint:firefox` prints it; `npm run package` stops on errors.
 *
 * The known one: UNSAFE_VAR_ASSIGNMENT ("Unsafe assignment to innerHTML") in the panel bundle is
 * Preact's own `dangerouslySetInnerHTML` code path, which runs only for elements given that prop.
 * CORS Lens never passes it (test/unit/build/no-inner-html.test.ts keeps src/ free of it), so
 * every captured value is rendered as text. web-ext has no per-rule switch, so we classify here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface FirefoxLint {
  errors: LintMessage[];
  /** Warnings to read: anything not explained below. */
  warnings: LintMessage[];
  /** Warnings matched to a known, accepted cause, with that cause. */
  known: Array<LintMessage & { why: string }>;
}

/** The source excerpt around a lint position, for telling Preact's innerHTML path apart. */
function excerpt(dir: string, m: LintMessage): string {
  if (!m.file || m.line === undefined) return '';
  try {
    const line = fs.readFileSync(path.join(dir, m.file), 'utf8').split('\n')[m.line - 1] ?? '';
    const at = m.column ?? 0;
    return line.slice(Math.max(0, at - 300), at + 300);
  } catch {
    return '';
  }
}

export function knownCause(dir: string, m: LintMessage): string | undefined {
  if (m.code !== 'UNSAFE_VAR_ASSIGNMENT' || !/^assets\/panel-[\w-]+\.js$/.test(m.file ?? '')) return undefined;
  const around = excerpt(dir, m);
  if (around.includes('dangerouslySetInnerHTML') && around.includes('__html') && around.includes('innerHTML=')) {
    return "Preact's dangerouslySetInnerHTML code path (CORS Lens never uses that prop)";
  }
  return undefined;
}

export function lintFirefox(root: string, sourceDir = 'dist/firefox'): FirefoxLint {
  const webExt = path.join(root, 'node_modules', '.bin', 'web-ext');
  const run = spawnSync(webExt, ['lint', '--source-dir', sourceDir, '--self-hosted=false', '--output=json', '--no-config-discovery'], {
    cwd: root,
    encoding: 'utf8',
  });
  let report: { errors: LintMessage[]; warnings: LintMessage[] };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    throw new Error(`web-ext lint printed no report:\n${run.stdout}${run.stderr}`);
  }
  const dir = path.resolve(root, sourceDir);
  const known: FirefoxLint['known'] = [];
  const warnings: LintMessage[] = [];
  for (const w of report.warnings) {
    const why = knownCause(dir, w);
    if (why) known.push({ ...w, why });
    else warnings.push(w);
  }
  return { errors: report.errors, warnings, known };
}

export const lintLine = (m: LintMessage): string => `  ${m.code} ${m.file ?? ''}${m.line !== undefined ? `:${m.line}` : ''}: ${m.message}`;

export function printLint(r: FirefoxLint): void {
  const knownNote = r.known.length ? ` (and ${r.known.length} known: ${[...new Set(r.known.map((k) => k.why))].join('; ')})` : '';
  console.log(`web-ext lint: ${r.errors.length} errors, ${r.warnings.length} warnings${knownNote}`);
  for (const m of [...r.errors, ...r.warnings]) console.log(lintLine(m));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  if (!fs.existsSync(path.join(root, 'dist/firefox/manifest.json'))) {
    console.error('lint:firefox: dist/firefox is missing: run npm run build first');
    process.exit(2);
  }
  const r = lintFirefox(root);
  printLint(r);
  process.exitCode = r.errors.length > 0 ? 1 : 0;
}
