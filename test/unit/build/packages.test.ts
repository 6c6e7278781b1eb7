/**
 * The store packages, made from the current build (dist/, which `npm test` builds before the unit
 * tests) exactly as `npm run package` makes them: the Chrome zip by scripts/packaging.ts, the
 * Firefox zip by `web-ext build`. Checks the manifests reviewers will read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromePackageEntries, chromeStoreManifest, JUSTIFIED_PERMISSIONS, sourceFiles, type Manifest } from '../../../scripts/packaging';
import { readZip, writeZip } from '../../../scripts/zip';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const dist = (browser: string) => path.join(root, 'dist', browser);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lens-packages-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function requireBuild(browser: string): void {
  if (!fs.existsSync(path.join(dist(browser), 'manifest.json'))) throw new Error(`dist/${browser} is missing: run npm run build before this test`);
}

function manifestOf(zip: Map<string, Buffer>): Manifest {
  const m = zip.get('manifest.json');
  if (!m) throw new Error('the package has no manifest.json at its root');
  return JSON.parse(m.toString('utf8')) as Manifest;
}

/** What both store manifests must satisfy. */
function expectStoreReady(m: Manifest): void {
  expect(m.version).toBe(version);
  expect(m.key).toBeUndefined();
  expect(m.manifest_version).toBe(3);
  const csp = (m.content_security_policy as { extension_pages?: string } | undefined)?.extension_pages ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|localhost/);
  expect([...((m.permissions as string[]) ?? [])].sort()).toEqual(Object.keys(JUSTIFIED_PERMISSIONS.permissions).sort());
  expect(m.host_permissions).toEqual(Object.keys(JUSTIFIED_PERMISSIONS.host_permissions));
  expect(m.optional_permissions).toBeUndefined();
  expect(m.optional_host_permissions).toEqual(Object.keys(JUSTIFIED_PERMISSIONS.optional_host_permissions));
  // Nothing outside the extension may message it.
  expect(m.externally_connectable).toBeUndefined();
}

describe('Chrome Web Store package', () => {
  let zip: Map<string, Buffer>;
  beforeAll(() => {
    requireBuild('chrome');
    zip = readZip(writeZip(chromePackageEntries(dist('chrome'))));
  });

  it('has the package.json version, no key, a strict CSP and exactly the justified permissions', () => {
    expectStoreReady(manifestOf(zip));
  });

  it('holds dist/chrome file for file (only the manifest differs: its key is gone)', () => {
    const built = JSON.parse(fs.readFileSync(path.join(dist('chrome'), 'manifest.json'), 'utf8')) as Manifest;
    expect(typeof built.key).toBe('string'); // the test build keeps its fixed id…
    expect(manifestOf(zip)).toEqual(chromeStoreManifest(built)); // …the upload does not
    const files = fs.readdirSync(dist('chrome'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(zip.size).toBe(files.length);
    for (const [name, data] of zip) if (name !== 'manifest.json') expect(data.equals(fs.readFileSync(path.join(dist('chrome'), name))), name).toBe(true);
  });

  it('is reproducible: the same files give the same bytes', () => {
    const entries = chromePackageEntries(dist('chrome'));
    expect(writeZip(entries).equals(writeZip([...entries].reverse()))).toBe(true);
  });
});

describe('Firefox (AMO) package', () => {
  let zip: Map<string, Buffer>;
  beforeAll(() => {
    requireBuild('firefox');
    const r = spawnSync(
      path.join(root, 'node_modules/.bin/web-ext'),
      ['build', '--source-dir', dist('firefox'), '--artifacts-dir', tmp, '--filename', 'firefox.zip', '--overwrite-dest', '--no-config-discovery'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    zip = readZip(fs.readFileSync(path.join(tmp, 'firefox.zip')));
  }, 60_000);

  it('has the package.json version, no key, a strict CSP, exactly the justified permissions and the gecko settings', () => {
    const m = manifestOf(zip);
    expectStoreReady(m);
    expect(m.browser_specific_settings).toMatchObject({ gecko: { id: 'cors-lens@cors-lens.dev', data_collection_permissions: { required: ['none'] } } });
    expect(m.background).toMatchObject({ scripts: [expect.any(String)] });
  });

  // Awaits the linter's exit (it always ends): the limit is only a hang guard. Synchronous, the
  // 60 s test limit could not stop a hang and only failed a slow run (92 s under test:stress).
  it('web-ext lint: no errors', async () => {
    const child = spawn(path.join(root, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', dist('firefox'), '--self-hosted=false', '--output=json', '--no-config-discovery'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await once(child, 'close');
    const report = JSON.parse(stdout) as { errors: Array<{ code: string; message: string }>; warnings: Array<{ code: string }> };
    expect(report.errors).toEqual([]);
    // The one known warning is Preact's dangerouslySetInnerHTML support (unused by CORS Lens).
    expect(report.warnings.map((w) => w.code).filter((c) => c !== 'UNSAFE_VAR_ASSIGNMENT')).toEqual([]);
  }, 600_000);
});

describe('the manifests in the repository', () => {
  it('manifest.json asks for exactly the justified permissions', () => {
    const base = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as Manifest;
    expect([...(base.permissions as string[])].sort()).toEqual(Object.keys(JUSTIFIED_PERMISSIONS.permissions).sort());
    expect(base.host_permissions).toEqual(Object.keys(JUSTIFIED_PERMISSIONS.host_permissions));
  });

  it('the source archive lists the build inputs and never node_modules, dist or artifacts', () => {
    const files = sourceFiles(root);
    for (const f of ['package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'scripts/build.mjs', 'src/background/main.ts']) expect(files).toContain(f);
    expect(files.filter((f) => /^(node_modules|dist|artifacts)\//.test(f))).toEqual([]);
  });
});
