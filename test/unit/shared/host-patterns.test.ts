import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  ALL_SITES_PATTERN,
  LOCAL_DEV_PATTERNS,
  LOCAL_DEV_SOCKET_PATTERNS,
  coversAllSites,
  isCovered,
  missingOrigins,
  patternForOrigin,
  patternMatchesUrl,
} from '../../../src/shared/host-patterns';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('patternMatchesUrl', () => {
  it.each([
    ['http://localhost/*', 'http://localhost:5173/api', true],
    ['http://localhost/*', 'http://localhost/', true],
    ['http://localhost/*', 'https://localhost/', false],
    ['http://localhost/*', 'http://localhost.evil.test/', false],
    ['http://[::1]/*', 'http://[::1]:8080/x', true],
    ['http://127.0.0.1/*', 'http://127.0.0.2/', false],
    ['*://*/*', 'https://api.example.com/x', true],
    ['*://*/*', 'file:///etc/passwd', false],
    ['<all_urls>', 'file:///tmp/a.html', true],
    ['<all_urls>', 'chrome-extension://abc/x.html', false],
    ['https://*.example.com/*', 'https://example.com/', true],
    ['https://*.example.com/*', 'https://a.b.example.com/', true],
    ['https://*.example.com/*', 'https://badexample.com/', false],
    ['http://api.test:8080/*', 'http://api.test:8080/', true],
    ['http://api.test:8080/*', 'http://api.test:9090/', false],
    ['http://API.Test/*', 'http://api.test/', true],
    ['not a pattern', 'http://api.test/', false],
    ['http://api.test/*', 'not a url', false],
  ])('%s vs %s → %s', (pattern, url, want) => {
    expect(patternMatchesUrl(pattern, url)).toBe(want);
  });
});

describe('patternForOrigin', () => {
  it('drops the port (Firefox accepts none; without one both browsers match every port)', () => {
    expect(patternForOrigin('http://api.example.test:8080')).toBe('http://api.example.test/*');
    expect(patternForOrigin('https://[::1]:8443')).toBe('https://[::1]/*');
    expect(patternForOrigin('chrome://settings')).toBeUndefined();
    expect(patternForOrigin('nonsense')).toBeUndefined();
  });
});

describe('coversAllSites', () => {
  it('accepts the broad patterns, not a list of sites', () => {
    expect(coversAllSites([ALL_SITES_PATTERN])).toBe(true);
    expect(coversAllSites(['<all_urls>'])).toBe(true);
    expect(coversAllSites(['http://*/*', 'https://*/*'])).toBe(true);
    expect(coversAllSites(['http://*/*'])).toBe(false);
    expect(coversAllSites(LOCAL_DEV_PATTERNS)).toBe(false);
  });
});

describe('missingOrigins', () => {
  it('nothing missing for the local lab: page on 127.0.0.1, API on localhost, any ports', () => {
    expect(missingOrigins('http://127.0.0.1:7800/', ['http://localhost:7801/api', 'http://127.0.0.1:7801/x'], LOCAL_DEV_PATTERNS)).toEqual([]);
  });

  it('the page first (its access is needed for every request), then each server once, in order', () => {
    const got = missingOrigins(
      'https://app.example.com/dashboard',
      ['https://app.example.com/same', 'https://api.example.com/a', 'https://cdn.example.net/x.js', 'https://api.example.com/b', 'http://localhost:3000/dev'],
      LOCAL_DEV_PATTERNS,
    );
    expect(got).toEqual([
      { origin: 'https://app.example.com', pattern: 'https://app.example.com/*', role: 'page' },
      { origin: 'https://api.example.com', pattern: 'https://api.example.com/*', role: 'server' },
      { origin: 'https://cdn.example.net', pattern: 'https://cdn.example.net/*', role: 'server' },
    ]);
  });

  it('only the servers when the page is granted; nothing once all sites are', () => {
    const granted = [...LOCAL_DEV_PATTERNS, 'https://app.example.com/*'];
    expect(missingOrigins('https://app.example.com/', ['https://api.example.com/a'], granted).map((m) => [m.origin, m.role])).toEqual([['https://api.example.com', 'server']]);
    expect(missingOrigins('https://app.example.com/', ['https://api.example.com/a'], [ALL_SITES_PATTERN])).toEqual([]);
  });

  it('a local page calling a remote API: only the API', () => {
    expect(missingOrigins('http://localhost:5173/', ['https://api.example.com/v1'], LOCAL_DEV_PATTERNS).map((m) => m.origin)).toEqual(['https://api.example.com']);
  });

  it('ignores what no permission can make visible (browser pages, data:, blob:, extension pages) and unknown pages', () => {
    expect(missingOrigins('chrome://settings/', ['data:text/plain,x', 'blob:https://a.test/1', 'chrome-extension://x/y'], [])).toEqual([]);
    expect(missingOrigins(undefined, ['https://api.example.com/'], []).map((m) => m.role)).toEqual(['server']);
  });

  it('two ports of one host need one grant', () => {
    expect(missingOrigins('http://app.test:1000/', ['http://app.test:2000/x'], []).map((m) => m.origin)).toEqual(['http://app.test:1000']);
  });

  it('hostile URLs neither throw nor produce markup-looking origins', () => {
    const got = missingOrigins('http://a.test/<img src=x>', ['http://<script>/', 'http://%3Cb%3E.test/', 'x'.repeat(100_000)], []);
    for (const m of got) expect(m.origin).not.toMatch(/[<>]/);
  });
});

describe('the manifest', () => {
  it('requires exactly the local development hosts, and every other site only as an optional grant', () => {
    expect(manifest['host_permissions']).toEqual([...LOCAL_DEV_PATTERNS, ...LOCAL_DEV_SOCKET_PATTERNS]);
    expect(manifest['optional_host_permissions']).toEqual([ALL_SITES_PATTERN]);
    const scripts = manifest['content_scripts'] as Array<{ matches: string[] }>;
    for (const s of scripts) expect(s.matches).toEqual(LOCAL_DEV_PATTERNS);
  });

  it('what the panel asks for is always within the optional permission', () => {
    for (const o of ['https://api.example.com:8443', 'http://[2001:db8::1]:80', 'http://app.test']) {
      const p = patternForOrigin(o)!;
      expect(isCovered(`${o}/`, [p])).toBe(true);
      expect(patternMatchesUrl(ALL_SITES_PATTERN, `${o}/`)).toBe(true);
    }
  });
});
