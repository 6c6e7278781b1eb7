import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../../../src/core/report';
import { harSizeProblem } from '../../../src/sources/har-size';
import { importText } from '../../../src/panel/import-analysis';
import { ImportError, importFile } from '../../../src/panel/import-file';
import { analyzedFixture, harText } from './fixtures';

describe('importing a file into the panel', () => {
  it('analyses a HAR exactly as the cors-lens command does (same JSON report)', () => {
    for (const name of ['chrome-basic.har', 'firefox-basic.har'] as const) {
      const browser = name.startsWith('chrome') ? 'chrome' : 'firefox';
      const session = importText(name, harText(name), browser);
      expect(session.entries).toBeGreaterThan(session.exchanges.length);
      expect(toJsonReport(session.exchanges)).toBe(toJsonReport(analyzedFixture(name, browser)));
    }
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(importText('bom.har', `\uFEFF${harText('chrome-basic.har')}`, 'chrome').exchanges.length).toBe(19);
  });

  const fails = (text: string) => {
    try {
      importText('broken.har', text, 'chrome');
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      return (e as Error).message;
    }
    throw new Error('expected an ImportError');
  };

  it('says clearly what is wrong with a broken file, and never throws anything else', () => {
    expect(fails('')).toBe('broken.har is empty.');
    expect(fails('{"log": {"entries": [')).toMatch(/^broken\.har is not valid JSON \(/);
    expect(fails('[1,2]')).toBe('broken.har: not a HAR file: expected a JSON object with a "log".');
    expect(fails('{"log": {}}')).toBe('broken.har: not a HAR file: missing log.entries.');
    expect(fails('{"log": {"entries": [{"request": 5}]}}')).toBe('broken.har: entry 0: missing request.');
    expect(fails(toJsonReport(analyzedFixture('chrome-basic.har')))).toMatch(/is a CORS Lens JSON report: .* Import the HAR export instead\./);
  });
});

describe('importing a file the panel cannot hold', () => {
  /** A File whose size is all that is read: `text()` must never be called for it. */
  const hugeFile = (name: string, size: number) =>
    ({ name, size, text: () => Promise.reject(new Error('text() must not be called')) }) as unknown as File;

  it('refuses an oversized file before reading it, in the words of the CLI (it never looks "empty")', async () => {
    const error = await importFile(hugeFile('big.har', 600e6), 'chrome').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toBe(`${harSizeProblem(600e6, 'big.har')}.`);
    expect((error as Error).message).toMatch(/^big\.har is 600 MB; cors-lens reads HAR files up to 536 MB/);
  });

  it('renders control characters of a file name or a parser excerpt inert', async () => {
    const error = await importFile(hugeFile('a\u001b[31m\u202Erah.exe\nx.har', 600e6), 'chrome').catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(message).toContain('⟨U+001B⟩[31m⟨U+202E⟩rah.exe⟨U+000A⟩x.har');
    expect(() => importText('b\u0007.har', '{"log":\u0001', 'chrome')).toThrow(/^b⟨U\+0007⟩\.har is not valid JSON \([^\u0000-\u001f]*$/);
  });
});
