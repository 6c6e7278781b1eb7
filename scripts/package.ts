/**
 * `npm run package` (after `npm run build`): the store uploads, in artifacts/packages/:
 *   cors-lens-chrome-<version>.zip   dist/chrome with the store manifest (no `key`)
 *   cors-lens-firefox-<version>.zip  `web-ext build` of dist/firefox, after a `web-ext lint` with 0 errors
 *   cors-lens-source-<version>.zip   the source tree + SOURCE-REVIEW.md, for AMO's source review
 * The version is package.json's; the build stamped it into both manifests, checked here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintFirefox, lintLine, printLint, type FirefoxLint } from './firefox-lint';
import { chromePackageEntries, sourceFiles, sourceReviewText, workingTreeDirty } from './packaging';
import { writeZip } from './zip';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'artifacts', 'packages');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const webExt = path.join(root, 'node_modules', '.bin', 'web-ext');

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

for (const browser of ['chrome', 'firefox']) {
  const file = path.join(root, 'dist', browser, 'manifest.json');
  if (!fs.existsSync(file)) fail(`${path.relative(root, file)} is missing: run npm run build first`);
  const built = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version;
  if (built !== version) fail(`dist/${browser} is version ${built}, package.json says ${version}: run npm run build`);
}
fs.mkdirSync(outDir, { recursive: true });

const written: string[] = [];
const save = (name: string, data: Buffer) => {
  fs.writeFileSync(path.join(outDir, name), data);
  written.push(name);
};

// Chrome
const chromeZip = `cors-lens-chrome-${version}.zip`;
save(chromeZip, writeZip(chromePackageEntries(path.join(root, 'dist', 'chrome'))));

// Firefox: lint first; errors stop the release, warnings are listed (scripts/firefox-lint.ts).
let lint: FirefoxLint;
try {
  lint = lintFirefox(root);
} catch (e) {
  fail((e as Error).message);
}
printLint(lint);
if (lint.errors.length > 0) fail(`web-ext lint found errors:\n${lint.errors.map(lintLine).join('\n')}`);

const firefoxZip = `cors-lens-firefox-${version}.zip`;
const build = spawnSync(
  webExt,
  ['build', '--source-dir', 'dist/firefox', '--artifacts-dir', outDir, '--filename', firefoxZip, '--overwrite-dest', '--no-config-discovery'],
  { cwd: root, encoding: 'utf8' },
);
if (build.status !== 0) fail(`web-ext build failed:\n${build.stdout}${build.stderr}`);
written.push(firefoxZip);

// Source
const dirty = workingTreeDirty(root);
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const npmVersion = execFileSync('npm', ['--version'], { cwd: root, encoding: 'utf8' }).trim();
const sources = sourceFiles(root).map((name) => ({ name, data: fs.readFileSync(path.join(root, name)) }));
const review = sourceReviewText({ version, node: process.version, npm: npmVersion, commit, dirty, firefoxZip });
save(`cors-lens-source-${version}.zip`, writeZip([...sources.filter((s) => s.name !== 'SOURCE-REVIEW.md'), { name: 'SOURCE-REVIEW.md', data: Buffer.from(review) }]));
if (dirty) console.warn('package: the working tree has uncommitted changes; the source archive includes them (commit before a release)');

for (const name of written) {
  const data = fs.readFileSync(path.join(outDir, name));
  const sha = createHash('sha256').update(data).digest('hex').slice(0, 16);
  console.log(`${path.relative(root, path.join(outDir, name))}  ${(data.length / 1024).toFixed(1)} KB  sha256:${sha}…`);
}
