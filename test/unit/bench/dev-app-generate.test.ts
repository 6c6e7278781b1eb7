import { describe, expect, it } from 'vitest';
import { apiCalls, appFiles, childrenOf, DEFAULT_SHAPE, type AppShape } from '../../../bench/support/dev-app/generate';

const small: AppShape = { components: 10, fanOut: 3, utilities: 2, stylesheets: 1 };

describe('dev-app bench: the generated app', () => {
  it('makes 20 API calls: 10 preflighted (non-simple), 2 of them meant to be blocked', () => {
    const calls = apiCalls();
    expect(calls).toHaveLength(20);
    const preflighted = calls.filter((c) => c.method !== 'GET' || c.headers);
    expect(preflighted).toHaveLength(10);
    expect(calls.filter((c) => c.kind.endsWith('-blocked')).map((c) => c.kind)).toEqual(['simple-blocked', 'preflighted-blocked']);
    expect(new Set(calls.map((c) => c.path)).size).toBe(20);
  });

  it('imports every component exactly once, from a tree rooted at Component0000', () => {
    const files = appFiles(small);
    const imported = new Map<string, number>();
    for (const [file, text] of files) {
      if (!file.startsWith('src/components/')) continue;
      for (const m of text.matchAll(/from '\.\/(Component\d+)\.jsx'/g)) imported.set(m[1]!, (imported.get(m[1]!) ?? 0) + 1);
    }
    const components = [...files.keys()].filter((f) => f.startsWith('src/components/'));
    expect(components).toHaveLength(10);
    expect(imported.has('Component0000')).toBe(false);
    expect(imported.size).toBe(9);
    expect([...imported.values()].every((n) => n === 1)).toBe(true);
    expect(childrenOf(0, small)).toEqual([1, 2, 3]);
    expect(childrenOf(3, small)).toEqual([]);
  });

  it('has its entry files, utilities and stylesheets, every import resolving to a generated file', () => {
    const files = appFiles(small);
    for (const f of ['index.html', 'src/main.jsx', 'src/App.jsx', 'src/api.js', 'src/utils/util01.js', 'src/styles/style0.css']) expect(files.has(f)).toBe(true);
    for (const [file, text] of files) {
      for (const m of text.matchAll(/(?:from |import )'(\.{1,2}\/[^']+)'/g)) {
        const target = new URL(m[1]!, `file:///app/${file}`).pathname.slice('/app/'.length);
        expect(files.has(target), `${file} imports ${m[1]}`).toBe(true);
      }
    }
  });

  it('by default generates hundreds of modules', () => {
    expect(appFiles(DEFAULT_SHAPE).size).toBeGreaterThan(650);
  });
});
