/**
 * isUrlOfOrigin answers what `originOrNull(url) === origin` answers, with or without its
 * no-parse path (background/same-origin-gate.ts asks it on every event of an inspected tab).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUrlOfOrigin, originOrNull } from '../../../src/core/http/origin';

const hosts = ['localhost', 'a.test', 'A.test', 'a.test.evil', 'xn--bcher-kva.test', '127.0.0.1', '[::1]', 'user@a.test', 'a..test', '0x7f.1'];
const ports = ['', ':80', ':443', ':5173', ':08080', ':65536'];
const schemes = ['http://', 'https://', 'ws://', 'blob:http://', 'file://', 'HTTP://'];
const rests = ['', '/', '/src/main.tsx?t=1', '?q', '#h', '.evil/', ':8080/'];
const origin = fc.tuple(fc.constantFrom(...schemes), fc.constantFrom(...hosts), fc.constantFrom(...ports)).map((p) => p.join(''));

describe('isUrlOfOrigin', () => {
  it('equals originOrNull(url) === origin for URLs built around the origin and for unrelated ones', () => {
    fc.assert(
      fc.property(origin, origin, fc.constantFrom(...rests), fc.boolean(), (o, other, rest, sameBase) => {
        const url = (sameBase ? o : other) + rest;
        expect(isUrlOfOrigin(url, o)).toBe(originOrNull(url) === o);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers the dev-server shape without parsing, and refuses what only looks alike', () => {
    expect(isUrlOfOrigin('http://localhost:5173/src/App.tsx?t=2', 'http://localhost:5173')).toBe(true);
    expect(isUrlOfOrigin('http://localhost:5173.evil/x', 'http://localhost:5173')).toBe(false);
    expect(isUrlOfOrigin('http://localhost:51730/x', 'http://localhost:5173')).toBe(false);
    expect(isUrlOfOrigin('http://a.test/x', 'http://A.test')).toBe(false);
    expect(isUrlOfOrigin('http://a.test:80/x', 'http://a.test')).toBe(true);
    expect(isUrlOfOrigin('data:text/plain,x', 'null')).toBe(false);
    expect(isUrlOfOrigin(undefined, 'http://a.test')).toBe(false);
  });
});
