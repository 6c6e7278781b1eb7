import { describe, expect, it } from 'vitest';
import { sanitizePrefs } from '../../../src/background/prefs';

describe('panel prefs kept by the background', () => {
  it('reads back only known fields of the right type', () => {
    expect(sanitizePrefs({ stack: 'express' })).toEqual({ stack: 'express' });
    expect(sanitizePrefs({ stack: 42, other: 'x' })).toEqual({});
    expect(sanitizePrefs({ stack: 'x'.repeat(65) })).toEqual({});
    expect(sanitizePrefs(null)).toEqual({});
    expect(sanitizePrefs('express')).toEqual({});
  });

  it('the page-hooks opt-in: a boolean or nothing (off)', () => {
    expect(sanitizePrefs({ pageHooks: true, stack: 'express' })).toEqual({ pageHooks: true, stack: 'express' });
    expect(sanitizePrefs({ pageHooks: false })).toEqual({ pageHooks: false });
    expect(sanitizePrefs({ pageHooks: 'yes' })).toEqual({});
  });
});
