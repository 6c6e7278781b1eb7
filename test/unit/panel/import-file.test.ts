import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../../../src/core/report';
import { ImportError, importText } from '../../../src/panel/import-file';
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
