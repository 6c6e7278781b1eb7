import { describe, expect, it } from 'vitest';
import { inertExport, shownUrl, shownValue, visibleControls } from '../../../src/panel/display-text';
import { FULL_RENDER_LIMIT, ROW_HEIGHT, scrollTopFor, visibleRange } from '../../../src/panel/virtual-range';

describe('display text', () => {
  it('makes bidi overrides and other controls visible; keeps newlines only when asked', () => {
    expect(shownUrl('http://evil.test/\u202Egpj.exe')).toBe('http://evil.test/⟨U+202E⟩gpj.exe');
    expect(visibleControls('a\u2066b\u200Fc\u0000d')).toBe('a⟨U+2066⟩b⟨U+200F⟩c⟨U+0000⟩d');
    expect(visibleControls('line 1\nline 2')).toBe('line 1⟨U+000A⟩line 2');
    expect(visibleControls('line 1\nline 2', true)).toBe('line 1\nline 2');
    expect(visibleControls('plain ascii, ünïcödé, 日本語, עברית')).toBe('plain ascii, ünïcödé, 日本語, עברית');
  });

  it('clips 100 KB values and says how much was cut', () => {
    const shown = shownValue('x'.repeat(100_000));
    expect(shown.length).toBeLessThan(2100);
    expect(shown.endsWith('… (98,000 more characters)')).toBe(true);
  });
});

describe('exports', () => {
  it('JSON keeps every value but escapes bidi controls; Markdown shows them', () => {
    const value = { url: 'http://evil.test/\u202Egpj.exe', note: 'a\u2066b' };
    const json = inertExport('json', JSON.stringify(value));
    expect(json).not.toMatch(/[\u202E\u2066]/);
    expect(JSON.parse(json)).toEqual(value);
    expect(inertExport('md', '# x\n\u202Eevil')).toBe('# x\n⟨U+202E⟩evil');
  });
});

describe('virtual range', () => {
  it('renders every row up to the limit, a window above it', () => {
    expect(visibleRange(FULL_RENDER_LIMIT, 5000, 400)).toEqual({ start: 0, end: FULL_RENDER_LIMIT });
    const r = visibleRange(10_000, 100 * ROW_HEIGHT, 20 * ROW_HEIGHT);
    expect(r.start).toBeLessThanOrEqual(100);
    expect(r.end).toBeGreaterThanOrEqual(120);
    expect(r.end - r.start).toBeLessThan(80);
    expect(visibleRange(10_000, 1e9, 400).end).toBe(10_000);
    expect(visibleRange(10_000, -50, 400).start).toBe(0);
  });

  it('scrolls just enough to show a row below the sticky header', () => {
    expect(scrollTopFor(0, 500, 300, 21)).toBe(0);
    expect(scrollTopFor(50, 0, 300, 21)).toBe(51 * ROW_HEIGHT - 279);
    expect(scrollTopFor(5, 0, 300, 21)).toBe(0);
  });
});
