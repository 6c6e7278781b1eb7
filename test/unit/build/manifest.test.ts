import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { manifestFor, type ManifestShape } from '../../../scripts/manifest-for';
import { withoutPageSideScripts } from '../../../scripts/page-side-manifest';
import { ALL_SITES_PATTERN, LOCAL_DEV_PATTERNS, LOCAL_DEV_SOCKET_PATTERNS } from '../../../src/shared/host-patterns';

const base = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as ManifestShape;
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Chrome's extension id: first 128 bits of sha256(public key), hex digits mapped to a–p. */
function extensionId(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

describe('manifests', () => {
  it('Chrome: the base manifest with the package version, a fixed id and a strict CSP', () => {
    const m = manifestFor('chrome', base, pkg.version);
    expect(m).toMatchObject({ manifest_version: 3, name: 'CORS Lens', version: pkg.version, devtools_page: 'src/devtools/devtools.html' });
    expect(m.background).toEqual({ service_worker: 'src/background/main.ts', type: 'module' });
    expect(m.permissions).toEqual(['webRequest', 'storage', 'scripting']);
    expect(m.host_permissions).toEqual([...LOCAL_DEV_PATTERNS, ...LOCAL_DEV_SOCKET_PATTERNS]);
    expect(m.optional_host_permissions).toEqual([ALL_SITES_PATTERN]);
    const csp = (m.content_security_policy as { extension_pages: string }).extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(extensionId(m.key!)).toBe('hbhohegmmbnkoopgjnjbklilmjbpgalh');
  });

  it('Firefox: event page, gecko settings, no key', () => {
    const m = manifestFor('firefox', base, pkg.version);
    expect(m.background).toEqual({ scripts: ['src/background/main.ts'], type: 'module' });
    expect(m.key).toBeUndefined();
    expect(m.browser_specific_settings).toEqual({
      gecko: { id: 'cors-lens@cors-lens.dev', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    });
    expect(base.key).toBeDefined(); // the input is not modified
  });

  it('both builds: the content scripts on the local hosts (relay and service-worker watch isolated, hooks in the MAIN world); other granted sites get them through scripting', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const m = manifestFor(browser, base, pkg.version);
      const scripts = m.content_scripts as Array<Record<string, unknown>>;
      expect(scripts, browser).toEqual([
        { matches: LOCAL_DEV_PATTERNS, js: ['src/content/relay.ts'], run_at: 'document_start', all_frames: true },
        { matches: LOCAL_DEV_PATTERNS, js: ['src/content/page-hooks.ts'], run_at: 'document_start', all_frames: true, world: 'MAIN' },
        { matches: LOCAL_DEV_PATTERNS, js: ['src/content/sw-watch.ts'], run_at: 'document_start', all_frames: true },
      ]);
      expect(m.permissions).toEqual(['webRequest', 'storage', 'scripting']);
      expect(m.web_accessible_resources).toBeUndefined();
    }
  });

  it('the built manifest declares no content script: each is registered at run time, where and while it is wanted (issue 13)', () => {
    const m = withoutPageSideScripts(manifestFor('chrome', base, pkg.version));
    expect(m['content_scripts']).toBeUndefined();
    expect(m['host_permissions']).toEqual([...LOCAL_DEV_PATTERNS, ...LOCAL_DEV_SOCKET_PATTERNS]);
    expect((base.content_scripts as unknown[]).length).toBe(3); // the source still names them, so all get built
  });
});
