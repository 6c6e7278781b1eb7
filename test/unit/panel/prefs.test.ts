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
});
